import Foundation
import GRDB
import GRDBSQLite
import XueshiModel

/// Writes one import's records; lives inside `Ledger.importing`'s transaction. Prepared statements
/// are bound through SQLite's C interface directly: this is the hot path of a million-row import,
/// and building GRDB argument arrays per row costs more than the insert itself.
public final class ImportSession {
    let db: Database
    let insertRecord: OpaquePointer
    let findRecord: OpaquePointer
    let updateStatus: OpaquePointer
    /// What this import adds to `hour_sums` (ImportSession+Sums.swift), written before it commits.
    let sums = HourSumTable()
    /// By `ResidentID.packed`, the person's place in `known`: looked up once per record.
    private var people: [Int64: Int32] = [:]
    /// People met in this import: their row, the names seen, and their current unit with its rank
    /// (see the v3 migration), written back when the import is kept.
    private var known: [KnownPerson] = []
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
    /// Units met in this import by a 64-bit hash of their name's bytes, with the name to confirm it:
    /// a unit is looked up for every record, and hashing a Swift string costs more than this.
    private var units: [UInt64: (id: Int64, name: [UInt8])] = [:]
    /// Records added and not yet written (see `flush`): an entry of one of `pendingBatches`, with the
    /// person and unit settled.
    private var pending: [PendingRecord] = []
    private var pendingBatches: [PendingBatch] = []
    /// A batch's entries and bytes, read without going through the batch object for every record.
    struct PendingBatch {
        let batch: RecordBatch
        let entries: [RecordBatch.Entry]
        let base: UnsafePointer<UInt8>
        init(_ batch: RecordBatch) { self.batch = batch; entries = batch.entries; base = batch.base }
    }
    /// Where `add(_ record:)` puts single records.
    private var looseBatch: RecordBatch?
    struct PendingRecord {
        var batch: Int32
        var entry: Int32
        var digest: Int64
        /// The person's place in `known`.
        var person: Int32
        var unitID: Int64
    }
    /// What the current batch's written records did.
    private var counts = BatchCounts()
    /// The batch records are added to now (0 before the first).
    public private(set) var batchID: Int64 = 0
    private var batchFileName = ""
    private var batchExportedAt: String?
    /// Name conflicts met in this import, in the order met: the first ten thousand, to show; the
    /// count covers them all (a broken export could have one on every row).
    public private(set) var nameConflicts: [NameConflict] = []
    public private(set) var nameConflictCount = 0
    public static let keptNameConflicts = 10_000
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
            SELECT r.id, r.person_id, r.year, r.category, r.title, r.start_date, r.end_date, r.hours, r.status,
                   b.exported_at, r.form, coalesce(r.end_date, r.start_date, r.registered_date, r.year * 10000 + 101)
            FROM records r LEFT JOIN batches b ON b.id = coalesce(r.status_batch_id, r.batch_id)
            WHERE r.record_key = ?1
            """)
        updateStatus = try prepare("UPDATE records SET status = ?2, status_batch_id = ?3 WHERE id = ?1")
        statements = [insertRecord, findRecord, updateStatus]
    }

    func finalize() {
        for statement in statements { sqlite3_finalize(statement) }
        statements = []
    }

    /// Starts the batch of one file; records added after it are attributed to it.
    public func beginBatch(_ file: BatchFile) throws {
        try flush()
        let now = ISO8601DateFormatter().string(from: Date())
        try db.execute(sql: """
            INSERT INTO batches (imported_at, file_name, file_size, sha256, kind, profile, encoding, sheet, header_row, exported_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [now, file.fileName, file.size, file.sha256, file.kind, file.profile, file.encoding,
                             file.sheet, file.headerRow, file.exportedAt])
        batchID = db.lastInsertedRowID
        batchFileName = file.fileName
        batchExportedAt = file.exportedAt
        counts = BatchCounts()
    }

    /// Closes the batch of the current file: writes its last records, and its counts (and its
    /// SHA-256, known only once a streamed file has been read to its end). Returns what the batch's
    /// records did.
    @discardableResult
    public func finishBatch(sha256: String, rows: Int, rejected: Int) throws -> BatchCounts {
        try flush()
        try db.execute(sql: """
            UPDATE batches SET sha256 = ?, rows = ?, inserted = ?, duplicates = ?, updated = ?, rejected = ? WHERE id = ?
            """, arguments: [sha256, rows, counts.inserted, counts.duplicates, counts.updated, rejected, batchID])
        return counts
    }

    /// Earlier imports of a file with this SHA-256 (the same file imported again), oldest first.
    /// `before`: the file's first batch (a workbook's sheets are a batch each), else the current one.
    public func earlierImports(sha256: String, before: Int64? = nil) throws -> [(id: Int64, importedAt: String)] {
        try Row.fetchAll(db, sql: "SELECT id, imported_at FROM batches WHERE sha256 = ? AND id < ? ORDER BY id",
                         arguments: [sha256, before ?? batchID]).map { ($0["id"], $0["imported_at"]) }
    }

    /// Adds a record read from `row` of the current batch's file, once: a record already in the
    /// ledger (same natural key) is a duplicate. Written by `flush`, as `add(_ batch:)` says.
    public func add(_ record: HourRecord, row: Int) throws {
        let batch: RecordBatch
        // Reused only while it is the last batch added: an earlier snapshot of it must stay valid.
        if let looseBatch, pendingBatches.last?.batch === looseBatch { batch = looseBatch } else {
            batch = RecordBatch(expectedRecords: 16)
            looseBatch = batch
        }
        batch.append(record, row: row)
        try add(batch, from: batch.count - 1)
    }

    /// Adds the records of a batch read from the current batch's file, each once: a record already in
    /// the ledger (same natural key) is a duplicate.
    ///
    /// Each record's person and unit are settled at once, in the order records come (so the first name
    /// seen for an ID stays its name); the records themselves are written a chunk at a time by
    /// `flush`, which runs on its own when a chunk is full and at `finishBatch`.
    public func add(_ batch: RecordBatch) throws {
        try add(batch, from: 0)
    }

    private func add(_ batch: RecordBatch, from first: Int) throws {
        guard first < batch.count else { return }
        if let last = pendingBatches.last, last.batch === batch {
            // More single records in the same batch: the snapshot must include them.
            pendingBatches[pendingBatches.count - 1] = PendingBatch(batch)
        } else {
            pendingBatches.append(PendingBatch(batch))
        }
        let batchIndex = Int32(pendingBatches.count - 1)
        let entries = batch.entries, base = batch.base
        for index in first..<entries.count {
            let entry = entries[index]
            let person = try person(for: entry, at: base)
            let unitID = try unit(named: RecordBatch.bytes(entry.unit, at: base)!)
            pending.append(PendingRecord(batch: batchIndex, entry: Int32(index), digest: entry.digest,
                                         person: person, unitID: unitID))
        }
        if pending.count >= Self.chunkSize { try flush() }
    }

    /// Records written per chunk. A chunk goes into the ledger in key-digest order: the key index then
    /// takes its new entries page by page instead of at random, which makes a million-row import more
    /// than a second faster (the index is SQLite's largest cost), and a bigger chunk puts more entries
    /// on each page it touches as the index grows (4.5 million rows: 25 s with 32,768, 20 s with
    /// 65,536). 65,536 records with their texts take about 19 MB.
    static let chunkSize = 65_536

    /// Sorts a chunk by digest; equal digests keep the order they came in.
    private struct ChunkOrder: Comparable {
        var digest: Int64
        var position: Int32
        static func < (a: ChunkOrder, b: ChunkOrder) -> Bool {
            a.digest < b.digest || (a.digest == b.digest && a.position < b.position)
        }
    }

    /// Writes the records added since the last flush and returns what adding each did, in the order
    /// they were added. The counts of the current batch include them.
    @discardableResult
    public func flush() throws -> [AddOutcome] {
        guard !pending.isEmpty else { return [] }
        defer {
            pending.removeAll(keepingCapacity: true)
            pendingBatches.removeAll()
            looseBatch = nil
        }
        // Equal digests keep the order they came in, so the first of two equal records in a file is
        // the one stored, and a later decision updates it, as in file order.
        var order = pending.indices.map { ChunkOrder(digest: pending[$0].digest, position: Int32($0)) }
        order.sort()
        var outcomes = [AddOutcome](repeating: .duplicate, count: pending.count)
        for item in order { outcomes[Int(item.position)] = try write(pending[Int(item.position)]) }
        // The current unit is noted in file order: of two records equally recent, the later one wins.
        for (index, outcome) in outcomes.enumerated() {
            switch outcome {
            case .inserted:
                counts.inserted += 1
                let item = pending[index]
                let entry = pendingBatches[Int(item.batch)].entries[Int(item.entry)]
                let rank = Int64(entry.year) * 100_000_000_000_000 + Int64(entry.end) * 1_000_000 + batchID
                known[Int(item.person)].take(unitID: item.unitID, rank: rank)
            case .duplicate: counts.duplicates += 1
            case .statusUpdated: counts.duplicates += 1; counts.updated += 1
            case .olderDecision: counts.duplicates += 1; counts.olderDecisions += 1
            }
        }
        return outcomes
    }

    private func write(_ item: PendingRecord) throws -> AddOutcome {
        let batch = pendingBatches[Int(item.batch)]
        let entry = batch.entries[Int(item.entry)]
        let personID = known[Int(item.person)].rowID
        // Probe from the key's digest; a different record under the same digest (a 64-bit collision,
        // about one in 10^11 for a city's ledger) moves on to the next slot instead of being lost.
        var slot = item.digest
        while true {
            if try insert(entry, at: batch.base, slot: slot, personID: personID, unitID: item.unitID) {
                sums.add(person: item.person, rowID: personID, HourSumKey(entry: entry), entry.hours, counted: entry.countedDate)
                return .inserted
            }
            guard let existing = try stored(slot: slot, comparingWith: entry, at: batch.base, personID: personID) else {
                throw LedgerError("记录写入失败（第 \(entry.row) 行）：学时库拒绝了这条记录，却找不到与之冲突的记录")
            }
            if existing.matches {
                guard existing.status != entry.status && entry.status != .pending else {
                    // "Pending" never undoes a decision.
                    return .duplicate
                }
                // A decision (approved, rejected) replaces the stored status unless the export that
                // set it was made later than this one; without export times, the later import wins.
                if let decidedBy = existing.exportedAt, let this = batchExportedAt, this < decidedBy {
                    return .olderDecision
                }
                try execute(updateStatus) { statement in
                    sqlite3_bind_int64(statement, 1, existing.rowID)
                    bindCode(statement, 2, ledgerCode(entry.status))
                    sqlite3_bind_int64(statement, 3, batchID)
                }
                // The stored record's hours move from its old status to the new one.
                var moved = HourSumKey(entry: entry)
                moved.form = existing.form
                moved.status = HourSumKey.code(existing.status)
                sums.add(person: item.person, rowID: personID, moved, entry.hours, counted: existing.counted, removing: true)
                moved.status = HourSumKey.code(entry.status)
                sums.add(person: item.person, rowID: personID, moved, entry.hours, counted: existing.counted)
                return .statusUpdated(from: existing.status)
            }
            slot = Self.nextSlot(after: slot)
        }
    }

    /// Where a record goes when its digest's slot holds another record (a 64-bit collision): the
    /// slots are probed in this order by every writer of `record_key`.
    static func nextSlot(after slot: Int64) -> Int64 { slot &+ Int64(bitPattern: 0x9E37_79B9_7F4A_7C15) }

    // MARK: - People and units

    /// The person's place in `known`, adding them to the ledger when new.
    private func person(for entry: RecordBatch.Entry, at base: UnsafePointer<UInt8>) throws -> Int32 {
        let name = RecordBatch.bytes(entry.name, at: base)!
        if let index = people[entry.personKey] {
            // Compared byte for byte, as the ledger stores them (String's == normalises Unicode first).
            if !known[Int(index)].names.contains(where: { $0.hasSameBytes(as: name) }) {
                try noteName(entry, at: base, person: index)
            }
            return index
        }
        let key = String(decoding: RecordBatch.bytes(entry.id, at: base)!, as: UTF8.self)
        let index = Int32(known.count)
        // Cached statements: a city's export meets tens of thousands of people.
        if let stored = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, unit_id, unit_rank FROM people WHERE resident_id = ?"), arguments: [key]) {
            let rowID: Int64 = stored[0]
            let names = try String.fetchAll(db.cachedStatement(sql: "SELECT name FROM person_names WHERE person_id = ? ORDER BY first_batch_id, first_row"),
                                            arguments: [rowID])
            known.append(KnownPerson(rowID: rowID, names: names, unitID: stored[1], unitRank: stored[2]))
            people[entry.personKey] = index
            if !names.contains(where: { $0.hasSameBytes(as: name) }) { try noteName(entry, at: base, person: index) }
            return index
        }
        let nameText = String(decoding: name, as: UTF8.self)
        try db.cachedStatement(sql: "INSERT INTO people (resident_id, name) VALUES (?, ?)").execute(arguments: [key, nameText])
        let rowID = db.lastInsertedRowID
        try db.cachedStatement(sql: "INSERT INTO person_names (person_id, name, first_batch_id, first_row) VALUES (?, ?, ?, ?)")
            .execute(arguments: [rowID, nameText, batchID, entry.row])
        known.append(KnownPerson(rowID: rowID, names: [nameText], unitID: nil, unitRank: -1))
        people[entry.personKey] = index
        return index
    }

    /// Writes the current unit of every person whose unit this import changed.
    func saveCurrentUnits() throws {
        let update = try db.cachedStatement(sql: "UPDATE people SET unit_id = ?, unit_rank = ? WHERE id = ?")
        for index in known.indices where known[index].unitChanged {
            try update.execute(arguments: [known[index].unitID, known[index].unitRank, known[index].rowID])
            known[index].unitChanged = false
        }
    }

    private func noteName(_ entry: RecordBatch.Entry, at base: UnsafePointer<UInt8>, person index: Int32) throws {
        let name = String(decoding: RecordBatch.bytes(entry.name, at: base)!, as: UTF8.self)
        let id = String(decoding: RecordBatch.bytes(entry.id, at: base)!, as: UTF8.self)
        let person = known[Int(index)]
        nameConflictCount += 1
        if nameConflicts.count < Self.keptNameConflicts {
            nameConflicts.append(NameConflict(id: ResidentID(trusted: id), knownNames: person.names, newName: name,
                                              file: batchFileName, row: entry.row))
        }
        try db.execute(sql: "INSERT OR IGNORE INTO person_names (person_id, name, first_batch_id, first_row) VALUES (?, ?, ?, ?)",
                       arguments: [person.rowID, name, batchID, entry.row])
        known[Int(index)].names.append(name)
    }

    private func unit(named name: UnsafeBufferPointer<UInt8>) throws -> Int64 {
        // The names are short, and a collision only costs the slow path below.
        var fnv = FNV1a()
        fnv.add(name)
        let hash = fnv.value
        if let known = units[hash], known.name.withUnsafeBufferPointer({ $0.hasSameBytes(as: name) }) { return known.id }
        let text = String(decoding: name, as: UTF8.self)
        try db.execute(sql: "INSERT INTO units (name) VALUES (?) ON CONFLICT (name) DO NOTHING", arguments: [text])
        let id = try Int64.fetchOne(db, sql: "SELECT id FROM units WHERE name = ?", arguments: [text])!
        if units[hash] == nil { units[hash] = (id, Array(name)) }
        return id
    }

    // MARK: - Raw statements

    private func insert(_ entry: RecordBatch.Entry, at base: UnsafePointer<UInt8>, slot: Int64, personID: Int64, unitID: Int64) throws -> Bool {
        let s = insertRecord
        defer { sqlite3_reset(s) }
        sqlite3_bind_int64(s, 1, slot)
        sqlite3_bind_int64(s, 2, personID)
        sqlite3_bind_int64(s, 3, Int64(entry.year))
        bindCode(s, 4, ledgerCode(entry.category))
        // The texts are bound from the batch's bytes without SQLite copying them (SQLITE_STATIC): the
        // batch outlives the step.
        bindStatic(s, 5, RecordBatch.bytes(entry.title, at: base))
        bindDate(s, 6, entry.start)
        bindDate(s, 7, entry.end)
        sqlite3_bind_int64(s, 8, entry.hours.hundredths)
        bindCode(s, 9, ledgerCode(entry.status))
        bindCode(s, 10, entry.form.map { ledgerCode($0) })
        bindStatic(s, 11, RecordBatch.bytes(entry.formText, at: base))
        bindStatic(s, 12, RecordBatch.bytes(entry.organizer, at: base))
        bindDate(s, 13, entry.registered)
        bindStatic(s, 14, RecordBatch.bytes(entry.name, at: base))
        sqlite3_bind_int64(s, 15, unitID)
        sqlite3_bind_int64(s, 16, batchID)
        sqlite3_bind_int64(s, 17, Int64(entry.row))
        let code = sqlite3_step(s)
        guard code == SQLITE_DONE else { throw lastError(code) }
        return sqlite3_changes(db.sqliteConnection) > 0
    }

    /// The record stored under a digest slot, and whether it is the same record as `entry` (same
    /// person, year, category, title, dates and hours).
    private func stored(slot: Int64, comparingWith entry: RecordBatch.Entry, at base: UnsafePointer<UInt8>,
                        personID: Int64) throws -> (rowID: Int64, status: RecordStatus, exportedAt: String?, matches: Bool,
                                                    form: UInt8, counted: Int32)? {
        let s = findRecord
        defer { sqlite3_reset(s); sqlite3_clear_bindings(s) }
        sqlite3_bind_int64(s, 1, slot)
        let code = sqlite3_step(s)
        if code == SQLITE_DONE { return nil }
        guard code == SQLITE_ROW else { throw lastError(code) }
        func optionalInt(_ column: Int32) -> Int64 {
            sqlite3_column_type(s, column) == SQLITE_NULL ? 0 : sqlite3_column_int64(s, column)
        }
        func text(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
            let base = sqlite3_column_text(s, column)
            return UnsafeBufferPointer(start: base, count: Int(sqlite3_column_bytes(s, column)))
        }
        func isCode(_ column: Int32, _ code: StaticString) -> Bool {
            text(column).hasSameBytes(as: UnsafeBufferPointer(start: code.utf8Start, count: code.utf8CodeUnitCount))
        }
        // Compared as bytes, without making strings: a re-import meets a million duplicates.
        let title = RecordBatch.bytes(entry.title, at: base) ?? UnsafeBufferPointer(start: nil, count: 0)
        let matches = sqlite3_column_int64(s, 1) == personID && sqlite3_column_int64(s, 2) == Int64(entry.year)
            && isCode(3, ledgerCode(entry.category)) && text(4).hasSameBytes(as: title)
            && optionalInt(5) == Int64(entry.start) && optionalInt(6) == Int64(entry.end)
            && sqlite3_column_int64(s, 7) == entry.hours.hundredths
        let status = RecordStatus.allCases.first { isCode(8, ledgerCode($0)) } ?? .approved
        // Read only when it can matter: another decision than the stored one.
        let exportedAt = status == entry.status || entry.status == .pending || sqlite3_column_type(s, 9) == SQLITE_NULL
            ? nil : String(decoding: text(9), as: UTF8.self)
        let form = sqlite3_column_type(s, 10) == SQLITE_NULL ? 0 : HourSumKey.code(LearningForm.allCases.first { isCode(10, ledgerCode($0)) })
        return (sqlite3_column_int64(s, 0), status, exportedAt, matches, form, Int32(truncatingIfNeeded: sqlite3_column_int64(s, 11)))
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

/// SQLite copies the bytes at once (SQLITE_TRANSIENT): for the empty text, which has no storage to lend.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

func ledgerCode(_ category: Category) -> StaticString {
    switch category {
    case .generalPublic: return "general_public"
    case .industryPublic: return "industry_public"
    case .professional: return "professional"
    }
}

func ledgerCode(_ status: RecordStatus) -> StaticString {
    switch status {
    case .approved: return "approved"
    case .pending: return "pending"
    case .rejected: return "rejected"
    }
}

func ledgerCode(_ form: LearningForm) -> StaticString {
    switch form {
    case .training: return "training"
    case .online: return "online"
    case .conference: return "conference"
    case .paper: return "paper"
    case .patent: return "patent"
    case .project: return "project"
    case .degree: return "degree"
    case .other: return "other"
    }
}

private func bindCode(_ statement: OpaquePointer, _ index: Int32, _ code: StaticString?) {
    guard let code else { sqlite3_bind_null(statement, index); return }
    // SQLITE_STATIC (nil): a static string outlives the statement.
    code.utf8Start.withMemoryRebound(to: CChar.self, capacity: code.utf8CodeUnitCount) {
        _ = sqlite3_bind_text(statement, index, $0, Int32(code.utf8CodeUnitCount), nil)
    }
}

/// Binds lent bytes without a copy (SQLITE_STATIC): valid only until the statement is stepped and reset.
private func bindStatic(_ statement: OpaquePointer, _ index: Int32, _ bytes: UnsafeBufferPointer<UInt8>?) {
    guard let bytes else { sqlite3_bind_null(statement, index); return }
    guard let base = bytes.baseAddress, bytes.count > 0 else { sqlite3_bind_text(statement, index, "", 0, transient); return }
    base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
        _ = sqlite3_bind_text(statement, index, $0, Int32(bytes.count), nil)
    }
}

/// A yyyymmdd date, 0 for none (NULL in the ledger).
private func bindDate(_ statement: OpaquePointer, _ index: Int32, _ date: Int32) {
    if date != 0 { sqlite3_bind_int64(statement, index, Int64(date)) } else { sqlite3_bind_null(statement, index) }
}
