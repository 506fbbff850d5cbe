import Foundation
import GRDB
import XueshiModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The local SQLite ledger of hour records: people, units, records, and the import batches they came
/// from. The only type in the program that speaks SQL.
public final class Ledger: Sendable {
    /// The file, or ":memory:" for a ledger that lives only as long as the command (`xueshi check`).
    public let path: String
    /// A pool (readers beside one writer: a report or a schedule reads while an import writes) for a
    /// ledger under the write-ahead log; a single connection for a new ledger's first import, which
    /// keeps the rollback journal, and for a ledger in memory.
    let database: any DatabaseWriter
    /// The file as it was opened (device and inode): a write checks that the path still names it, so
    /// that an import into a ledger whose folder was deleted or moved meanwhile fails, saying so,
    /// instead of "succeeding" into a file nobody can open again. Nil in memory.
    let opened: FileIdentity?
    /// A temporary copy (`init(snapshotOf:)`), removed with its companions when the ledger is released.
    let isTemporaryCopy: Bool

    /// No ledger at the path, for commands that only read one.
    public struct Missing: Error, CustomStringConvertible {
        public let path: String
        public var description: String {
            let folder = PathText.folder(of: path)
            if !folder.isEmpty && !FileManager.default.fileExists(atPath: folder) {
                return "找不到学时库 \(path)：连它所在的文件夹 \(folder) 也不存在（被删除、移走，或磁盘没有挂上？）"
            }
            return "找不到学时库 \(path)"
        }
    }

    /// How long a command waits for another one that is writing (two imports at once queue up).
    public static let busyTimeout: TimeInterval = 300

    /// Opens the ledger at `path`. With `create`, a missing file is created readable and writable by
    /// its owner only (0600): it holds ID numbers. Without, a missing file is an error.
    public convenience init(path: String, create: Bool) throws {
        try self.init(path: path, create: create, writeAheadLog: true)
    }

