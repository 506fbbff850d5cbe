import Foundation
import GRDB
import XueshiModel

/// One import batch, as `xueshi imports` lists it.
public struct BatchSummary: Sendable {
    public var id: Int64
    public var importedAt: String
    public var fileName: String
    public var fileSize: Int64
    public var sha256: String
    public var kind: String
    public var profile: String
    public var encoding: String?
    public var sheet: String?
    /// When the system made the export, when its title rows say.
    public var exportedAt: String?
    public var rows: Int
    public var inserted: Int
    public var duplicates: Int
    public var updated: Int
    public var rejected: Int

    static func fetch(_ db: Database, whereSQL: String = "", arguments: StatementArguments = []) throws -> [BatchSummary] {
        try Row.fetchAll(db, sql: """
            SELECT id, imported_at, file_name, file_size, sha256, kind, profile, encoding, sheet, exported_at,
                   rows, inserted, duplicates, updated, rejected
            FROM batches \(whereSQL) ORDER BY id
            """, arguments: arguments).map { row in
            BatchSummary(id: row["id"], importedAt: row["imported_at"], fileName: row["file_name"],
                         fileSize: row["file_size"], sha256: row["sha256"], kind: row["kind"], profile: row["profile"],
                         encoding: row["encoding"], sheet: row["sheet"], exportedAt: row["exported_at"],
                         rows: row["rows"], inserted: row["inserted"],
                         duplicates: row["duplicates"], updated: row["updated"], rejected: row["rejected"])
        }
    }
}

/// A person as `xueshi people` lists them.
public struct PersonSummary: Sendable {
    public var id: ResidentID
    public var name: String
    /// Every name seen for the ID; more than one is a warning.
    public var names: [String]
    /// The unit for summaries: the unit on their most recent record (latest year, then latest end date,
    /// then latest import).
    public var unit: String
    public var records: Int
    public var years: [Int]
}

/// A stored record with where it came from, as `xueshi records` lists it.
public struct StoredRecord: Sendable {
    public var record: HourRecord
    public var batchID: Int64
    public var fileName: String
    public var row: Int

    public init(record: HourRecord, batchID: Int64, fileName: String, row: Int) {
        self.record = record; self.batchID = batchID; self.fileName = fileName; self.row = row
    }
}

extension Ledger {
    public func batches() throws -> [BatchSummary] {
        try database.read { db in try BatchSummary.fetch(db) }
    }

    /// Everyone with records, by unit (the roster's where they are on one; pinyin order) then ID,
    /// optionally one unit's people only.
    public func people(unit: String? = nil) throws -> [PersonSummary] {
        try database.read { db in
            let rows = try Row.fetchAll(db, sql: """
                WITH counts AS (
                    SELECT person_id, count(*) AS records, group_concat(DISTINCT year) AS years
                    FROM records GROUP BY person_id
                )
                SELECT p.resident_id, p.name, coalesce(ru.name, u.name) AS unit, c.records, c.years,
                       (SELECT group_concat(name, char(31)) FROM (SELECT name FROM person_names WHERE person_id = p.id ORDER BY first_batch_id, first_row)) AS names
                FROM people p
                JOIN units u ON u.id = p.unit_id
                JOIN counts c ON c.person_id = p.id
                LEFT JOIN roster r ON r.person_id = p.id
                LEFT JOIN units ru ON ru.id = r.unit_id
                WHERE ?1 IS NULL OR coalesce(ru.name, u.name) = ?1
                ORDER BY unit, p.resident_id
                """, arguments: [unit])
            let people = rows.map { row in
                let years: String = row["years"] ?? ""
                let names: String = row["names"] ?? ""
                return PersonSummary(id: ResidentID(trusted: row["resident_id"]), name: row["name"],
                                     names: names.split(separator: "\u{1F}").map(String.init), unit: row["unit"],
                                     records: row["records"],
                                     years: years.split(separator: ",").compactMap { Int($0) }.sorted())
            }
            // SQL orders the units by bytes; a Chinese user looks for them in pinyin order. The sort
            // is stable, so each unit's people stay in ID order.
            let rank = PinyinOrder.ranks(of: people.map(\.unit))
            return people.enumerated().sorted { a, b in
                let left = rank[UTF8Key(a.element.unit)]!, right = rank[UTF8Key(b.element.unit)]!
                return left != right ? left < right : a.offset < b.offset
            }.map(\.element)
        }
    }

