import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A small file system of its own (tmpfs) for one test: a disk that fills up, a disk that turns
/// read-only. Mounting needs root; the tests that need one are skipped without.
final class SmallDisk {
    let path: String

    static let canMount: Bool = {
        guard getuid() == 0, let disk = try? SmallDisk(kilobytes: 64) else { return false }
        _ = disk
        return true
    }()

    init(kilobytes: Int) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("small-disk-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        guard Self.mount(["-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", path]) else {
            try? FileManager.default.removeItem(atPath: path)
            throw CocoaError(.fileWriteUnknown)
        }
    }

    deinit {
        _ = Self.mount(["-o", "remount,rw", path])
        _ = Self.run("/bin/umount", [path])
        try? FileManager.default.removeItem(atPath: path)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func remount(readOnly: Bool) {
        #expect(Self.mount(["-o", readOnly ? "remount,ro" : "remount,rw", path]))
    }

    /// Writes a file until the disk has no room left.
    func fill() {
        let descriptor = open(file("filler"), O_CREAT | O_WRONLY | O_APPEND, 0o600)
        defer { close(descriptor) }
        let block = [UInt8](repeating: 0, count: 4096)
        while write(descriptor, block, block.count) > 0 {}
    }

    func empty() { unlink(file("filler")) }

    private static func mount(_ arguments: [String]) -> Bool { run("/bin/mount", arguments) }

    private static func run(_ tool: String, _ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}

enum ManyRows {
    /// An export of `count` records of one person, each its own course: large enough that an import
    /// runs for a while.
    static func export(_ count: Int, titled prefix: String = "课程") -> String {
        var text = "浙江省专业技术人员继续教育学时登记表\n" + Exports.header
        for n in 1...count { text += Exports.row(n, "张伟", IDs.zhang, title: "\(prefix)\(n)") }
        return text
    }
}

func recordCount(_ x: Xueshi, ledger: String) throws -> Int? {
    let result = try x.run(["doctor", "--json", "--quick", "--ledger", ledger])
    return (result.json["counts"] as? [String: Any])?["records"] as? Int
}

func fileBytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

/// Broken places: a full disk, a read-only disk, a ledger folder that vanishes, a damaged ledger.
/// Each gives a Chinese message that says what to do, exits 2, and changes nothing.
@Suite("Broken places, end to end", .serialized)
struct BrokenPlacesEndToEndTests {
    @Test("a full disk during an import: refused in words, the ledger as it was, no log left filling the disk",
          .enabled(if: SmallDisk.canMount))
    func fullDiskDuringImport() throws {
        let x = try Xueshi(); defer { x.remove() }
        let disk = try SmallDisk(kilobytes: 1024)
        let ledger = disk.file("xueshi.sqlite")
        #expect(try x.run(["import", try x.write("small.csv", ManyRows.export(200)), "--ledger", ledger]).status == 0)
        // A second write made the ledger's one-off bookkeeping page (the state every used ledger is in).
        #expect(try x.run(["import", x.path("small.csv"), "--ledger", ledger]).status == 0)
        let result = try x.run(["import", try x.write("many.csv", ManyRows.export(20_000, titled: "大课")), "--ledger", ledger])
        #expect(result.status == 2, "\(result.stdout) \(result.stderr)")
        #expect(result.stderr.contains("磁盘已满") && result.stderr.contains("什么也没有写入") && !result.stderr.contains("SQLite error"),
                "\(result.stderr)")
        let log = (try? FileManager.default.attributesOfItem(atPath: ledger + "-wal"))?[.size] as? NSNumber
        #expect((log?.intValue ?? 0) == 0, "a -wal of \(log ?? 0) bytes left behind")
        #expect(try recordCount(x, ledger: ledger) == 200)
    }

    @Test("a report to a full disk says so, for the file the user named", .enabled(if: SmallDisk.canMount),
          arguments: ["r.xlsx", "r.csv", "r.html"])
    func fullDiskReport(name: String) throws {
        let x = try Xueshi(); defer { x.remove() }
        #expect(try x.run(["import", try x.write("e.csv", Exports.good)]).status == 0)
        let disk = try SmallDisk(kilobytes: 256)
        disk.fill()
        let result = try x.run(["report", "units", "--output", disk.file(name)])
        #expect(result.status == 2)
        #expect(result.stderr.contains("无法写入 \(disk.file(name))：磁盘已满") && !result.stderr.contains("NSCocoaErrorDomain")
                && !result.stderr.contains("[ERROR]") && !result.stderr.contains(".tmp-"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: disk.file(name)))
    }

    @Test("on a read-only disk reading works, writing says the ledger is read-only, and nothing changes",
          .enabled(if: SmallDisk.canMount))
    func readOnlyDisk() throws {
        let x = try Xueshi(); defer { x.remove() }
        let disk = try SmallDisk(kilobytes: 1024)
        let ledger = disk.file("xueshi.sqlite")
        let export = try x.write("e.csv", Exports.good)
        #expect(try x.run(["import", export, "--ledger", ledger]).status == 0)
        let before = fileBytes(ledger)
        disk.remount(readOnly: true)
        defer { disk.remount(readOnly: false) }
        for reading in [["verify"], ["people"], ["report", "units"], ["doctor"], ["import", export, "--dry-run"]] {
            let result = try x.run(reading + ["--ledger", ledger])
            #expect(result.status == 0 || result.status == 1, "\(reading): \(result.stderr)")
        }
        let backup = try x.run(["backup", x.path("copy.sqlite"), "--ledger", ledger])
        #expect(backup.status == 0, "\(backup.stderr)")
        let writing = try x.run(["import", try x.write("more.csv", ManyRows.export(3)), "--ledger", ledger])
        #expect(writing.status == 2)
        #expect(writing.stderr.contains("是只读的") && writing.stderr.contains("verify"), "\(writing.stderr)")
        #expect(fileBytes(ledger) == before)
    }

    @Test("the ledger's folder deleted while an import runs: the import says so and exits 2")
    func folderVanishesDuringImport() throws {
        let x = try Xueshi(); defer { x.remove() }
        let folder = x.path("学时库")
        let ledger = folder + "/xueshi.sqlite"
        #expect(try x.run(["import", try x.write("e.csv", Exports.good), "--ledger", ledger]).status == 0)
        let many = try x.write("many.csv", ManyRows.export(30_000))
        let process = Process()
        process.executableURL = Xueshi.executable
        process.arguments = ["import", many, "--ledger", ledger]
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        Thread.sleep(forTimeInterval: 0.3)
        try FileManager.default.removeItem(atPath: folder)
        let said = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2, "\(said)")
        #expect(said.contains("在命令运行中不见了") && said.contains("什么也没有写入"), "\(said)")
        let after = try x.run(["people", "--ledger", ledger])
        #expect(after.status == 2 && after.stderr.contains("也不存在"), "\(after.stderr)")
    }

    @Test("a truncated ledger is refused by every command with what to do, and left as it was",
          arguments: [["people"], ["verify"], ["import", "EXPORT"], ["doctor"], ["backup", "COPY"]])
    func truncatedLedger(command: [String]) throws {
        let x = try Xueshi(); defer { x.remove() }
        let export = try x.write("e.csv", Exports.good)
        #expect(try x.run(["import", export]).status == 0)
        let whole = try #require(fileBytes(x.ledger))
        try whole.prefix(whole.count / 3).write(to: URL(fileURLWithPath: x.ledger))
        let before = fileBytes(x.ledger)
        let result = try x.run(command.map { $0 == "EXPORT" ? export : $0 == "COPY" ? x.path("copy.sqlite") : $0 })
        #expect(result.status == 2 || (command == ["doctor"] && result.status == 1), "\(command): \(result.status) \(result.stderr)")
        let said = result.stdout + result.stderr
        #expect(said.contains("损坏") && (said.contains("备份") || said.contains("doctor")), "\(command): \(said)")
        #expect(!said.contains("SQLite error"), "\(said)")
        #expect(fileBytes(x.ledger) == before)
    }

    @Test("the ledger, its log and the log's index are owner-only, while commands hold them and after")
    func companionsOwnerOnly() throws {
        let x = try Xueshi(); defer { x.remove() }
        let export = try x.write("e.csv", Exports.good)
        #expect(try x.run(["import", export]).status == 0)
        // A second import opens the ledger under the write-ahead log; a reader beside it keeps the log.
        #expect(try x.run(["import", try x.write("more.csv", ManyRows.export(50))]).status == 0)
        #expect(try x.run(["verify"]).status <= 1)
        let files = ["", "-wal", "-shm"].map { x.ledger + $0 }.filter { FileManager.default.fileExists(atPath: $0) }
        #expect(files.count >= 2, "\(files)")
        for file in files {
            let mode = try #require((try FileManager.default.attributesOfItem(atPath: file))[.posixPermissions] as? NSNumber).intValue
            #expect(mode & 0o077 == 0, "\(file): \(String(mode, radix: 8))")
        }
    }
}
