import Foundation
import GRDB
import XueshiModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Copies of a ledger made with SQLite's online backup API, which reads every page inside one read
/// transaction: the copy is the ledger as one moment left it, whatever imports commit meanwhile, and
/// under the write-ahead log it takes no lock that a writer waits for.
extension Ledger {
    /// Another command holds the ledger so that it cannot even be read (a first import fills a new
    /// ledger under the rollback journal), and this one does not wait for it.
    public struct Busy: Error, CustomStringConvertible {
        public let path: String
        public var description: String {
            "学时库 \(path) 正被另一个命令写入（多半是一次导入正在建立它，写完之前读不了）：没有等它，也没有改动学时库。请等那个命令结束后再试"
        }
    }

    /// How long a dry run waits for a ledger it cannot read yet: a moment, not an import's length.
    static let snapshotWait: TimeInterval = 1

    /// A private copy of the ledger at `path` as it is now, in a temporary file removed with the
    /// ledger: a dry run imports into it and rolls back, so that it neither holds nor waits for the
    /// write lock of the real ledger (an import running beside it goes on, and it reports against the
    /// records committed when it started).
    public convenience init(snapshotOf path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw Missing(path: path) }
        try Self.checkIsOurs(path, waiting: Self.snapshotWait)
        let folder = FileManager.default.temporaryDirectory.path
        let copy = folder + "/xueshi-dry-run-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sqlite"
        do {
            try Self.createOwnerOnly(copy)
            try Self.copyPages(of: path, to: copy, waiting: Self.snapshotWait)
            try self.init(path: copy, create: false, writeAheadLog: false, temporaryCopy: true)
        } catch is DestinationFull {
            Self.removeFiles(at: copy)
            throw LedgerError("试运行要在临时文件夹 \(folder) 复制一份学时库，但那里的磁盘已满：没有改动学时库。请腾出空间，或用环境变量 TMPDIR 指定别的文件夹")
        } catch {
            Self.removeFiles(at: copy)
            throw error
        }
    }

    /// What a backup wrote.
    public struct BackupSummary: Sendable {
        public var path: String
        public var bytes: Int64
        public var records: Int
        public var people: Int
    }

    /// Writes a consistent copy of the ledger at `path` to `destination` (owner-only: it holds whole ID
    /// numbers): one self-contained file under the rollback journal, checked with `quick_check` before
    /// it is renamed into place, so that a failed backup leaves whatever was at `destination`.
    public static func backup(of path: String, to destination: String) throws -> BackupSummary {
        guard FileManager.default.fileExists(atPath: path) else { throw Missing(path: path) }
        try checkIsOurs(path)
        var file = try AtomicFile(path: destination, ownerOnly: true)
        var summary = BackupSummary(path: destination, bytes: 0, records: 0, people: 0)
        do {
            try copyPages(of: path, to: file.temporaryPath, waiting: busyTimeout)
            let queue = try DatabaseQueue(path: file.temporaryPath)
            defer { try? queue.close() }
            try queue.read { db in
                let check = try String.fetchAll(db, sql: "PRAGMA quick_check")
                guard check == ["ok"] else {
                    throw LedgerError("备份的副本没有通过检查（\(check.prefix(3).joined(separator: "；"))）：没有写入 \(destination)。请用 xueshi doctor 检查学时库")
                }
                summary.records = try Int.fetchOne(db, sql: "SELECT count(*) FROM records") ?? 0
                summary.people = try Int.fetchOne(db, sql: "SELECT count(*) FROM people") ?? 0
            }
        } catch {
            file.discard()
            removeFiles(at: file.temporaryPath)
            if error is DestinationFull { throw FileWriteError(path: destination, problem: .diskFull) }
            throw error
        }
        try file.commit()
        let attributes = try? FileManager.default.attributesOfItem(atPath: destination)
        summary.bytes = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
        return summary
    }

    /// Copies every page of the ledger at `source` into the (new, empty) file `destination` in one step
    /// of the backup API, then gives the copy the rollback journal: a single file, no companions.
    static func copyPages(of source: String, to destination: String, waiting: TimeInterval) throws {
        do {
            let from = try readOnlyQueue(source, waiting: waiting)
            defer { try? from.close() }
            let to = try DatabaseQueue(path: destination)
            defer { try? to.close() }
            try from.backup(to: to)
            try to.writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE") }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && waiting < busyTimeout {
            throw Busy(path: source)
        } catch let error as DatabaseError {
            // The destination's failures (a full disk) are named for the destination.
            if error.resultCode == .SQLITE_FULL { throw DestinationFull() }
            throw explained(error, path: source, opening: true)
        }
    }

    static func createOwnerOnly(_ path: String) throws {
        let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard descriptor >= 0 else { throw FileWriteError(path: path, errno: errno) }
        close(descriptor)
    }
}

/// The copy's disk is full (named by the caller, which knows the path the user gave).
struct DestinationFull: Error {}
