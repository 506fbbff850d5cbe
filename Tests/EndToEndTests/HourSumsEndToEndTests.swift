import Foundation
import Testing

/// The hour sums the imports keep (per person, year, category, form and status) always agree with the
/// records: through new records, duplicates and review decisions that move hours between statuses; a
/// ledger from before them gets them; `doctor` recomputes them, and `--repair` rebuilds them.
@Suite("Hour sums, end to end")
struct HourSumsEndToEndTests {
    static func sqlite(_ path: String, _ sql: String) throws { try LedgerSafetyEndToEndTests.sqlite(path, sql) }

    static func sums(_ x: Xueshi) throws -> (groups: Int, mismatches: Int)? {
        let json = try x.run(["doctor", "--json"]).json
        guard let sums = json["hourSums"] as? [String: Any], let groups = sums["groups"] as? Int,
              let mismatches = sums["mismatches"] as? Int else { return nil }
        return (groups, mismatches)
    }

    /// Pending records, then the same records decided (one rejected) with new ones, then the first
    /// file again (pending never undoes a decision); the bad row is skipped.
    static func importDecisions(_ x: Xueshi) throws {
        for file in try DecisionExports.files(x) { #expect(try x.run(["import", file, "--skip-invalid"]).status == 0) }
    }

    @Test("after new records, duplicates and decisions the sums agree with the records, and verify reads the same from either")
    func agreeWithRecords() throws {
        let x = try Xueshi(); defer { x.remove() }
        try Self.importDecisions(x)
        let sums = try #require(try Self.sums(x))
        #expect(sums.mismatches == 0)
        #expect(sums.groups == 4, "approved and rejected for 张伟 2024, approved for 王芳 2023 and 2025")
        let fromSums = try x.run(["verify", "--json", "--as-of", "2026-01-10"])
        // A group dated after any check date makes verify group the records themselves.
        try Self.sqlite(x.ledger, "UPDATE hour_sums SET latest = 99991231")
        let fromRecords = try x.run(["verify", "--json", "--as-of", "2026-01-10"])
        #expect(fromSums.stdout == fromRecords.stdout)
        #expect(fromSums.stdout.contains("\"people\""), "\(fromSums.stdout)")
    }

    @Test("doctor finds sums that disagree with the records; --repair rebuilds them")
    func doctorRepairs() throws {
        let x = try Xueshi(); defer { x.remove() }
        try Self.importDecisions(x)
        try Self.sqlite(x.ledger, "UPDATE hour_sums SET hours = hours + 1 WHERE status = 'rejected'")
        try Self.sqlite(x.ledger, "UPDATE hour_sums SET hours = hours + 50 WHERE status = 'approved' AND year = 2025")
        let found = try x.run(["doctor"])
        #expect(found.status == 1)
        #expect(found.stdout.contains("学时汇总") && found.stdout.contains("xueshi doctor --repair"), "\(found.stdout)")
        let repaired = try x.run(["doctor", "--repair"])
        #expect(repaired.status == 0, "\(repaired.stdout) \(repaired.stderr)")
        #expect(try Self.sums(x)?.mismatches == 0)
    }

    @Test("a ledger from before the sums gets them when it is next opened, agreeing with its records")
    func migration() throws {
        let x = try Xueshi(); defer { x.remove() }
        try Self.importDecisions(x)
        try Self.sqlite(x.ledger, "DROP TABLE hour_sums; DELETE FROM grdb_migrations WHERE identifier LIKE 'v9:%';")
        #expect(try Self.sums(x) == nil, "doctor reads only: the old ledger has no sums")
        #expect(try x.run(["verify", "--as-of", "2026-01-10"]).status <= 1)
        let sums = try #require(try Self.sums(x))
        #expect(sums.groups == 4 && sums.mismatches == 0)
    }
}

/// Exports whose records are first pending, then decided (one rejected), with a new record and one of
/// another unit, and a bad row (a wrong check digit); the pending file again last.
enum DecisionExports {
    static func files(_ x: Xueshi) throws -> [String] {
        let pending = try x.write("pending.csv", Exports.header
            + Exports.row(1, "张伟", IDs.zhang, title: "大模型研修班", status: "待审核")
            + Exports.row(2, "张伟", IDs.zhang, category: "一般公需科目", title: "公需课", hours: "20", status: "待审核", form: "网络课程")
            + Exports.row(3, "王芳", IDs.wang, year: 2023, title: "深度学习", hours: "12.5", status: "待审核"))
        let decided = try x.write("decided.csv", Exports.header
            + Exports.row(1, "张伟", IDs.zhang, title: "大模型研修班", status: "已审核")
            + Exports.row(2, "张伟", IDs.zhang, category: "一般公需科目", title: "公需课", hours: "20", status: "未通过", form: "网络课程")
            + Exports.row(3, "王芳", IDs.wang, year: 2023, title: "深度学习", hours: "12.5", status: "已审核")
            + Exports.row(4, "王芳", IDs.wang, unit: "杭州智算科技有限公司", year: 2025, title: "智能体开发", hours: "32")
            + Exports.row(5, "李四", "33010619900101123Y", title: "坏号码"))
        return [pending, decided, pending]
    }
}
