import Foundation
import Testing

/// A title with a line break inside it — as Excel writes one (`_x000D_` and a line feed), as LibreOffice
/// re-saves it (a line feed), in a CSV cell — is the same training as the title on one line: one
/// record, its hours counted once (DOMAIN.md's trimming rule, extended to white space inside a text).
@Suite("White space inside texts, end to end")
struct TextFoldingEndToEndTests {
    @Test("an .xlsx with one training written three ways imports one record, the title on one line")
    func workbook() throws {
        let x = try Xueshi(); defer { x.remove() }
        let result = try x.run(["import", try x.copyFixture("title-line-breaks.xlsx"), "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.json["inserted"] as? Int == 1)
        #expect((result.json["files"] as? [[String: Any]])?.first?["duplicates"] as? Int == 2)
        let records = try x.run(["records", "--person", IDs.zhang, "--json"])
        #expect(records.stdout.contains("人工智能 应用研修"), "\(records.stdout)")
        #expect(records.stdout.contains("浙江大学 继续教育学院"))
        #expect(!records.stdout.contains("\\n") && !records.stdout.contains("\\r"))
        let verdict = try x.run(["verify", "--person", IDs.zhang, "--json"])
        #expect(verdict.stdout.contains("\"counted\":16") || verdict.stdout.contains("\"counted\": 16"), "\(verdict.stdout)")
    }

    @Test("a CSV cell with a line break, CR LF or runs of spaces: one record with the row on one line")
    func csv() throws {
        let x = try Xueshi(); defer { x.remove() }
        let rows = Exports.header
            + "1,张伟,\(IDs.zhang),之江实验室,2024,专业科目,面授培训,\"人工智能\r\n应用研修\",浙江大学,2024-03-05,2024-03-06,16,已审核\r\n"
            + "2,张伟,\(IDs.zhang),之江实验室,2024,专业科目,面授培训,\"人工智能\n应用研修\",浙江大学,2024-03-05,2024-03-06,16,已审核\n"
            + "3,张伟,\(IDs.zhang),之江实验室,2024,专业科目,面授培训,人工智能\u{3000} 应用研修,浙江大学,2024-03-05,2024-03-06,16,已审核\n"
            + "4,张伟,\(IDs.zhang),之江实验室,2024,专业科目,面授培训,人工智能 应用研修,浙江大学,2024-03-05,2024-03-06,16,已审核\n"
        let result = try x.run(["import", try x.write("export.csv", rows), "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.json["inserted"] as? Int == 1)
        #expect((result.json["files"] as? [[String: Any]])?.first?["duplicates"] as? Int == 3)
    }
}
