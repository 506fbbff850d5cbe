import Foundation
import GRDB
import GRDBSQLite
import XueshiModel

/// Which people a check is about.
public enum PeopleScope: Sendable {
    case everyone
    case unit(String)
    case person(ResidentID)
}

extension Ledger {
    /// Everyone's hours in the given years, summed by year, category, status and (for the forms
    /// named) form, as of a day: a record counts only if its end date, else its start date, else its
    /// registration date is on or before `asOf`; a record with no date at all counts once its year
    /// has begun. One SQL pass over the records, whatever their number; people with no record in
    /// those years are included with no hours.
    ///
    /// Where a roster exists it decides a person's name, unit and department, and the people of a unit:
    /// those who left or retired are not checked (but for one person asked for by ID), those on the
    /// roster with no record are, with no hours. `applicantsOnly`: only those the roster marks 是否申报 = 是.
    public func hours(years: [Int], asOf: CalendarDate, forms: Set<LearningForm> = [], scope: PeopleScope = .everyone,
                      applicantsOnly: Bool = false) throws -> [PersonHours] {
        try database.read { db in
            let people = try scopedPeople(db, scope, applicantsOnly: applicantsOnly)
            guard !people.isEmpty, let first = years.min(), let last = years.max() else { return [] }
            var index: [Int64: Int] = [:]
            var result: [PersonHours] = []
            result.reserveCapacity(people.count)
            for person in people {
                index[person.rowID] = result.count
                var hours = PersonHours(id: person.id, name: person.name, unit: person.unit, cells: [])
                hours.department = person.department
                result.append(hours)
            }
            let formList = forms.map { "'\($0.rawValue)'" }.sorted().joined(separator: ",")
            let formColumn = forms.isEmpty ? "NULL" : "CASE WHEN form IN (\(formList)) THEN form END"
            let personFilter: String
            switch scope {
            // Everyone: people filtered out (left, retired, not applying) are skipped by the index below.
            case .everyone: personFilter = ""
            case .unit, .person: personFilter = "AND person_id IN (\(people.map { String($0.rowID) }.joined(separator: ",")))"
            }
            // The import keeps sums per person, year, category, form and status: read them unless some
            // group holds a record dated after `asOf`, which only the records can leave out.
            let recordsAfter = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM hour_sums WHERE year BETWEEN ? AND ? AND latest > ?)",
                                                 arguments: [first, last, asOf.yyyymmdd]) ?? true
            let statement = try db.makeStatement(sql: recordsAfter ? """
                SELECT person_id, year, category, status, \(formColumn) AS form, sum(hours) AS hours
                FROM records
                WHERE year BETWEEN ?1 AND ?2
                  AND coalesce(end_date, start_date, registered_date, year * 10000 + 101) <= ?3
                  \(personFilter)
                GROUP BY person_id, year, category, status\(forms.isEmpty ? "" : ", 5")
                """ : """
                SELECT person_id, year, category, status, \(formColumn) AS form, sum(hours) AS hours
                FROM hour_sums
                WHERE year BETWEEN ?1 AND ?2 AND latest <= ?3
                  \(personFilter)
                GROUP BY person_id, year, category, status\(forms.isEmpty ? "" : ", 5")
                """)
            try statement.setArguments([first, last, asOf.yyyymmdd])
            // Stepped through SQLite's C interface: a city's ledger yields a million groups, and reading
            // them as GRDB rows costs more than the query itself.
            let raw = statement.sqliteStatement
            defer { sqlite3_reset(raw) }
            let wanted = Set(years)
            while true {
                let code = sqlite3_step(raw)
                if code == SQLITE_DONE { break }
                guard code == SQLITE_ROW else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
                guard let position = index[sqlite3_column_int64(raw, 0)] else { continue }
                let year = Int(sqlite3_column_int64(raw, 1))
                guard wanted.contains(year),
                      let category = Self.code(raw, 2, Category.allCases),
                      let status = Self.code(raw, 3, RecordStatus.allCases) else { continue }
                let form = sqlite3_column_type(raw, 4) == SQLITE_NULL ? nil : Self.code(raw, 4, LearningForm.allCases)
                result[position].cells.append(HoursCell(year: year, category: category, form: form, status: status,
                                                        hours: Hours(hundredths: sqlite3_column_int64(raw, 5))))
            }
            for row in try Row.fetchAll(db, sql: "SELECT person_id, started FROM work_starts") {
                if let position = index[row[0]] { result[position].workStart = CalendarDate(yyyymmdd: row[1]) }
            }
            for row in try Row.fetchAll(db, sql: "SELECT person_id, year, reason FROM exempt_years") {
                if let position = index[row[0]] { result[position].exemptYears[row[1]] = row[2] }
            }
            return result
        }
    }

    /// The code value in a text column, compared byte for byte without making a String.
    static func code<Code: RawRepresentable>(_ statement: OpaquePointer, _ column: Int32, _ codes: [Code]) -> Code? where Code.RawValue == String {
        guard let text = sqlite3_column_text(statement, column) else { return nil }
        let length = Int(sqlite3_column_bytes(statement, column))
        for code in codes {
            var raw = code.rawValue
            let same = raw.withUTF8 { bytes in bytes.count == length && memcmp(bytes.baseAddress!, text, length) == 0 }
            if same { return code }
        }
        return nil
    }

    struct ScopedPerson { var rowID: Int64; var id: ResidentID; var name: String; var unit: String; var department: String? }

    /// People in scope with their name, unit and department: the roster's where they are on one, else
    /// the first name seen and the unit on their most recent record (kept by the import).
    func scopedPeople(_ db: Database, _ scope: PeopleScope, applicantsOnly: Bool = false) throws -> [ScopedPerson] {
        var filters = ["coalesce(ru.name, u.name) IS NOT NULL"]
        var arguments: StatementArguments = []
        switch scope {
        case .everyone: filters.append("coalesce(r.employment, 'active') = 'active'")
        case .unit(let unit):
            filters.append("coalesce(r.employment, 'active') = 'active'")
            filters.append("coalesce(ru.name, u.name) = ?"); arguments += [unit]
        case .person(let id): filters.append("p.resident_id = ?"); arguments += [id.value]
        }
        if applicantsOnly { filters.append("r.applicant = 1") }
        return try Row.fetchAll(db, sql: """
            SELECT p.id, p.resident_id, coalesce(r.name, p.name), coalesce(ru.name, u.name), r.department
            FROM people p
            LEFT JOIN roster r ON r.person_id = p.id
            LEFT JOIN units ru ON ru.id = r.unit_id
            LEFT JOIN units u ON u.id = p.unit_id
            WHERE \(filters.joined(separator: " AND "))
            ORDER BY p.id
            """, arguments: arguments).map {
            ScopedPerson(rowID: $0[0], id: ResidentID(trusted: $0[1]), name: $0[2], unit: $0[3], department: $0[4])
        }
    }

    // MARK: - Exemptions

    /// Records when a person started work: policy years before it can be exempt.
    public func setWorkStart(_ id: ResidentID, _ started: CalendarDate) throws {
        try explainingFailures { try database.write { db in
            let personID = try requirePerson(db, id)
            try db.execute(sql: "INSERT INTO work_starts (person_id, started) VALUES (?, ?) ON CONFLICT (person_id) DO UPDATE SET started = excluded.started",
                           arguments: [personID, started.yyyymmdd])
        } }
    }

    /// Marks one year of a person as exempt, with the reason.
    public func setExemptYear(_ id: ResidentID, year: Int, reason: String) throws {
        try explainingFailures { try database.write { db in
            let personID = try requirePerson(db, id)
            try db.execute(sql: "INSERT INTO exempt_years (person_id, year, reason) VALUES (?, ?, ?) ON CONFLICT (person_id, year) DO UPDATE SET reason = excluded.reason",
                           arguments: [personID, year, reason])
        } }
    }

    /// Removes a person's work start and exempt years (all, or one year). Returns how many were removed.
    @discardableResult
    public func removeExemptions(_ id: ResidentID, year: Int? = nil) throws -> Int {
        try explainingFailures { try database.write { db in
            let personID = try requirePerson(db, id)
            if let year {
                try db.execute(sql: "DELETE FROM exempt_years WHERE person_id = ? AND year = ?", arguments: [personID, year])
                return db.changesCount
            }
            try db.execute(sql: "DELETE FROM exempt_years WHERE person_id = ?", arguments: [personID])
            var removed = db.changesCount
            try db.execute(sql: "DELETE FROM work_starts WHERE person_id = ?", arguments: [personID])
            removed += db.changesCount
            return removed
        } }
    }

    /// Every exemption in the ledger: (ID, name, work start, exempt years with reasons).
    public func exemptions() throws -> [(id: ResidentID, name: String, workStart: CalendarDate?, years: [Int: String])] {
        try database.read { db in
            var byPerson: [String: (name: String, start: CalendarDate?, years: [Int: String])] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT p.resident_id, p.name, w.started FROM work_starts w JOIN people p ON p.id = w.person_id") {
                byPerson[row[0], default: (row[1], nil, [:])].start = CalendarDate(yyyymmdd: row[2])
            }
            for row in try Row.fetchAll(db, sql: "SELECT p.resident_id, p.name, e.year, e.reason FROM exempt_years e JOIN people p ON p.id = e.person_id") {
                byPerson[row[0], default: (row[1], nil, [:])].years[row[2]] = row[3]
            }
            return byPerson.keys.sorted().map { key in
                let entry = byPerson[key]!
                return (ResidentID(trusted: key), entry.name, entry.start, entry.years)
            }
        }
    }

    private func requirePerson(_ db: Database, _ id: ResidentID) throws -> Int64 {
        guard let personID = try Int64.fetchOne(db, sql: "SELECT id FROM people WHERE resident_id = ?", arguments: [id.value]) else {
            throw LedgerError("学时库里没有身份证号为 \(id.masked) 的人")
        }
        return personID
    }
}
