import Foundation
import Testing

/// Formula cells as XlsxWriter and openpyxl write them: a saved result is the value (a binary float
/// such as 3.3000000000000003 for =1.1+2.2 is 3.3); no result, or XlsxWriter's placeholder 0, is a row
/// error that says to open and save the file, not "学时为空".
@Suite("Formula cells, end to end")
struct FormulaCellsEndToEndTests {
    @Test("a saved result is used, 3.3000000000000003 is 3.3; a formula without one names its row and column")
    func xlsxWriter() throws {
        let x = try Xueshi(); defer { x.remove() }
        let file = try x.copyFixture("formulas-xlsxwriter.xlsx")
        let refused = try x.run(["import", file])
        #expect(refused.status == 3)
        let said = refused.stdout + refused.stderr
        #expect(said.contains("第 4 行") && said.contains("学时") && said.contains("没有保存它的计算结果"), "\(said)")
        #expect(!said.contains("学时为空") && !said.contains("大于 0"))

        let imported = try x.run(["import", file, "--skip-invalid", "--json"])
        #expect(imported.json["inserted"] as? Int == 2, "\(imported.stdout) \(imported.stderr)")
        let records = try x.run(["records", "--person", IDs.zhang, "--json"])
        #expect(records.stdout.contains("3.3") && !records.stdout.contains("3.3000000000000003"), "\(records.stdout)")
        #expect(records.stdout.contains("16"))
    }

    @Test("openpyxl's formula with no result saved is refused with what to do")
    func openpyxl() throws {
        let x = try Xueshi(); defer { x.remove() }
        let refused = try x.run(["import", try x.copyFixture("formulas-openpyxl.xlsx")])
        #expect(refused.status == 3)
        #expect((refused.stdout + refused.stderr).contains("请用 Excel 或 WPS 打开这个文件、保存后再导入"))
    }
}
