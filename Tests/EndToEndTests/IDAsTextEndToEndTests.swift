import Foundation
import Testing

/// IDs kept from becoming numbers the usual ways — `="330106…"` (a formula of a string, which a CSV
/// saved by Excel keeps) and `'330106…` — are read as the ID they show.
@Suite("IDs written to stay text, end to end")
struct IDAsTextEndToEndTests {
    @Test("=\"…\" and '… are read as the ID; a wrong check digit inside is still refused")
    func wrappedIDs() throws {
        let x = try Xueshi(); defer { x.remove() }
        let rows = Exports.header
            + Exports.row(1, "张伟", "\"=\"\"\(IDs.zhang)\"\"\"", title: "大模型研修班")
            + Exports.row(2, "王芳", "'\(IDs.wang)", unit: "杭州智算科技有限公司", title: "深度学习进阶")
        let result = try x.run(["import", try x.write("export.csv", rows), "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.json["inserted"] as? Int == 2)
        let people = try x.run(["people", "--reveal-ids"])
        #expect(people.stdout.contains(IDs.zhang) && people.stdout.contains(IDs.wang))

        let wrong = Exports.header + Exports.row(1, "张伟", "\"=\"\"330106198803124515\"\"\"", title: "大模型研修班")
        let refused = try x.run(["import", try x.write("wrong.csv", wrong)])
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("校验位"), "\(refused.stderr)")
    }
}

