import Foundation
import GRDB
import GRDBSQLite
import XueshiModel

/// One imported file, as the ledger records it.
public struct BatchFile: Sendable {
    public var fileName: String
    public var size: Int64
    public var sha256: String
    public var kind: String
    public var profile: String
    public var encoding: String?
    public var sheet: String?
    public var headerRow: Int
    /// When the system made the export ("2025-09-01 10:00:00"), when its title rows say.
    public var exportedAt: String?

    public init(fileName: String, size: Int64, sha256: String, kind: String, profile: String,
                encoding: String?, sheet: String?, headerRow: Int, exportedAt: String? = nil) {
        self.fileName = fileName; self.size = size; self.sha256 = sha256; self.kind = kind
        self.profile = profile; self.encoding = encoding; self.sheet = sheet; self.headerRow = headerRow
        self.exportedAt = exportedAt
    }
}

/// What adding one record did.
public enum AddOutcome: Sendable, Equatable {
    case inserted
    /// Already in the ledger (from an earlier import or earlier in this one): nothing changed.
    case duplicate
    /// Already in the ledger, and the export now gives it another review status (a pending record
    /// approved or rejected since): the status was brought up to date.
    case statusUpdated(from: RecordStatus)
    /// Already in the ledger with another decision from a newer export, which stays.
    case olderDecision
}

/// What one file's records did to the ledger. A duplicate whose status was brought up to date counts
/// as a duplicate and as updated.
public struct BatchCounts: Sendable, Equatable {
    public var inserted = 0
    public var duplicates = 0
    public var updated = 0
    /// Duplicates that give another review decision than the ledger's, from an export made before the
    /// one that decided it: the newer decision is kept.
    public var olderDecisions = 0
    public init() {}
}

/// The same ID seen under another name: shown to the user, never merged or split silently.
public struct NameConflict: Sendable, Hashable {
    public var id: ResidentID
    public var knownNames: [String]
    public var newName: String
    public var file: String
    public var row: Int
}

extension Ledger {
    /// Runs an import in one transaction: all its files' records, people, units and batches are
    /// written together or not at all. `body` returns whether to keep what it wrote; a thrown error
    /// also rolls everything back. A dry run always rolls back, so it reports exactly what an import
    /// would do without writing.
    public func importing<T>(_ body: (ImportSession) throws -> (T, keep: Bool)) throws -> T {
        try explainingFailures {
            try database.writeWithoutTransaction { db in
                // A larger page cache for the bulk insert (32 MB; the default is 2 MB): holds the key index of a
                // million records, and keeps the whole import well under 150 MB.
                try db.execute(sql: "PRAGMA cache_size = -32768")
                // The import writes each person, unit and batch before the records that point at them, in
                // the same transaction, so SQLite's per-row foreign-key lookups would only repeat what the
                // writer guarantees; they cost about 40% of a million-row insert. They stay on for every
                // other write. (The pragma cannot change inside a transaction, hence here.)
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                defer {
                    try? db.execute(sql: "PRAGMA foreign_keys = ON")
                    try? db.execute(sql: "PRAGMA cache_size = -2000")
                    // Fold the write-ahead log back into the ledger so that it does not keep a large -wal
                    // file; after a failure (a full disk) the log holds only what was rolled back, and
                    // emptying it gives the space back.
                    if path != ":memory:" { _ = try? db.checkpoint(.truncate) }
                }
                var result: T?
                try db.inTransaction(.immediate) {
                    let session = try ImportSession(db)
                    defer { session.finalize() }
                    let (value, keep) = try body(session)
                    if keep {
                        try session.flush()
                        try session.saveCurrentUnits()
                        try session.saveSums()
                        try checkStillInPlace()
                    }
                    result = value
                    return keep ? .commit : .rollback
                }
                return result!
            }
        }
    }
}
