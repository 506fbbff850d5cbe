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

    public init(fileName: String, size: Int64, sha256: String, kind: String, profile: String,
                encoding: String?, sheet: String?, headerRow: Int) {
        self.fileName = fileName; self.size = size; self.sha256 = sha256; self.kind = kind
        self.profile = profile; self.encoding = encoding; self.sheet = sheet; self.headerRow = headerRow
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
            }
            var result: T?
            try db.inTransaction(.immediate) {
                let session = try ImportSession(db)
                defer { session.finalize() }
                let (value, keep) = try body(session)
                if keep { try session.saveCurrentUnits() }
                result = value
                return keep ? .commit : .rollback
            }
            // Fold the write-ahead log back into the ledger so that it does not keep a large -wal file.
            if path != ":memory:" { _ = try? db.checkpoint(.truncate) }
            return result!
        }
    }
}

/// Writes one import's records; lives inside `Ledger.importing`'s transaction. Prepared statements
/// are bound through SQLite's C interface directly: this is the hot path of a million-row import,
/// and building GRDB argument arrays per row costs more than the insert itself.
public final class ImportSession {
    let db: Database
    let insertRecord: OpaquePointer
    let findRecord: OpaquePointer
    let updateStatus: OpaquePointer
    /// People met in this import: their row, the names seen, and their current unit with its rank
    /// (see the v3 migration), written back when the import is kept.
    private var people: [Int64: KnownPerson] = [:]
    struct KnownPerson {
        var rowID: Int64
        var names: [String]
        var unitID: Int64?
        var unitRank: Int64
        var unitChanged = false

        mutating func take(unitID: Int64, rank: Int64) {
            guard rank >= unitRank else { return }
            self.unitID = unitID
            unitRank = rank
            unitChanged = true
        }
    }
    private var units: [UTF8Key: Int64] = [:]
    private var batchID: Int64 = 0
    private var batchFileName = ""
    /// Name conflicts met in this import, in the order met.
    public private(set) var nameConflicts: [NameConflict] = []
    private var statements: [OpaquePointer] = []

