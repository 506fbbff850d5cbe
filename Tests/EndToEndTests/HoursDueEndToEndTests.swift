import Foundation
import Testing

/// DOMAIN.md: the policy's `hours_due` is the last day hours can be registered. Before it, a person
/// short only in the current year is in progress; after it, short, since nothing more can count.
@Suite("The registration deadline, end to end")
struct HoursDueEndToEndTests {
    /// Full 2023 and 2024; in 2025 only 40 professional hours.
    static let export = Exports.header
        + Exports.row(1, "张伟", IDs.zhang, year: 2023, title: "研修2023", hours: "60")
        + Exports.row(2, "张伟", IDs.zhang, year: 2023, category: "一般公需科目", title: "公需2023", hours: "30")
        + Exports.row(3, "张伟", IDs.zhang, year: 2024, title: "研修2024", hours: "60")
        + Exports.row(4, "张伟", IDs.zhang, year: 2024, category: "一般公需科目", title: "公需2024", hours: "30")
        + Exports.row(5, "张伟", IDs.zhang, year: 2025, title: "研修2025", hours: "40")

    @Test("before hours_due (2025-08-31): in progress, with what is still needed and by when")
    func before() throws {
        let x = try Xueshi(); defer { x.remove() }
        let result = try x.run(["check", try x.write("e.csv", Self.export), "--as-of", "2025-06-01", "--json"])
        #expect(result.status == 1)
        let person = try #require(try Self.people(result.stdout).first)
        #expect(person["status"] as? String == "in_progress")
        #expect(person["stillNeeded"] as? Double == 50)
        #expect(person["deadline"] as? String == "2025-08-31")
        let text = try x.run(["check", x.path("e.csv"), "--as-of", "2025-06-01"])
        #expect(text.stdout.contains("（该年度尚未结束）"))
    }

    @Test("after hours_due: short, nothing left to wait for")
    func after() throws {
        let x = try Xueshi(); defer { x.remove() }
        let result = try x.run(["check", try x.write("e.csv", Self.export), "--as-of", "2025-09-18", "--json"])
        #expect(result.status == 1)
        let person = try #require(try Self.people(result.stdout).first)
        #expect(person["status"] as? String == "short")
        let text = try x.run(["check", x.path("e.csv"), "--as-of", "2025-09-18"])
        #expect(text.stdout.contains("✗ 未达标"))
        #expect(!text.stdout.contains("进行中"))
        // The year is not over, but its hours can no longer be registered: the reason says which.
        #expect(text.stdout.contains("差 50 学时（学时登记已截止）"))
        #expect(!text.stdout.contains("该年度尚未结束"))
    }

    static func people(_ json: String) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        return object?["people"] as? [[String: Any]] ?? []
    }
}
