import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The sqlite3 shell holding the ledger's write lock (`BEGIN IMMEDIATE`, or `exclusive`: every lock, as a
/// first import under the rollback journal holds it) until `release`.
final class WriteLockHolder {
    private let process = Process()
    private let input = Pipe()

    init(_ ledger: String, exclusive: Bool = false) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [ledger]
        process.standardInput = input
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let begin = exclusive ? "PRAGMA journal_mode = DELETE;\nBEGIN EXCLUSIVE;" : "BEGIN IMMEDIATE;"
        input.fileHandleForWriting.write(Data("\(begin)\nINSERT INTO units (name) VALUES ('锁');\nSELECT 'held';\n".utf8))
        // Wait for the shell to say it holds the lock.
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("held") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += chunk
        }
    }

    func release() {
        input.fileHandleForWriting.write(Data("ROLLBACK;\n.quit\n".utf8))
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

/// `doctor` tells whether a ledger is sound, and what to do when it is not; `backup` writes a copy
/// consistent at one moment while imports run; a dry run neither takes nor waits for the write lock.
@Suite("Caring for the ledger, end to end")
struct LedgerCareEndToEndTests {
    @Test("doctor on a sound ledger: version, checks and counts, exit 0, nothing changed")
    func soundLedger() throws {
        let x = try Xueshi(); defer { x.remove() }
        #expect(try x.run(["import", try x.write("e.csv", Exports.good)]).status == 0)
        let before = fileBytes(x.ledger)
        let text = try x.run(["doctor"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("结构版本") && text.stdout.contains("正常（integrity_check）") && text.stdout.contains("学时库完好"), "\(text.stdout)")
        let json = try x.run(["doctor", "--json"])
        #expect(json.json["sound"] as? Bool == true)
        #expect((json.json["counts"] as? [String: Any])?["records"] as? Int == 3)
        #expect((json.json["schema"] as? [String: Any])?["upToDate"] as? Bool == true)
        #expect((json.json["schema"] as? [String: Any])?["version"] as? String == (json.json["schema"] as? [String: Any])?["latest"] as? String)
        #expect(json.json["integrity"] as? [String] == ["ok"])
        #expect(fileBytes(x.ledger) == before)
    }

    @Test("doctor finds a ledger others can read, and says to chmod it; exit 1")
    func openPermissions() throws {
        let x = try Xueshi(); defer { x.remove() }
        #expect(try x.run(["import", try x.write("e.csv", Exports.good)]).status == 0)
        chmod(x.ledger, 0o644)
        let result = try x.run(["doctor"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("chmod 600 \(x.ledger)"), "\(result.stdout)")
    }

    @Test("doctor finds damaged pages with SQLite's integrity check and says to restore from a backup; exit 1")
    func damagedPages() throws {
        let x = try Xueshi(); defer { x.remove() }
        #expect(try x.run(["import", try x.write("many.csv", ManyRows.export(2_000))]).status == 0)
        var bytes = try #require(fileBytes(x.ledger))
        let pageSize = 4096
        // Scribble over the middle of a page deep in the records, leaving the file's header alone.
        let page = bytes.count / pageSize / 2
        for i in (page * pageSize + 200)..<(page * pageSize + 1200) { bytes[i] = 0x5A }
        try bytes.write(to: URL(fileURLWithPath: x.ledger))
        let result = try x.run(["doctor"])
        #expect(result.status == 1, "\(result.stdout) \(result.stderr)")
        #expect(result.stdout.contains("完整性检查发现") && result.stdout.contains("xueshi backup"), "\(result.stdout)")
    }

    @Test("backup while an import runs holds the ledger as one moment left it: before the import or after, never between")
    func backupDuringImport() throws {
        let x = try Xueshi(); defer { x.remove() }
        #expect(try x.run(["import", try x.write("e.csv", Exports.good)]).status == 0)
        let many = try x.write("many.csv", ManyRows.export(20_000))
        let process = Process()
        process.executableURL = Xueshi.executable
        process.arguments = ["import", many, "--ledger", x.ledger]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var copies: [String] = []
        for n in 0..<4 {
            Thread.sleep(forTimeInterval: 0.2)
            let copy = x.path("copy-\(n).sqlite")
            let result = try x.run(["backup", copy])
            #expect(result.status == 0, "\(result.stderr)")
            copies.append(copy)
        }
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        for copy in copies {
            let count = try recordCount(x, ledger: copy)
            #expect(count == 3 || count == 20_003, "\(copy): \(String(describing: count))")
            let health = try x.run(["doctor", "--json", "--ledger", copy])
            #expect(health.json["sound"] as? Bool == true && health.json["journalMode"] as? String == "delete", "\(health.stdout)")
            let mode = try #require((try FileManager.default.attributesOfItem(atPath: copy))[.posixPermissions] as? NSNumber).intValue
            #expect(mode == 0o600)
        }
    }

    @Test("backup never overwrites without --force, and into a folder names the copy by the time")
    func backupTargets() throws {
        let x = try Xueshi(); defer { x.remove() }
        #expect(try x.run(["import", try x.write("e.csv", Exports.good)]).status == 0)
        let taken = try x.write("taken.sqlite", "something else")
        let refused = try x.run(["backup", taken])
        #expect(refused.status == 2 && refused.stderr.contains("已经存在") && refused.stderr.contains("--force"))
        #expect(try String(contentsOfFile: taken, encoding: .utf8) == "something else")
        #expect(try x.run(["backup", taken, "--force"]).status == 0)
        #expect(try recordCount(x, ledger: taken) == 3)
        let itself = try x.run(["backup", x.ledger, "--force"])
        #expect(itself.status == 2 && itself.stderr.contains("学时库本身"))
        let folder = x.path("备份")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let named = try x.run(["backup", folder])
        #expect(named.status == 0)
        let made = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(made.count == 1 && made[0].hasPrefix("xueshi-") && made[0].hasSuffix(".sqlite"), "\(made)")
    }

    @Test("a dry run while another command holds the write lock answers at once, against what is committed")
    func dryRunBesideAWriter() throws {
        let x = try Xueshi(); defer { x.remove() }
        #expect(try x.run(["import", try x.write("e.csv", Exports.good)]).status == 0)
        let holder = try WriteLockHolder(x.ledger)
        defer { holder.release() }
        let started = ContinuousClock.now
        let result = try x.run(["import", try x.write("more.csv", ManyRows.export(10)), "--dry-run", "--json"])
        #expect(ContinuousClock.now - started < .seconds(20), "it waited for the write lock")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.json["inserted"] as? Int == 10, "\(result.stdout)")
    }

    @Test("a dry run behind a command that holds every lock (a first import) says so within moments, exit 2")
    func dryRunBehindAFirstImport() throws {
        let x = try Xueshi(); defer { x.remove() }
        #expect(try x.run(["import", try x.write("e.csv", Exports.good)]).status == 0)
        let holder = try WriteLockHolder(x.ledger, exclusive: true)
        defer { holder.release() }
        let started = ContinuousClock.now
        let result = try x.run(["import", try x.write("more.csv", ManyRows.export(10)), "--dry-run"])
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(result.status == 2)
        #expect(result.stderr.contains("正被另一个命令写入") && result.stderr.contains("没有改动学时库"), "\(result.stderr)")
    }
}
