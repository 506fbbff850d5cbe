import Foundation
import Testing

/// The applicant's printable statement: every record with where it came from, the whole ID only
/// when asked (and then an owner-only file), and nothing of the command line in it.
@Suite("The applicant's statement, end to end")
struct StatementEndToEndTests {
    @Test("check --format html --output: every record with its file and row")
    func checkHTML() throws {
        let x = try Xueshi(); defer { x.remove() }
        let export = try x.write("我的学时.csv", Exports.header + Hours2023to2025.fullYears("张伟", IDs.zhang))
        let statement = x.path("证明/张伟.html")
        let result = try x.run(["check", export, "--format", "html", "--output", statement, "--as-of", "2026-01-01"])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOfFile: statement, encoding: .utf8)
        #expect(html.contains("学时记录（6 条）"))
        for row in 2...7 { #expect(html.contains("我的学时.csv<br>第 \(row) 行"), "row \(row) missing") }
        #expect(html.contains("计入 2024 年"))
        #expect(html.contains("330106********4514"))
        #expect(!html.contains(IDs.zhang))
        #expect(!html.contains("--"), "a command-line option in the statement")
        #expect(!FileManager.default.fileExists(atPath: x.ledger), "check writes no ledger")
    }

    @Test("--reveal-ids: the whole ID, in a file only its owner can read")
    func revealed() throws {
        let x = try Xueshi(); defer { x.remove() }
        try x.run(["import", try x.write("export.csv", Hours2023to2025.mixed)])
        let statement = x.path("王芳.html")
        let result = try x.run(["report", "person", "王芳", "--reveal-ids", "--output", statement])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOfFile: statement, encoding: .utf8)
        #expect(html.contains(IDs.wang))
        #expect(html.contains("请妥善保管"))
        #expect(!html.contains("--"))
        let mode = try FileManager.default.attributesOfItem(atPath: statement)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test("the terminal statement names each record's file and row")
    func terminal() throws {
        let x = try Xueshi(); defer { x.remove() }
        try x.run(["import", try x.write("export.csv", Hours2023to2025.mixed)])
        let result = try x.run(["report", "person", "王芳", "--as-of", "2026-01-01"])
        let recordLines = result.stdout.split(separator: "\n").filter { $0.contains("export.csv:") }
        #expect(recordLines.count == 6)
        #expect(recordLines.contains { $0.contains("研修2024") && $0.contains("52") && $0.contains("export.csv:10") })
    }
}