    /// Records, optionally of one person and one year, in the order a person reads them.
    public func records(person: ResidentID? = nil, year: Int? = nil, limit: Int? = nil) throws -> [StoredRecord] {
        try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT p.resident_id, r.name, u.name AS unit, r.year, r.category, r.form, r.form_text, r.title,
                       r.organizer, r.start_date, r.end_date, r.hours, r.status, r.registered_date,
                       r.batch_id, b.file_name, r.source_row
                FROM records r
                JOIN people p ON p.id = r.person_id
                JOIN units u ON u.id = r.unit_id
                JOIN batches b ON b.id = r.batch_id
                WHERE (?1 IS NULL OR p.resident_id = ?1) AND (?2 IS NULL OR r.year = ?2)
                ORDER BY p.resident_id, r.year, r.category, r.start_date, r.batch_id, r.source_row
                LIMIT coalesce(?3, -1)
                """, arguments: [person?.value, year, limit]).map { row in
                func date(_ column: String) -> CalendarDate? { (row[column] as Int?).flatMap(CalendarDate.init(yyyymmdd:)) }
                let record = HourRecord(
                    id: ResidentID(trusted: row["resident_id"]), name: row["name"], unit: row["unit"], year: row["year"],
                    category: Category(rawValue: row["category"]) ?? .professional,
                    form: (row["form"] as String?).flatMap(LearningForm.init(rawValue:)), formText: row["form_text"],
                    title: row["title"], organizer: row["organizer"], start: date("start_date"), end: date("end_date"),
                    hours: Hours(hundredths: row["hours"]), status: RecordStatus(rawValue: row["status"]) ?? .pending,
                    registered: date("registered_date"))
                return StoredRecord(record: record, batchID: row["batch_id"], fileName: row["file_name"], row: row["source_row"])
            }
        }
    }

    /// How many records, people and units the ledger holds.
    public func counts() throws -> (records: Int, people: Int, units: Int, batches: Int) {
        try database.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM records")!,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM people")!,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM units")!,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM batches")!)
        }
    }
}

/// A person found by name: who they are and where they work, to tell several of one name apart.
public struct PersonMatch: Sendable, Equatable {
    public var id: ResidentID
    public var name: String
    public var unit: String
}

extension Ledger {
    /// The people whose name (the first seen for their ID, any other seen since, or the roster's) is
    /// `name`, with their unit (the roster's where they are on one).
    public func people(named name: String) throws -> [PersonMatch] {
        try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT p.resident_id, coalesce(r.name, p.name), coalesce(ru.name, u.name)
                FROM people p
                LEFT JOIN units u ON u.id = p.unit_id
                LEFT JOIN roster r ON r.person_id = p.id
                LEFT JOIN units ru ON ru.id = r.unit_id
                WHERE (p.name = ?1 OR r.name = ?1 OR p.id IN (SELECT person_id FROM person_names WHERE name = ?1))
                  AND coalesce(ru.name, u.name) IS NOT NULL
                ORDER BY p.resident_id
                """, arguments: [name]).map { PersonMatch(id: ResidentID(trusted: $0[0]), name: $0[1], unit: $0[2]) }
        }
    }

    /// Whether the ledger holds this person.
    public func contains(_ id: ResidentID) throws -> Bool {
        try database.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM people WHERE resident_id = ?)", arguments: [id.value]) ?? false
        }
    }
}
