import Foundation
import Testing

/// `report person` and `verify --person` find a person by the whole ID or by name; a masked ID is
/// refused with how to get the whole one; a name two people share lists them, masked.
@Suite("Finding a person, end to end")
struct PersonLookupEndToEndTests {
    @Test("by name, by whole ID; a masked ID says how to see the whole one")
    func byNameOrID() throws {
        let x = try Xueshi(); defer { x.remove() }
        try x.run(["import", try x.write("export.csv", Hours2023to2025.mixed)])
        let byName = try x.run(["report", "person", "王芳", "--as-of", "2026-01-01"])
        #expect(byName.status == 0, "\(byName.stderr)")
        #expect(byName.stdout.contains("王芳（330102********3620），杭州智算科技有限公司"))
        let byID = try x.run(["report", "person", IDs.wang, "--as-of", "2026-01-01"])
        #expect(byID.stdout == byName.stdout)
        #expect(try x.run(["verify", "--person", "王芳", "--as-of", "2026-01-01"]).status == 1)
        let records = try x.run(["records", "--person", "王芳"])
        #expect(records.status == 0)
        #expect(records.stdout.split(separator: "\n").filter { $0.contains("export.csv:") }.count == 6)
        #expect(!records.stdout.contains("张伟"))

        let masked = try x.run(["report", "person", "330102********3620"])
        #expect(masked.status == 2)
        #expect(masked.stderr.contains("隐去了中间几位"))
        #expect(masked.stderr.contains("xueshi people --reveal-ids"))

        let nobody = try x.run(["report", "person", "赵六"])
        #expect(nobody.status == 2)
        #expect(nobody.stderr.contains("学时库里没有「赵六」这个人"))
    }

    @Test("a name two people share is refused, listing both with masked IDs")
    func ambiguousName() throws {
        let x = try Xueshi(); defer { x.remove() }
        let export = Exports.header
            + Exports.row(1, "张伟", IDs.zhang, title: "研修")
            + Exports.row(2, "张伟", IDs.li, unit: "杭州智算科技有限公司", title: "研修")
        try x.run(["import", try x.write("export.csv", export)])
        let result = try x.run(["report", "person", "张伟"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("330106********4514"))
        #expect(result.stderr.contains("330106********123X"))
        #expect(!result.stderr.contains(IDs.zhang))
        #expect(result.stderr.contains("杭州智算科技有限公司"))
    }
}
