import GRDB
import XueshiModel
import XueshiReconcile

extension Ledger {
    /// Whether any roster has been imported.
    public func hasRoster() throws -> Bool {
        try database.read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM roster)") ?? false }
    }

    /// The rosters, the people with records (their names, latest unit and years in `years`), the
    /// internal trainings with the records of their attendees, and the exempt years: what `reconcile`
    /// compares.
    public func reconcileInput(years: [Int]) throws -> ReconcileInput {
        try database.read { db in
            let roster = try Row.fetchAll(db, sql: """
                SELECT p.resident_id, r.name, u.name, r.department, r.work_start, r.employment
                FROM roster r JOIN people p ON p.id = r.person_id JOIN units u ON u.id = r.unit_id
                ORDER BY p.resident_id
                """).map { row in
                ReconcileInput.RosterPerson(id: ResidentID(trusted: row[0]), name: row[1], unit: row[2], department: row[3],
                                            workStart: (row[4] as Int?).flatMap(CalendarDate.init(yyyymmdd:)),
                                            employment: RosterEntry.Employment(rawValue: row[5]) ?? .active)
            }
            let first = years.min() ?? 0, last = years.max() ?? 0
            let recorded = try Row.fetchAll(db, sql: """
                SELECT p.resident_id, u.name,
                       (SELECT group_concat(name, char(31)) FROM (SELECT name FROM person_names WHERE person_id = p.id ORDER BY first_batch_id, first_row)),
                       (SELECT group_concat(DISTINCT year) FROM records WHERE person_id = p.id AND year BETWEEN ?1 AND ?2)
                FROM people p JOIN units u ON u.id = p.unit_id
                WHERE EXISTS (SELECT 1 FROM records WHERE person_id = p.id)
                ORDER BY p.resident_id
                """, arguments: [first, last]).map { row in
                let names: String = row[2] ?? "", yearList: String = row[3] ?? ""
                return ReconcileInput.RecordedPerson(id: ResidentID(trusted: row[0]), names: names.split(separator: "\u{1F}").map(String.init),
                                                     unit: row[1], years: Set(yearList.split(separator: ",").compactMap { Int($0) }))
            }
            var trainings: [Int64: ReconcileInput.Training] = [:]
            var order: [Int64] = []
            for row in try Row.fetchAll(db, sql: """
                SELECT t.id, t.title, t.start_date, t.end_date, t.hours, t.unit, b.file_name, t.source_row
                FROM internal_trainings t JOIN batches b ON b.id = t.batch_id ORDER BY t.start_date, t.id
                """) {
                let id: Int64 = row[0], unit: String = row[5]
                guard let start = CalendarDate(yyyymmdd: row[2]), let end = CalendarDate(yyyymmdd: row[3]) else { continue }
                trainings[id] = .init(training: InternalTraining(title: row[1], start: start, end: end, hours: Hours(hundredths: row[4]),
                                                                 unit: unit.isEmpty ? nil : unit, attendees: []),
                                      file: row[6], row: row[7])
                order.append(id)
            }
            for row in try Row.fetchAll(db, sql: "SELECT training_id, name, resident_id FROM internal_attendees ORDER BY rowid") {
                let id: Int64 = row[0], resident: String = row[2]
                trainings[id]?.training.attendees.append(.init(name: row[1], id: resident.isEmpty ? nil : ResidentID(trusted: resident)))
            }
            var records: [ReconcileInput.RegisteredRecord] = []
            if !trainings.isEmpty {
                // Only the records whose dates overlap the trainings' span could be one of them.
                let earliest = trainings.values.map(\.training.start.yyyymmdd).min()!, latest = trainings.values.map(\.training.end.yyyymmdd).max()!
                records = try Row.fetchAll(db, sql: """
                    SELECT p.resident_id, r.title, r.start_date, r.end_date, r.registered_date, r.hours
                    FROM records r JOIN people p ON p.id = r.person_id
                    WHERE coalesce(r.end_date, r.start_date, r.registered_date) >= ?1
                      AND coalesce(r.start_date, r.end_date, r.registered_date) <= ?2
                    """, arguments: [earliest, latest]).map { row in
                    func date(_ index: Int) -> CalendarDate? { (row[index] as Int?).flatMap(CalendarDate.init(yyyymmdd:)) }
                    return ReconcileInput.RegisteredRecord(id: ResidentID(trusted: row[0]), title: row[1], start: date(2), end: date(3),
                                                           registered: date(4), hours: Hours(hundredths: row[5]))
                }
            }
            var exempt: [ResidentID: Set<Int>] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT p.resident_id, e.year FROM exempt_years e JOIN people p ON p.id = e.person_id") {
                exempt[ResidentID(trusted: row[0]), default: []].insert(row[1])
            }
            return ReconcileInput(roster: roster, recorded: recorded, trainings: order.compactMap { trainings[$0] },
                                  records: records, exemptYears: exempt)
        }
    }
}
