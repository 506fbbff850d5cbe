import GRDB
import GRDBSQLite
import XueshiModel

/// One row of `hour_sums`: a person's year, category, form and status, as small codes while the
/// import runs (a dictionary of a city's groups stays small).
struct HourSumKey: Hashable {
    var person: Int64
    var year: Int32
    var category: UInt8
    /// 0 for a record without a form, else its place in `LearningForm.allCases` plus one.
    var form: UInt8
    var status: UInt8

    init(person: Int64, entry: RecordBatch.Entry) {
        self.person = person
        year = Int32(entry.year)
        category = UInt8(Category.allCases.firstIndex(of: entry.category)!)
        form = Self.code(entry.form)
        status = Self.code(entry.status)
    }

    static func code(_ form: LearningForm?) -> UInt8 { form.map { UInt8(LearningForm.allCases.firstIndex(of: $0)! + 1) } ?? 0 }
    static func code(_ status: RecordStatus) -> UInt8 { UInt8(RecordStatus.allCases.firstIndex(of: status)!) }
}

/// What an import adds to (or takes from) one group.
struct HourSumChange {
    var hundredths: Int64 = 0
    var records = 0
    var latest: Int32 = 0
}

extension RecordBatch.Entry {
    /// The date a record counts on, as the verifier's query has it: its end, else its start, else its
    /// registration, else 1 January of its year (yyyymmdd).
    var countedDate: Int32 {
        end != 0 ? end : start != 0 ? start : registered != 0 ? registered : Int32(year) * 10_000 + 101
    }
}

extension ImportSession {
    func addToSums(_ key: HourSumKey, _ hours: Hours, counted: Int32, removing: Bool = false) {
        var change = sums[key] ?? HourSumChange()
        change.hundredths += removing ? -hours.hundredths : hours.hundredths
        change.records += removing ? -1 : 1
        change.latest = max(change.latest, counted)
        sums[key] = change
    }

    /// Adds this import's changes to `hour_sums`, in its transaction; a group left without records goes.
    func saveSums() throws {
        guard !sums.isEmpty else { return }
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO hour_sums (person_id, year, category, form, status, hours, records, latest)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (person_id, year, category, form, status) DO UPDATE SET
                hours = hours + excluded.hours, records = records + excluded.records, latest = max(latest, excluded.latest)
            """)
        let categories = Category.allCases.map { "\(ledgerCode($0))" }
        let statuses = RecordStatus.allCases.map { "\(ledgerCode($0))" }
        let forms = [""] + LearningForm.allCases.map { "\(ledgerCode($0))" }
        for (key, change) in sums where change.records != 0 || change.hundredths != 0 {
            try upsert.execute(arguments: [key.person, key.year, categories[Int(key.category)], forms[Int(key.form)],
                                           statuses[Int(key.status)], change.hundredths, change.records, change.latest])
        }
        try db.execute(sql: "DELETE FROM hour_sums WHERE records = 0")
        sums = [:]
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
