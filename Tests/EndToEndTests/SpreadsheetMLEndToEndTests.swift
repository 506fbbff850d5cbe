import Foundation
import Testing

/// Excel 2003 XML ("XML 表格"), which registration systems' templates write and name ".xls": imported like
/// the .xlsx of the same data, the first sheet Excel shows read, the hidden ones named as not read.
@Suite("Excel 2003 XML exports, end to end")
struct SpreadsheetMLEndToEndTests {
    @Test("a template's Excel 2003 XML export imports; its hidden sheet of stale data is not read, and the import says so")
    func templateExport() throws {
        let x = try Xueshi(); defer { x.remove() }
        let file = try x.copyFixture("provincial-quirks-freemarker.xls")
        let result = try x.run(["import", file, "--skip-invalid"])
        #expect(result.status == 0, "\(result.stderr)")
        let said = result.stdout + result.stderr
        #expect(said.contains("读取了工作表“学时数据”；未读取：“旧数据”（隐藏的工作表）"), "\(said)")
        let records = try x.run(["records", "--json"])
        #expect(records.stdout.contains("人工智能大模型应用专题研修班"), "\(records.stdout)")
        #expect(!records.stdout.contains("旧的研修班"))

        // Asked for by name, the hidden sheet is read.
        let hidden = try x.run(["import", file, "--sheet", "旧数据", "--json"])
        #expect(hidden.status == 0, "\(hidden.stderr)")
        #expect(hidden.json["inserted"] as? Int == 1, "\(hidden.stdout)")
    }

    @Test("a cut-off download is refused as incomplete and writes nothing")
    func truncatedExport() throws {
        let x = try Xueshi(); defer { x.remove() }
        let whole = try Data(contentsOf: URL(fileURLWithPath: try x.copyFixture("provincial-quirks-freemarker.xls")))
        let cut = x.path("cut.xls")
        try whole.prefix(whole.count * 2 / 3).write(to: URL(fileURLWithPath: cut))
        let result = try x.run(["import", cut])
        #expect(result.status != 0)
        let said = result.stdout + result.stderr
        #expect(said.contains("cut.xls：Excel 2003 XML 表格文件不完整"), "\(said)")
        #expect(!FileManager.default.fileExists(atPath: x.ledger))
    }
}
