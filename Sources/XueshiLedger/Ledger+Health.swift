import Foundation
import GRDB
import XueshiModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `xueshi doctor` found: the file, its schema, SQLite's own checks, what it holds, and each
/// problem in a sentence that says what to do.
public struct LedgerHealth: Sendable {
    /// One of the ledger's files: the ledger itself, its write-ahead log and the log's index.
    public struct File: Sendable {
        public var path: String
        public var bytes: Int64
        /// The permission bits, e.g. 0o600.
        public var mode: Int
        public var ownerOnly: Bool { mode & 0o077 == 0 }
    }

    public struct Count: Sendable {
        /// The table, as JSON names it.
        public var key: String
        /// What it holds, in Chinese.
        public var label: String
        public var count: Int
    }

    public var path: String
    public var files: [File]
    public var journalMode: String
    /// The schema steps the ledger has, and those this build knows (its latest is the last).
    public var schemaApplied: [String]
    public var schemaKnown: [String]
    /// `PRAGMA integrity_check` (or `quick_check`): ["ok"], or SQLite's findings (at most 100).
    public var integrity: [String]
    public var quick: Bool
    public var foreignKeyViolations: Int
    public var counts: [Count]
    /// The hour sums the imports keep (`hour_sums`), and how many groups disagree with the records;
    /// nil for a ledger from before them.
    public var hourSumGroups: Int?
    public var hourSumMismatches: Int?
    /// What is wrong, with what to do; empty when the ledger is sound.
    public var problems: [String]
    /// What is worth knowing but not wrong (a schema step the next write will make).
    public var notes: [String]

    public var isSound: Bool { problems.isEmpty }
    public var schemaUpToDate: Bool { Set(schemaApplied) == Set(schemaKnown) }
    /// The version names ("v7"), as the steps are named.
    public var schemaVersion: String { Self.version(of: schemaApplied) }
    public var latestVersion: String { Self.version(of: schemaKnown) }

    static func version(of steps: [String]) -> String {
        steps.compactMap { $0.split(separator: ":").first.map(String.init) }
            .max { (Int($0.dropFirst()) ?? 0) < (Int($1.dropFirst()) ?? 0) } ?? "无"
    }
}

extension Ledger {
    /// The tables `doctor` counts, with what each holds.
    static let countedTables: [(key: String, table: String, label: String)] = [
        ("records", "records", "学时记录"), ("people", "people", "人员"), ("units", "units", "单位"),
        ("batches", "batches", "导入批次"), ("roster", "roster", "花名册人员"),
        ("trainings", "internal_trainings", "内部培训"), ("exemptYears", "exempt_years", "免修年度"),
        ("deliveries", "deliveries", "投递记录"),
    ]

    /// Examines the ledger at `path` without writing to it (opened read-only, no schema step): a
    /// file that is not a xueshi ledger, or a newer one, is refused as every command refuses it.
    /// `quick` runs `quick_check` (no index cross-check: seconds on a city's ledger) instead of
    /// `integrity_check`.
    public static func examine(_ path: String, quick: Bool = false) throws -> LedgerHealth {
        guard FileManager.default.fileExists(atPath: path) else { throw Missing(path: path) }
        try checkIsOurs(path)
        var health = LedgerHealth(path: path, files: [], journalMode: "", schemaApplied: [], schemaKnown: migrator.migrations,
                                  integrity: [], quick: quick, foreignKeyViolations: 0, counts: [], problems: [], notes: [])
        do {
            let queue = try readOnlyQueue(path, waiting: busyTimeout)
            defer { try? queue.close() }
            try queue.read { db in
                health.journalMode = try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? ""
                health.schemaApplied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
                health.integrity = try String.fetchAll(db, sql: quick ? "PRAGMA quick_check(100)" : "PRAGMA integrity_check(100)")
                health.foreignKeyViolations = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count
                let tables = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
                for counted in countedTables where tables.contains(counted.table) {
                    let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(counted.table)") ?? 0
                    health.counts.append(LedgerHealth.Count(key: counted.key, label: counted.label, count: count))
                }
                if tables.contains("hour_sums") && health.integrity == ["ok"] {
                    health.hourSumGroups = try Int.fetchOne(db, sql: "SELECT count(*) FROM hour_sums") ?? 0
                    health.hourSumMismatches = try hourSumMismatches(db)
                }
            }
        } catch let error as DatabaseError {
            if error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB {
                health.integrity = [error.message ?? "database disk image is malformed"]
            } else {
                throw explained(error, path: path, opening: true)
            }
        }
        for suffix in ["", "-wal", "-shm"] {
            var info = stat()
            guard stat(path + suffix, &info) == 0 else { continue }
            health.files.append(LedgerHealth.File(path: path + suffix, bytes: Int64(info.st_size), mode: Int(info.st_mode) & 0o7777))
        }
        health.problems = problems(in: health)
        if !health.schemaUpToDate && health.integrity == ["ok"] {
            health.notes.append("学时库的结构是 \(health.schemaVersion)，本程序是 \(health.latestVersion)：下一次写入（如 xueshi import）时自动升级")
        }
        return health
    }

    /// Computes the hour sums anew from the records, in one transaction: the only repair `doctor` makes.
    public func repairHourSums() throws {
        try explainingFailures { try database.write { db in try Self.rebuildHourSums(db) } }
    }

    static func problems(in health: LedgerHealth) -> [String] {
        var problems: [String] = []
        if health.integrity != ["ok"] {
            problems.append("SQLite 的完整性检查发现 \(health.integrity.count >= 100 ? "100 处以上" : "\(health.integrity.count) 处")问题（如：\(health.integrity[0])）："
                + "学时库已损坏。请从备份（xueshi backup 做的副本）恢复；没有备份时，可用 sqlite3 的 .recover 救出能读的部分，再核对")
        }
        if let mismatches = health.hourSumMismatches, mismatches > 0 {
            problems.append("学时汇总（hour_sums）有 \(mismatches) 组与记录对不上：核查结论可能有误。请运行 xueshi doctor --repair 按记录重算")
        }
        if health.foreignKeyViolations > 0 {
            problems.append("有 \(health.foreignKeyViolations) 行引用了不存在的人员、单位或导入批次：学时库被别的程序改动过。请从备份恢复")
        }
        for file in health.files where !file.ownerOnly {
            problems.append("\(file.path) 的权限是 0\(String(file.mode, radix: 8))，别人也能读（其中有完整的身份证号）：请运行 chmod 600 \(file.path)")
        }
        return problems
    }
}
