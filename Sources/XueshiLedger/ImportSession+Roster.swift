import GRDB
import XueshiModel

/// What a roster import did to the rosters of the units it names.
public struct RosterCounts: Sendable, Equatable {
    /// Not on the unit's roster before.
    public var added = 0
    /// On it, with something changed (name, department, work start, status, 是否申报, or the unit).
    public var changed = 0
    public var unchanged = 0
    /// On the unit's roster before, missing from this one: kept and marked 离职.
    public var markedLeft = 0
    public init() {}

    public func adding(_ other: RosterCounts) -> RosterCounts {
        var sum = self
        sum.added += other.added; sum.changed += other.changed; sum.unchanged += other.unchanged; sum.markedLeft += other.markedLeft
        return sum
    }
}

/// Which of a roster's optional columns a file has: a column it lacks leaves what the ledger holds (a
/// roster without 是否申报 does not erase who applies).
public struct RosterColumns: Sendable, Equatable {
    public var department, workStart, employment, applicant: Bool
    public init(department: Bool = true, workStart: Bool = true, employment: Bool = true, applicant: Bool = true) {
        self.department = department; self.workStart = workStart; self.employment = employment; self.applicant = applicant
    }
}

extension ImportSession {
    /// Replaces the roster of every unit `entries` name with `entries`, inside the import's
    /// transaction: a person listed is put on their unit's roster (moved from another unit's, if they
    /// were there); an active person of those units no longer listed is kept and marked left. Work-start
    /// dates the roster gives become the person's work start (years before it can be exempt).
    /// `markMissingAsLeft` false (a roster some of whose rows were rejected): nobody is marked left,
    /// since a person whose row was refused would be.
    public func replaceRoster(_ entries: [(entry: RosterEntry, row: Int)], columns: RosterColumns = RosterColumns(),
                              markMissingAsLeft: Bool = true) throws -> RosterCounts {
        var counts = RosterCounts()
        var listed: [Int64: Set<Int64>] = [:]   // unit → people listed
        for (given, row) in entries {
            var entry = given
            let personID = try personRowID(entry.id, name: entry.name)
            let unitID = try unitRowID(entry.unit)
            listed[unitID, default: []].insert(personID)
            if let old = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT name, unit_id, department, work_start, employment, applicant, left_batch_id FROM roster WHERE person_id = ?
                """), arguments: [personID]) {
                // Columns the file does not have keep their values.
                if !columns.department { entry.department = old[2] }
                if !columns.workStart { entry.workStart = (old[3] as Int?).flatMap(CalendarDate.init(yyyymmdd:)) }
                if !columns.employment, let kept = RosterEntry.Employment(rawValue: old[4]), old[6] as Int64? == nil { entry.employment = kept }
                if !columns.applicant { entry.applicant = (old[5] as Int?).map { $0 == 1 } }
                let applicant: Int? = entry.applicant.map { $0 ? 1 : 0 }
                let same = old[0] as String == entry.name && old[1] as Int64 == unitID && old[2] as String? == entry.department
                    && old[3] as Int? == entry.workStart?.yyyymmdd && old[4] as String == entry.employment.rawValue
                    && old[5] as Int? == applicant && old[6] as Int64? == nil
                if same { counts.unchanged += 1 } else { counts.changed += 1 }
            } else {
                counts.added += 1
            }
            let applicant: Int? = entry.applicant.map { $0 ? 1 : 0 }
            let values: [DatabaseValueConvertible?] = [entry.name, unitID, entry.department, entry.workStart?.yyyymmdd,
                                                       entry.employment.rawValue, applicant]
            try db.cachedStatement(sql: """
                INSERT INTO roster (person_id, name, unit_id, department, work_start, employment, applicant, batch_id, source_row, left_batch_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
                ON CONFLICT (person_id) DO UPDATE SET name = excluded.name, unit_id = excluded.unit_id,
                    department = excluded.department, work_start = excluded.work_start, employment = excluded.employment,
                    applicant = excluded.applicant, batch_id = excluded.batch_id, source_row = excluded.source_row,
                    left_batch_id = NULL
                """).execute(arguments: StatementArguments(([personID] + values + [batchID, row]).map { $0?.databaseValue ?? .null }))
            if let start = entry.workStart {
                try db.cachedStatement(sql: """
                    INSERT INTO work_starts (person_id, started) VALUES (?, ?) ON CONFLICT (person_id) DO UPDATE SET started = excluded.started
                    """).execute(arguments: [personID, start.yyyymmdd])
            }
        }
        for (unitID, people) in listed where markMissingAsLeft {
            let before = try Int64.fetchAll(db, sql: "SELECT person_id FROM roster WHERE unit_id = ? AND employment = 'active'", arguments: [unitID])
            for personID in before where !people.contains(personID) {
                try db.execute(sql: "UPDATE roster SET employment = 'left', left_batch_id = ? WHERE person_id = ?", arguments: [batchID, personID])
                counts.markedLeft += 1
            }
        }
        return counts
    }

    /// Adds an internal training from the current batch's file, once: the same title, dates, hours and
    /// unit are the same training, whose attendees are merged. Returns whether the training was new.
    @discardableResult
    public func addTraining(_ training: InternalTraining, row: Int) throws -> Bool {
        let key: [DatabaseValueConvertible] = [training.title, training.start.yyyymmdd, training.end.yyyymmdd,
                                               training.hours.hundredths, training.unit ?? ""]
        try db.cachedStatement(sql: """
            INSERT INTO internal_trainings (title, start_date, end_date, hours, unit, batch_id, source_row)
            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
            """).execute(arguments: StatementArguments(key + [batchID, row]))
        let inserted = db.changesCount > 0
        let trainingID = try Int64.fetchOne(db.cachedStatement(sql: """
            SELECT id FROM internal_trainings WHERE title = ? AND start_date = ? AND end_date = ? AND hours = ? AND unit = ?
            """), arguments: StatementArguments(key))!
        for attendee in training.attendees {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO internal_attendees (training_id, name, resident_id) VALUES (?, ?, ?)")
                .execute(arguments: [trainingID, attendee.name, attendee.id?.value ?? ""])
        }
        return inserted
    }

    private func personRowID(_ id: ResidentID, name: String) throws -> Int64 {
        if let rowID = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM people WHERE resident_id = ?"), arguments: [id.value]) {
            return rowID
        }
        try db.cachedStatement(sql: "INSERT INTO people (resident_id, name) VALUES (?, ?)").execute(arguments: [id.value, name])
        return db.lastInsertedRowID
    }

    private func unitRowID(_ name: String) throws -> Int64 {
        try db.execute(sql: "INSERT INTO units (name) VALUES (?) ON CONFLICT (name) DO NOTHING", arguments: [name])
        return try Int64.fetchOne(db, sql: "SELECT id FROM units WHERE name = ?", arguments: [name])!
    }
}
