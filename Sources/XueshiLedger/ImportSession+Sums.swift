import GRDB
import GRDBSQLite
import XueshiModel

/// One group of `hour_sums` within a person: a year, category, form and status, as small codes.
struct HourSumKey: Hashable {
    var year: Int32
    var category: UInt8
    /// 0 for a record without a form, else its place in `LearningForm.allCases` plus one.
    var form: UInt8
    var status: UInt8

    init(entry: RecordBatch.Entry) {
        year = Int32(entry.year)
        category = UInt8(Category.allCases.firstIndex(of: entry.category)!)
        form = Self.code(entry.form)
        status = Self.code(entry.status)
    }

    init(packed: UInt32) {
        year = Int32(packed >> 12); category = UInt8((packed >> 8) & 0xF); status = UInt8((packed >> 4) & 0xF); form = UInt8(packed & 0xF)
    }

    /// One number, ordered as the table's key orders the group within a person (year, category,
    /// status, form, the codes' places in their lists being in the order of their texts).
    var packed: UInt32 { UInt32(year) << 12 | UInt32(category) << 8 | UInt32(status) << 4 | UInt32(form) }

    static func code(_ form: LearningForm?) -> UInt8 { form.map { UInt8(LearningForm.allCases.firstIndex(of: $0)! + 1) } ?? 0 }
    static func code(_ status: RecordStatus) -> UInt8 { UInt8(RecordStatus.allCases.firstIndex(of: status)!) }
}

/// What an import adds to `hour_sums`, per person (by their place in the session) a short list of
/// groups searched in turn: a person's records come together and make a few dozen groups, so this is
/// quicker than hashing every record's group (which cost a million-row import about a second).
final class HourSumTable {
    struct Cell {
        var group: UInt32
        var hundredths: Int64 = 0
        var records: Int32 = 0
        var latest: Int32 = 0
    }

    private(set) var cells: [[Cell]] = []
    private(set) var rowIDs: [Int64] = []

    var isEmpty: Bool { rowIDs.isEmpty }

    func add(person: Int32, rowID: Int64, _ key: HourSumKey, _ hours: Hours, counted: Int32, removing: Bool = false) {
        let index = Int(person)
        while cells.count <= index { cells.append([]); rowIDs.append(0) }
        rowIDs[index] = rowID
        let group = key.packed
        let position = cells[index].firstIndex { $0.group == group } ?? {
            cells[index].append(Cell(group: group))
            return cells[index].count - 1
        }()
        cells[index][position].hundredths += removing ? -hours.hundredths : hours.hundredths
        cells[index][position].records += removing ? -1 : 1
        cells[index][position].latest = max(cells[index][position].latest, counted)
    }

    func removeAll() { cells = []; rowIDs = [] }
}

/// The codes as the ledger writes them, by their places in the model's lists.
private let categoryCodes = Category.allCases.map { "\(ledgerCode($0))" }
private let statusCodes = RecordStatus.allCases.map { "\(ledgerCode($0))" }
private let formCodes = [""] + LearningForm.allCases.map { "\(ledgerCode($0))" }

/// Each code's place among its list's texts sorted, as the table's key orders them.
private func textRanks(_ codes: [String]) -> [UInt32] {
    let sorted = codes.sorted()
    return codes.map { UInt32(sorted.firstIndex(of: $0)!) }
}
private let categoryRanks = textRanks(categoryCodes), statusRanks = textRanks(statusCodes), formRanks = textRanks(formCodes)

/// A group's place within a person's rows of the table: year, then category, status and form texts.
private func keyOrder(_ group: UInt32) -> UInt32 {
    let key = HourSumKey(packed: group)
    return UInt32(key.year) << 12 | categoryRanks[Int(key.category)] << 8 | statusRanks[Int(key.status)] << 4 | formRanks[Int(key.form)]
}

extension ImportSession {
    /// Adds this import's changes to `hour_sums`, in its transaction, in the table's key order (people
    /// by row, then their groups), so that the table grows page by page; a group left without records goes.
    func saveSums() throws {
        guard !sums.isEmpty else { return }
        var statement: OpaquePointer?
        let sql = """
            INSERT INTO hour_sums (person_id, year, category, form, status, hours, records, latest)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            ON CONFLICT (person_id, year, category, status, form) DO UPDATE SET
                hours = hours + excluded.hours, records = records + excluded.records, latest = max(latest, excluded.latest)
            """
        let prepared = sqlite3_prepare_v2(db.sqliteConnection, sql, -1, &statement, nil)
        guard prepared == SQLITE_OK, let statement else {
            throw DatabaseError(resultCode: ResultCode(rawValue: prepared), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
        }
        defer { sqlite3_finalize(statement) }
        let people = sums.rowIDs.indices.filter { !sums.cells[$0].isEmpty }.sorted { sums.rowIDs[$0] < sums.rowIDs[$1] }
        for person in people {
            let ordered = sums.cells[person].sorted { keyOrder($0.group) < keyOrder($1.group) }
            for cell in ordered where cell.records != 0 || cell.hundredths != 0 {
                let key = HourSumKey(packed: cell.group)
                sqlite3_bind_int64(statement, 1, sums.rowIDs[person])
                sqlite3_bind_int64(statement, 2, Int64(key.year))
                bindText(statement, 3, categoryCodes[Int(key.category)])
                bindText(statement, 4, formCodes[Int(key.form)])
                bindText(statement, 5, statusCodes[Int(key.status)])
                sqlite3_bind_int64(statement, 6, cell.hundredths)
                sqlite3_bind_int64(statement, 7, Int64(cell.records))
                sqlite3_bind_int64(statement, 8, Int64(cell.latest))
                let code = sqlite3_step(statement)
                sqlite3_reset(statement)
                guard code == SQLITE_DONE else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
            }
        }
        try db.execute(sql: "DELETE FROM hour_sums WHERE records = 0")
        sums.removeAll()
    }

    private func bindText(_ statement: OpaquePointer, _ index: Int32, _ text: String) {
        // SQLite copies the text (SQLITE_TRANSIENT): the String's storage is lent for this call only.
        _ = text.withCString { sqlite3_bind_text(statement, index, $0, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self)) }
    }
}

extension Ledger {
    /// The sums as the records give them.
    static let hourSumsOfRecords = """
        SELECT person_id, year, category, coalesce(form, '') AS form, status, sum(hours) AS hours, count(*) AS records,
               max(coalesce(end_date, start_date, registered_date, year * 10000 + 101)) AS latest
        FROM records GROUP BY person_id, year, category, coalesce(form, ''), status
        """

    /// Computes `hour_sums` anew from the records (the schema step that makes them, and a repair).
    static func rebuildHourSums(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM hour_sums")
        try db.execute(sql: "INSERT INTO hour_sums (person_id, year, category, form, status, hours, records, latest) " + hourSumsOfRecords)
    }

    /// Groups whose sum or count differs from the records', or whose `latest` is earlier than a
    /// record's date (0 when the sums are right).
    static func hourSumMismatches(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: """
            WITH computed AS (\(hourSumsOfRecords))
            SELECT (SELECT count(*) FROM computed c LEFT JOIN hour_sums h USING (person_id, year, category, form, status)
                    WHERE h.hours IS NOT c.hours OR h.records IS NOT c.records OR h.latest < c.latest)
                 + (SELECT count(*) FROM hour_sums h LEFT JOIN computed c USING (person_id, year, category, form, status)
                    WHERE c.records IS NULL)
            """) ?? 0
    }
}