    init(_ db: Database) throws {
        self.db = db
        func prepare(_ sql: String) throws -> OpaquePointer {
            var statement: OpaquePointer?
            let code = sqlite3_prepare_v2(db.sqliteConnection, sql, -1, &statement, nil)
            guard code == SQLITE_OK, let statement else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
            }
            return statement
        }
        insertRecord = try prepare("""
            INSERT INTO records (record_key, person_id, year, category, title, start_date, end_date, hours, status,
                                 form, form_text, organizer, registered_date, name, unit_id, batch_id, source_row)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
            ON CONFLICT (record_key) DO NOTHING
            """)
        findRecord = try prepare("""
            SELECT id, person_id, year, category, title, start_date, end_date, hours, status
            FROM records WHERE record_key = ?1
            """)
        updateStatus = try prepare("UPDATE records SET status = ?2 WHERE id = ?1")
        statements = [insertRecord, findRecord, updateStatus]
    }

    func finalize() {
        for statement in statements { sqlite3_finalize(statement) }
        statements = []
    }

    /// Starts the batch of one file; records added after it are attributed to it.
    public func beginBatch(_ file: BatchFile) throws {
        let now = ISO8601DateFormatter().string(from: Date())
        try db.execute(sql: """
            INSERT INTO batches (imported_at, file_name, file_size, sha256, kind, profile, encoding, sheet, header_row)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [now, file.fileName, file.size, file.sha256, file.kind, file.profile, file.encoding,
                             file.sheet, file.headerRow])
        batchID = db.lastInsertedRowID
        batchFileName = file.fileName
    }

    /// Closes the batch of the current file with its counts (and its SHA-256, known only once a
    /// streamed file has been read to its end).
    public func finishBatch(sha256: String, rows: Int, inserted: Int, duplicates: Int, updated: Int, rejected: Int) throws {
        try db.execute(sql: """
            UPDATE batches SET sha256 = ?, rows = ?, inserted = ?, duplicates = ?, updated = ?, rejected = ? WHERE id = ?
            """, arguments: [sha256, rows, inserted, duplicates, updated, rejected, batchID])
    }

    /// Earlier imports of a file with this SHA-256 (the same file imported again), oldest first.
    public func earlierImports(sha256: String) throws -> [(id: Int64, importedAt: String)] {
        try Row.fetchAll(db, sql: "SELECT id, imported_at FROM batches WHERE sha256 = ? AND id <> ? ORDER BY id",
                         arguments: [sha256, batchID]).map { ($0["id"], $0["imported_at"]) }
    }

    /// Adds a record read from `row` of the current batch's file, once: a record already in the
    /// ledger (same natural key) is a duplicate.
    /// `digest` is the record's key digest when the caller already computed it (on another thread).
    public func add(_ record: HourRecord, row: Int, digest: Int64? = nil) throws -> AddOutcome {
        let packed = record.id.packed
        let personID = try person(for: record, packed: packed, row: row)
        let unitID = try unit(named: record.unit)
        // Probe from the key's digest; a different record under the same digest (a 64-bit collision,
        // about one in 10^11 for a city's ledger) moves on to the next slot instead of being lost.
        var slot = digest ?? record.key.digest
        while true {
            if try insert(record, slot: slot, personID: personID, unitID: unitID, row: row) {
                noteUnit(of: record, packed: packed, unitID: unitID)
                return .inserted
            }
            guard let existing = try stored(slot: slot) else {
                throw LedgerError("记录写入失败（第 \(row) 行）：学时库拒绝了这条记录，却找不到与之冲突的记录")
            }
            if existing.matches(record, personID: personID) {
                if existing.status != record.status && record.status != .pending {
                    // A final decision (approved, rejected) in a later export replaces an earlier one;
                    // an older export saying "pending" never undoes a decision.
                    try execute(updateStatus) { statement in
                        sqlite3_bind_int64(statement, 1, existing.rowID)
                        bindText(statement, 2, record.status.rawValue)
                    }
                    return .statusUpdated(from: existing.status)
                }
                return .duplicate
            }
            slot = slot &+ Int64(bitPattern: 0x9E37_79B9_7F4A_7C15)
        }
    }

    // MARK: - People and units

    private func person(for record: HourRecord, packed: Int64, row: Int) throws -> Int64 {
        let key = record.id.value
        if let known = people[packed] {
            // Compared byte for byte, as the ledger stores them (String's == normalises Unicode first).
            if !known.names.contains(where: { $0.hasSameBytes(as: record.name) }) { try noteName(record, row: row, rowID: known.rowID, known: known.names) }
            return known.rowID
        }
        // Cached statements: a city's export meets tens of thousands of people.
        if let stored = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, unit_id, unit_rank FROM people WHERE resident_id = ?"), arguments: [key]) {
            let rowID: Int64 = stored[0]
            let names = try String.fetchAll(db.cachedStatement(sql: "SELECT name FROM person_names WHERE person_id = ? ORDER BY first_batch_id, first_row"),
                                            arguments: [rowID])
            people[packed] = KnownPerson(rowID: rowID, names: names, unitID: stored[1], unitRank: stored[2])
            if !names.contains(where: { $0.hasSameBytes(as: record.name) }) { try noteName(record, row: row, rowID: rowID, known: names) }
            return rowID
        }
        try db.cachedStatement(sql: "INSERT INTO people (resident_id, name) VALUES (?, ?)").execute(arguments: [key, record.name])
        let rowID = db.lastInsertedRowID
        try db.cachedStatement(sql: "INSERT INTO person_names (person_id, name, first_batch_id, first_row) VALUES (?, ?, ?, ?)")
            .execute(arguments: [rowID, record.name, batchID, row])
        people[packed] = KnownPerson(rowID: rowID, names: [record.name], unitID: nil, unitRank: -1)
        return rowID
    }

    /// Keeps the person's current unit: the unit of their most recent record (see the v3 migration).
    /// Ties go to the record read later, as in the ledger's order.
    private func noteUnit(of record: HourRecord, packed: Int64, unitID: Int64) {
        let rank = Int64(record.year) * 100_000_000_000_000 + Int64(record.end?.yyyymmdd ?? 0) * 1_000_000 + batchID
        // Optional chaining through the subscript changes the entry in place: one lookup per record.
        people[packed]?.take(unitID: unitID, rank: rank)
    }

    /// Writes the current unit of every person whose unit this import changed.
    func saveCurrentUnits() throws {
        let update = try db.cachedStatement(sql: "UPDATE people SET unit_id = ?, unit_rank = ? WHERE id = ?")
        for (packed, person) in people where person.unitChanged {
            try update.execute(arguments: [person.unitID, person.unitRank, person.rowID])
            people[packed]!.unitChanged = false
        }
    }

    private func noteName(_ record: HourRecord, row: Int, rowID: Int64, known: [String]) throws {
        nameConflicts.append(NameConflict(id: record.id, knownNames: known, newName: record.name, file: batchFileName, row: row))
        try db.execute(sql: "INSERT OR IGNORE INTO person_names (person_id, name, first_batch_id, first_row) VALUES (?, ?, ?, ?)",
                       arguments: [rowID, record.name, batchID, row])
        people[record.id.packed]?.names.append(record.name)
    }

    private func unit(named name: String) throws -> Int64 {
        if let id = units[UTF8Key(name)] { return id }
        try db.execute(sql: "INSERT INTO units (name) VALUES (?) ON CONFLICT (name) DO NOTHING", arguments: [name])
        let id = try Int64.fetchOne(db, sql: "SELECT id FROM units WHERE name = ?", arguments: [name])!
        units[UTF8Key(name)] = id
        return id
    }

    // MARK: - Raw statements

    private func insert(_ record: HourRecord, slot: Int64, personID: Int64, unitID: Int64, row: Int) throws -> Bool {
        let s = insertRecord
        defer { sqlite3_reset(s) }
        sqlite3_bind_int64(s, 1, slot)
        sqlite3_bind_int64(s, 2, personID)
        sqlite3_bind_int64(s, 3, Int64(record.year))
        bindCode(s, 4, record.category.rawValue)
        bindDate(s, 6, record.start)
        bindDate(s, 7, record.end)
        sqlite3_bind_int64(s, 8, record.hours.hundredths)
        bindCode(s, 9, record.status.rawValue)
        bindCode(s, 10, record.form?.rawValue)
        bindDate(s, 13, record.registered)
        sqlite3_bind_int64(s, 15, unitID)
        sqlite3_bind_int64(s, 16, batchID)
        sqlite3_bind_int64(s, 17, Int64(row))
        // The texts are bound without SQLite copying them (SQLITE_STATIC), so the step runs while
        // their bytes are lent: four fewer allocations and copies per record.
        var code: Int32 = 0
        withText(record.title) { title in
            withText(record.name) { name in
                withText(record.organizer) { organizer in
                    withText(record.formText) { formText in
                        bindStatic(s, 5, title)
                        bindStatic(s, 14, name)
                        bindStatic(s, 12, organizer)
                        bindStatic(s, 11, formText)
                        code = sqlite3_step(s)
                    }
                }
            }
        }
        guard code == SQLITE_DONE else { throw lastError(code) }
        return sqlite3_changes(db.sqliteConnection) > 0
    }

    struct StoredRecord {
        var rowID: Int64, personID: Int64, year: Int64, category: String, title: String
        var start: Int64?, end: Int64?, hours: Int64, status: RecordStatus

        func matches(_ record: HourRecord, personID: Int64) -> Bool {
            self.personID == personID && year == Int64(record.year) && category == record.category.rawValue
                && title == record.title && start == record.start.map { Int64($0.yyyymmdd) }
                && end == record.end.map { Int64($0.yyyymmdd) } && hours == record.hours.hundredths
        }
    }

    private func stored(slot: Int64) throws -> StoredRecord? {
        let s = findRecord
        defer { sqlite3_reset(s); sqlite3_clear_bindings(s) }
        sqlite3_bind_int64(s, 1, slot)
        let code = sqlite3_step(s)
        if code == SQLITE_DONE { return nil }
        guard code == SQLITE_ROW else { throw lastError(code) }
        func text(_ column: Int32) -> String { String(cString: sqlite3_column_text(s, column)) }
        func optionalInt(_ column: Int32) -> Int64? {
            sqlite3_column_type(s, column) == SQLITE_NULL ? nil : sqlite3_column_int64(s, column)
        }
        return StoredRecord(rowID: sqlite3_column_int64(s, 0), personID: sqlite3_column_int64(s, 1),
                            year: sqlite3_column_int64(s, 2), category: text(3), title: text(4),
                            start: optionalInt(5), end: optionalInt(6), hours: sqlite3_column_int64(s, 7),
                            status: RecordStatus(rawValue: text(8)) ?? .approved)
    }

    private func execute(_ statement: OpaquePointer, bind: (OpaquePointer) -> Void) throws {
        // Every parameter is bound before each step, so no sqlite3_clear_bindings.
        defer { sqlite3_reset(statement) }
        bind(statement)
        let code = sqlite3_step(statement)
        guard code == SQLITE_DONE || code == SQLITE_ROW else { throw lastError(code) }
    }

    private func lastError(_ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
    }
}

/// SQLite copies the bytes at once (SQLITE_TRANSIENT), so a Swift string's storage is lent only
/// for the call.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

private func bindText(_ statement: OpaquePointer, _ index: Int32, _ text: String?) {
    guard var text else { sqlite3_bind_null(statement, index); return }
    if text.isEmpty { sqlite3_bind_text(statement, index, "", 0, transient); return }
    text.withUTF8 { bytes in
        _ = bytes.withMemoryRebound(to: CChar.self) { chars in
            sqlite3_bind_text(statement, index, chars.baseAddress, Int32(chars.count), transient)
        }
    }
}

/// The few code values (categories, statuses, forms) as C strings made once and never freed, bound
/// without SQLite copying them: three fewer allocations per record.
nonisolated(unsafe) private let codeStrings: [String: UnsafeMutablePointer<CChar>] = {
    var strings: [String: UnsafeMutablePointer<CChar>] = [:]
    for code in Category.allCases.map(\.rawValue) + RecordStatus.allCases.map(\.rawValue) + LearningForm.allCases.map(\.rawValue) {
        strings[code] = strdup(code)
    }
    return strings
}()

private func bindCode(_ statement: OpaquePointer, _ index: Int32, _ code: String?) {
    guard let code else { sqlite3_bind_null(statement, index); return }
    guard let pointer = codeStrings[code] else { bindText(statement, index, code); return }
    // SQLITE_STATIC (nil): the string outlives the statement.
    sqlite3_bind_text(statement, index, pointer, -1, nil)
}

/// Lends a text's UTF-8 bytes (nil for no text) for the duration of `body`.
private func withText(_ text: String?, _ body: (UnsafeBufferPointer<UInt8>?) -> Void) {
    guard var text else { body(nil); return }
    text.withUTF8 { body($0) }
}

/// Binds lent bytes without a copy (SQLITE_STATIC): valid only until the statement is stepped and reset.
private func bindStatic(_ statement: OpaquePointer, _ index: Int32, _ bytes: UnsafeBufferPointer<UInt8>?) {
    guard let bytes else { sqlite3_bind_null(statement, index); return }
    guard let base = bytes.baseAddress, bytes.count > 0 else { sqlite3_bind_text(statement, index, "", 0, transient); return }
    base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
        _ = sqlite3_bind_text(statement, index, $0, Int32(bytes.count), nil)
    }
}

private func bindDate(_ statement: OpaquePointer, _ index: Int32, _ date: CalendarDate?) {
    if let date { sqlite3_bind_int64(statement, index, Int64(date.yyyymmdd)) } else { sqlite3_bind_null(statement, index) }
}
