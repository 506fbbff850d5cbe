import Foundation
import Testing

/// `check --json` sums the files in memory, without a database, and must say exactly what importing
/// the same files and verifying says: duplicates counted once, later decisions replacing pending ones,
/// bad rows left out, records after the as-of day not counted.
@Suite("Checking files without a ledger, end to end")
struct CheckWithoutLedgerEndToEndTests {
    @Test("check --json of files equals import + verify --json of the same files", arguments: ["2026-01-10", "2024-03-05"])
    func sameAsImportAndVerify(asOf: String) throws {
        let x = try Xueshi(); defer { x.remove() }
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
        let files = [pending, decided, pending]
        let checked = try x.run(["check"] + files + ["--json", "--as-of", asOf])
        for file in files { _ = try x.run(["import", file, "--skip-invalid"]) }
        let verified = try x.run(["verify", "--json", "--as-of", asOf])
        #expect(checked.status == verified.status)
        #expect(checked.stdout == verified.stdout)
        #expect(checked.stdout.contains("杭州智算科技有限公司"), "the unit of the most recent record")
        #expect(checked.stderr.contains("第 6 行"), "\(checked.stderr)")
    }
}
