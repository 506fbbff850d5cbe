import Foundation
import Testing

/// A ledger is opened safely: another program's database, a file that is no database, and a ledger
/// made by a newer xueshi are refused, untouched, with what to do.
@Suite("Opening a ledger safely, end to end")
struct LedgerSafetyEndToEndTests {
    /// Runs the sqlite3 shell on a file.
    static func sqlite(_ path: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [path, sql]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    static func files(beside path: String) -> [String] {
        ["", "-wal", "-shm", "-journal"].map { path + $0 }.filter { FileManager.default.fileExists(atPath: $0) }
    }

    @Test("another program's database is refused by every command, and left as it was", arguments: [
        ["people"], ["verify"], ["import", "EXPORT"], ["reconcile"],
    ])
    func foreign(command: [String]) throws {
        let x = try Xueshi(); defer { x.remove() }
        let other = x.path("notes.db")
        try Self.sqlite(other, "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('x');")
        let before = try Data(contentsOf: URL(fileURLWithPath: other))
        let export = try x.write("导出.csv", Exports.good)
        let result = try x.run(command.map { $0 == "EXPORT" ? export : $0 } + ["--ledger", other])
        #expect(result.status == 2, "\(command): \(result.stdout) \(result.stderr)")
        #expect(result.stderr.contains("不是 xueshi 的学时库") && result.stderr.contains("notes") && result.stderr.contains("没有改动"), "\(result.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: other)) == before)
        #expect(Self.files(beside: other) == [other], "no -wal, no journal left")
    }

    @Test("a file that is not a database is refused, untouched")
    func notADatabase() throws {
        let x = try Xueshi(); defer { x.remove() }
        let file = try x.write("学时.sqlite", String(repeating: "这不是数据库\n", count: 200))
        let result = try x.run(["people", "--ledger", file])
        #expect(result.status == 2)
        #expect(result.stderr.contains("不是 SQLite 数据库文件") && result.stderr.contains("没有改动"), "\(result.stderr)")
        #expect(try String(contentsOfFile: file, encoding: .utf8).hasPrefix("这不是数据库"))
    }

    @Test("a ledger made by a newer xueshi is refused, saying to upgrade")
    func newer() throws {
        let x = try Xueshi(); defer { x.remove() }
        #expect(try x.run(["import", try x.write("导出.csv", Exports.good)]).status == 0)
        try Self.sqlite(x.ledger, "INSERT INTO grdb_migrations (identifier) VALUES ('v99: a step from the future');")
        let before = try Data(contentsOf: URL(fileURLWithPath: x.ledger))
        for command in [["people"], ["import", try x.write("再.csv", Exports.good)]] {
            let result = try x.run(command)
            #expect(result.status == 2, "\(command)")
            #expect(result.stderr.contains("更新版本的 xueshi") && result.stderr.contains("v99") && result.stderr.contains("升级"), "\(result.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: x.ledger)) == before)
    }
}

/// Commands that only read open the ledger read-only: they change nothing in it, not even its journal.
@Suite("Reading a ledger changes nothing, end to end")
struct ReadOnlyLedgerEndToEndTests {
    @Test("people, records, verify, report, reconcile and imports leave the ledger's bytes as they were", arguments: [
        ["people"], ["records"], ["verify"], ["report", "units"], ["report", "person", IDs.zhang], ["imports"], ["reconcile"],
        ["exemption", "list"],
    ])
    func unchanged(command: [String]) throws {
        let x = try Xueshi(); defer { x.remove() }
        #expect(try x.run(["import", try x.write("导出.csv", Exports.good)]).status == 0)
        // Back to the rollback journal: a command that opened the ledger for writing would switch it to
        // the write-ahead log again, which rewrites the file's header.
        try LedgerSafetyEndToEndTests.sqlite(x.ledger, "PRAGMA journal_mode = DELETE;")
        let before = try Data(contentsOf: URL(fileURLWithPath: x.ledger))
        let result = try x.run(command)
        #expect(result.status < 2 || command == ["reconcile"], "\(command): \(result.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: x.ledger)) == before, "\(command) changed the ledger")
        #expect(LedgerSafetyEndToEndTests.files(beside: x.ledger) == [x.ledger], "\(command) left files beside it")
    }
}