    /// Creates a new ledger for an import that fills it: until `startWriteAheadLog`, it keeps SQLite's
    /// rollback journal, under which the records of a new file are written into it once. Under the
    /// write-ahead log they are written twice, to the log and then into the file, which costs a
    /// million-row first import about a fifth of its time. A crash leaves the new ledger empty, as the
    /// journal is rolled back when it is next opened. Fails when the file exists.
    public convenience init(creatingForFirstImport path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw LedgerError("学时库 \(path) 已经存在")
        }
        try self.init(path: path, create: true, writeAheadLog: false)
    }

    /// Switches a ledger made by `init(creatingForFirstImport:)` to the write-ahead log, as every
    /// ledger is once it holds records: readers then never wait for a writer. Waits, like any write,
    /// for another command writing to it.
    public func startWriteAheadLog() throws {
        guard path != ":memory:" else { return }
        try database.writeWithoutTransaction { db in
            let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            guard mode == "wal" else { throw LedgerError("学时库 \(path) 无法切换到预写日志（WAL）模式") }
        }
    }

    init(path: String, create: Bool, writeAheadLog: Bool, temporaryCopy: Bool = false) throws {
        self.path = path
        self.isTemporaryCopy = temporaryCopy
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists {
            guard create else { throw Missing(path: path) }
            // Create the file ourselves with mode 0600 before SQLite opens it; SQLite gives its -wal and
            // -shm files the same mode as the database file. A missing folder is made, owner-only: it
            // holds ID numbers.
            let folder = PathText.folder(of: path)
            if !folder.isEmpty && !FileManager.default.fileExists(atPath: folder) {
                do {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                            attributes: [.posixPermissions: 0o700])
                } catch {
                    throw LedgerError("无法创建学时库所在的文件夹 \(folder)：\(FileWriteError(path: folder, underlying: error).problem)")
                }
            }
            let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
            if descriptor < 0 {
                throw LedgerError("无法创建学时库 \(path)：\(String(cString: strerror(errno)))")
            }
            close(descriptor)
        }
        if exists { try Self.checkIsOurs(path) }
        var configuration = Configuration()
        // Without: whatever the file has (a rollback journal for a new file).
        if writeAheadLog { configuration.journalMode = .wal }
        configuration.busyMode = .timeout(Ledger.busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            // WAL with synchronous=NORMAL cannot corrupt the ledger or lose a committed import on a
            // crash of the program; only power loss may roll back the very last transaction.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA journal_size_limit = 67108864")
        }
        do {
            database = try Self.opening(path, configuration, pool: writeAheadLog)
        } catch let error as DatabaseError {
            throw Self.explained(error, path: path, opening: true)
        }
        opened = FileIdentity(path: path)
    }

    /// Opens and migrates, waiting for another command as long as a write would. Two commands that
    /// make a new ledger at once both set it up: SQLite answers "busy" at once, without waiting, to the
    /// one that read the schema and then wants to write it while the other writes (waiting could
    /// deadlock), so the whole setup is tried again until the other is done. The one that waited for the
    /// other's step may then find the step's tables made ("already exists"), or the step recorded twice:
    /// its own step was rolled back, and trying again finds the step recorded as done.
    private static func opening(_ path: String, _ configuration: Configuration, pool: Bool) throws -> any DatabaseWriter {
        let deadline = Date().addingTimeInterval(busyTimeout)
        while true {
            do {
                let database: any DatabaseWriter = pool
                    ? try DatabasePool(path: path, configuration: configuration)
                    : try DatabaseQueue(path: path, configuration: configuration)
                try Ledger.migrator.migrate(database)
                return database
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.05)
            } catch let error as DatabaseError where Self.isRacedSetUp(error) && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
    }

    /// Refuses, before anything is written to it (not even the switch to the write-ahead log), a file
    /// that is another program's database, and a ledger made by a newer xueshi whose schema this build
    /// does not know: writing to either could break it. An empty file is a new ledger.
    @discardableResult
    static func checkIsOurs(_ path: String, waiting: TimeInterval = busyTimeout) throws -> (upToDate: Bool, writeAheadLog: Bool) {
        let facts: (tables: [String], applied: Set<String>, journal: String)
        do {
            let queue = try Self.readOnlyQueue(path, waiting: waiting)
            facts = try queue.read { db in
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
                let applied = tables.contains("grdb_migrations")
                    ? Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")) : []
                return (tables, applied, try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "")
            }
            try queue.close()
        } catch let error as DatabaseError {
            // Not waiting as long as a write would (a dry run): say at once that another command holds it.
            if error.resultCode == .SQLITE_BUSY && waiting < busyTimeout { throw Busy(path: path) }
            if error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT {
                throw LedgerError("无法打开学时库 \(path)：这不是 SQLite 数据库文件，或文件已损坏；没有改动它。请检查 --ledger 或 XUESHI_LEDGER 指向的文件；"
                    + "若它确是学时库，请用 xueshi doctor 检查，并从备份（xueshi backup 做的副本）恢复")
            }
            throw explained(error, path: path, opening: true)
        }
        // Empty, or being set up by another command at this moment (the steps' table made, no step done yet).
        guard facts.tables.contains(where: { $0 != "grdb_migrations" }) else { return (false, false) }
        guard facts.tables.contains("grdb_migrations"), facts.applied.contains(where: { $0.hasPrefix("v1:") }) else {
            let shown = facts.tables.prefix(5).joined(separator: "、") + (facts.tables.count > 5 ? "…" : "")
            throw LedgerError("\(path) 不是 xueshi 的学时库（是别的程序的数据库，其中的表有：\(shown)）；没有改动它。请检查 --ledger 或 XUESHI_LEDGER 指向的文件")
        }
        let known = Set(migrator.migrations)
        let unknown = facts.applied.subtracting(known).sorted()
        guard unknown.isEmpty else {
            throw LedgerError("学时库 \(path) 由更新版本的 xueshi 建立（含有本程序不认识的结构：\(unknown.joined(separator: "、"))），本程序不能读写它，以免损坏；没有改动它。请升级 xueshi 后再用")
        }
        return (facts.applied == known, facts.journal.lowercased() == "wal")
    }

    /// Opens an existing ledger for a command that only reads it: read-only, so that it changes
    /// nothing (no schema step, no switch of journal) and works on a ledger the user may not write.
    /// A ledger made by an earlier version is brought up to date first, which is a write.
    public convenience init(readingAt path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw Missing(path: path) }
        let (upToDate, writeAheadLog) = try Self.checkIsOurs(path)
        guard upToDate, !FileManager.default.fileExists(atPath: path + "-journal") else {
            try self.init(path: path, create: false)
            return
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(Ledger.busyTimeout)
        do {
            let database: any DatabaseWriter = writeAheadLog && !Self.cannotMakeCompanions(path)
                ? try DatabasePool(path: path, configuration: configuration)
                : try Self.readOnlyQueue(path, waiting: Ledger.busyTimeout)
            self.init(path: path, database: database)
        } catch {
            // A write-ahead ledger whose -shm cannot be made read-only (an old SQLite, an odd file
            // system): opened as every command opens it.
            try self.init(path: path, create: false)
        }
    }

    /// A connection to look at a ledger without changing it: read-only, waiting `waiting` for a writer.
    /// A hot journal (a command killed while it wrote) is rolled back by the first connection that may
    /// write, as SQLite does on any open: a read-only one could not read the file at all. On a read-only
    /// disk where a write-ahead ledger's index (-shm) cannot be made, and no log (-wal) holds anything,
    /// the file is opened as immutable: nobody can write it there, so SQLite may read it without the index.
    static func readOnlyQueue(_ path: String, waiting: TimeInterval) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = !FileManager.default.fileExists(atPath: path + "-journal")
        configuration.busyMode = .timeout(waiting)
        do {
            return try DatabaseQueue(path: path, configuration: configuration)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CANTOPEN && configuration.readonly && cannotMakeCompanions(path) {
            let log = (try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? NSNumber
            guard (log?.intValue ?? 0) == 0, let escaped = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) else { throw error }
            return try DatabaseQueue(path: "file:\(escaped)?immutable=1", configuration: configuration)
        }
    }

    /// Whether the ledger's folder cannot take a new file (a read-only disk, or no write permission)
    /// while its -shm is missing.
    static func cannotMakeCompanions(_ path: String) -> Bool {
        guard !FileManager.default.fileExists(atPath: path + "-shm") else { return false }
        let folder = PathText.folder(of: path)
        return access(folder.isEmpty ? "." : folder, W_OK) != 0
    }

    private init(path: String, database: any DatabaseWriter) {
        self.path = path
        self.database = database
        self.opened = FileIdentity(path: path)
        self.isTemporaryCopy = false
    }

    deinit {
        if isTemporaryCopy { Self.removeFiles(at: path) }
    }

    /// A schema step that another command made at the same moment.
    static func isRacedSetUp(_ error: DatabaseError) -> Bool {
        guard let message = error.message else { return false }
        switch error.resultCode {
        case .SQLITE_ERROR: return message.contains("already exists") || message.contains("duplicate column name")
        // Both recorded the same step as done.
        case .SQLITE_CONSTRAINT: return message.contains("grdb_migrations")
        default: return false
        }
    }

    /// A ledger in memory, gone when the command ends: `xueshi check` and `import --dry-run` without
    /// a ledger on disk.
    public init(inMemory: Void = ()) throws {
        path = ":memory:"
        opened = nil
        isTemporaryCopy = false
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        database = try DatabaseQueue(configuration: configuration)
        try Ledger.migrator.migrate(database)
    }
}

extension Ledger {
    /// The files SQLite keeps beside a ledger: its write-ahead log, the log's index, the rollback journal.
    static let companionSuffixes = ["-wal", "-shm", "-journal"]

    /// Removes a ledger file and the files SQLite keeps beside it.
    public static func removeFiles(at path: String) {
        for suffix in [""] + companionSuffixes { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// Removes a ledger that nobody imported into (a command created it and failed), unless another
    /// command imported into it meanwhile.
    public func removeIfNeverImported() {
        guard path != ":memory:", let counts = try? counts(), counts.batches == 0 else { return }
        Self.removeFiles(at: path)
    }
}

/// A ledger problem, in words for the user.
public struct LedgerError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
