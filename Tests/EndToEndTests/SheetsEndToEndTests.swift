import Foundation
import Testing

/// Which sheet of a workbook is read: the first one Excel shows, not a hidden one before it; the
/// sheets not read are named, with why; `--sheet` picks any, hidden or not.
@Suite("Workbook sheets, end to end")
struct SheetsEndToEndTests {
    @Test("a hidden first sheet with stale data is not imported; the import says which sheets it did not read")
    func hiddenFirstSheet() throws {
        let x = try Xueshi(); defer { x.remove() }
        let file = try x.copyFixture("hidden-first-sheet.xlsx")
        let result = try x.run(["import", file])
        #expect(result.status == 0, "\(result.stderr)")
        let said = result.stdout + result.stderr
        #expect(said.contains("读取了工作表“学时”"), "\(said)")
        #expect(said.contains("“旧数据”（隐藏的工作表）") && said.contains("“说明”（要读它请加 --sheet 说明）"))
        let records = try x.run(["records", "--json"])
        #expect(records.stdout.contains("大模型研修班") && !records.stdout.contains("旧的研修"))

        // Asked for by name, the hidden sheet is read.
        let hidden = try x.run(["import", file, "--sheet", "旧数据", "--json"])
        #expect(hidden.json["inserted"] as? Int == 1, "\(hidden.stdout) \(hidden.stderr)")
    }
}
