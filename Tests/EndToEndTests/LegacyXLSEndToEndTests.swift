import Foundation
import Testing

/// An Excel 97–2003 .xls is imported like an .xlsx of the same data: every sheet whose header matches,
/// or the one `--sheet` names; a damaged one is refused with what to do, and nothing is written.
@Suite("Legacy .xls workbooks, end to end")
struct LegacyXLSEndToEndTests {
    @Test("both sheets with the export's header are imported, the first one's bad rows set aside")
    func firstSheet() throws {
        let x = try Xueshi(); defer { x.remove() }
        let file = try x.copyFixture("provincial-quirks-xlwt.xls")
        let refused = try x.run(["import", file])
        #expect(refused.status == 3, "one bad row and nothing is written, as for any export")
        #expect((refused.stdout + refused.stderr).contains("存成了数字"), "the ID stored as a number is named")

        let result = try x.run(["import", file, "--skip-invalid", "--rejects", x.path("rejects")])
        #expect(result.status == 0, "\(result.stderr)")
        let said = result.stdout + result.stderr
        #expect(said.contains("读取了工作表“pq”、“第二批”"), "\(said)")
        let second = try x.run(["records", "--person", IDs.chen, "--json"])
        #expect(second.stdout.contains("第二批学术年会"), "\(second.stdout)")
        let records = try x.run(["records", "--person", "330681199105057352", "--json"])
        #expect(records.stdout.contains("深度学习"), "\(records.stdout)")
    }

    @Test("--sheet picks the second sheet")
    func secondSheet() throws {
        let x = try Xueshi(); defer { x.remove() }
        let file = try x.copyFixture("provincial-quirks-xlwt.xls")
        let result = try x.run(["import", file, "--sheet", "第二批", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.json["inserted"] as? Int == 3, "\(result.stdout)")
        let records = try x.run(["records", "--person", IDs.chen, "--json"])
        #expect(records.stdout.contains("第二批学术年会") && records.stdout.contains("10.5"), "\(records.stdout)")
        #expect((records.json["records"] as? [Any])?.count == 1, "the first sheet's record of 陈静 was not read")
    }

    @Test("a damaged .xls is refused, saying it is damaged and what to do, and nothing is written")
    func damaged() throws {
        let x = try Xueshi(); defer { x.remove() }
        let whole = try Data(contentsOf: URL(fileURLWithPath: try x.copyFixture("provincial-quirks-xlwt.xls")))
        let cut = x.path("中断.xls")
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: cut))
        let result = try x.run(["import", cut])
        #expect(result.status != 0)
        let said = result.stdout + result.stderr
        #expect(said.contains("中断.xls") && said.contains("文件已损坏") && said.contains("另存为 .xlsx"), "\(said)")
        #expect(!FileManager.default.fileExists(atPath: x.ledger))
    }
}
