import GRDB
import XueshiModel

extension Ledger {
    /// The schema, as a list of named steps: a ledger made by any earlier version is brought up to date
    /// when it is opened. Steps are never edited once released; changes are new steps.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: people, units, records, batches") { db in
            try db.execute(sql: """
                CREATE TABLE units (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE
                );
                -- A person is their normalised ID; `name` is the first name seen for it.
                CREATE TABLE people (
                    id INTEGER PRIMARY KEY,
                    resident_id TEXT NOT NULL UNIQUE CHECK (length(resident_id) = 18),
                    name TEXT NOT NULL
                );
                -- Every name seen for an ID: more than one is shown to the user as a warning.
                CREATE TABLE person_names (
                    person_id INTEGER NOT NULL REFERENCES people(id),
                    name TEXT NOT NULL,
                    first_batch_id INTEGER NOT NULL REFERENCES batches(id),
                    first_row INTEGER NOT NULL,
                    PRIMARY KEY (person_id, name)
                ) WITHOUT ROWID;
                -- One imported file.
                CREATE TABLE batches (
                    id INTEGER PRIMARY KEY,
                    imported_at TEXT NOT NULL,            -- ISO 8601, UTC
                    file_name TEXT NOT NULL,              -- as the user named it
                    file_size INTEGER NOT NULL,
                    sha256 TEXT NOT NULL,
                    kind TEXT NOT NULL,                   -- csv, xlsx
                    profile TEXT NOT NULL,
                    encoding TEXT,                        -- CSV: utf-8, gb18030, utf-16
                    sheet TEXT,                           -- XLSX: the sheet read
                    header_row INTEGER NOT NULL,
                    rows INTEGER NOT NULL DEFAULT 0,      -- data rows read
                    inserted INTEGER NOT NULL DEFAULT 0,
                    duplicates INTEGER NOT NULL DEFAULT 0,
                    updated INTEGER NOT NULL DEFAULT 0,   -- duplicates whose review status changed
                    rejected INTEGER NOT NULL DEFAULT 0
                );
                -- Hour records. `hours` in hundredths (850 = 8.5 h); dates as yyyymmdd integers.
                -- The CHECKs compare with OR, not IN (...): SQLite builds a temporary table for an IN
                -- list on every insert, which made a million-row import twice as slow.
                -- `record_key` is a 64-bit digest of the natural key (id, year, category, title, start,
                -- end, hours): unique, so a record is stored once whatever overlaps between exports.
                CREATE TABLE records (
                    id INTEGER PRIMARY KEY,
                    record_key INTEGER NOT NULL,
                    person_id INTEGER NOT NULL REFERENCES people(id),
                    year INTEGER NOT NULL,
                    category TEXT NOT NULL CHECK (category = 'general_public' OR category = 'industry_public' OR category = 'professional'),
                    title TEXT NOT NULL,
                    start_date INTEGER,
                    end_date INTEGER,
                    hours INTEGER NOT NULL CHECK (hours > 0),
                    status TEXT NOT NULL CHECK (status = 'approved' OR status = 'pending' OR status = 'rejected'),
                    form TEXT,
                    form_text TEXT,
                    organizer TEXT,
                    registered_date INTEGER,
                    name TEXT NOT NULL,                   -- as on this record
                    unit_id INTEGER NOT NULL REFERENCES units(id),
                    batch_id INTEGER NOT NULL REFERENCES batches(id),   -- where it was first imported from
                    source_row INTEGER NOT NULL                          -- its row there, as a spreadsheet shows it
                );
                CREATE UNIQUE INDEX records_by_key ON records(record_key);
                """)
        }
        migrator.registerMigration("v2: exemptions") { db in
            try db.execute(sql: """
                -- When a person started work (years before it can be exempt), and years exempt for other
                -- reasons. Set with `xueshi exemption`; a roster import will fill work_started later.
                CREATE TABLE work_starts (
                    person_id INTEGER PRIMARY KEY REFERENCES people(id),
                    started INTEGER NOT NULL                 -- yyyymmdd
                );
                CREATE TABLE exempt_years (
                    person_id INTEGER NOT NULL REFERENCES people(id),
                    year INTEGER NOT NULL,
                    reason TEXT NOT NULL,
                    PRIMARY KEY (person_id, year)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v3: each person's current unit") { db in
            // The unit for summaries is the one on a person's most recent record (latest year, then
            // latest end date, then latest import). Kept on the person by every import, so that a
            // check of a city does not sort every record to find it. unit_rank orders records so:
            // year, end date (yyyymmdd, 0 when none), batch, in one integer.
            try db.execute(sql: """
                ALTER TABLE people ADD COLUMN unit_id INTEGER REFERENCES units(id);
                ALTER TABLE people ADD COLUMN unit_rank INTEGER NOT NULL DEFAULT 0;
                CREATE TEMP TABLE latest_units AS
                    SELECT person_id, unit_id, rank FROM (
                        SELECT person_id, unit_id,
                               year * 100000000000000 + coalesce(end_date, 0) * 1000000 + batch_id AS rank,
                               row_number() OVER (PARTITION BY person_id
                                                  ORDER BY year DESC, end_date DESC NULLS LAST, batch_id DESC, id DESC) AS n
                        FROM records)
                    WHERE n = 1;
                UPDATE people SET unit_id = latest_units.unit_id, unit_rank = latest_units.rank
                    FROM latest_units WHERE latest_units.person_id = people.id;
                DROP TABLE latest_units;
                """)
        }
        migrator.registerMigration("v4: export times order review decisions") { db in
            // When the system made each export (from its title rows), and which import last set a
            // record's status (NULL: the import that added it). A review decision is replaced only by
            // one from an export made no earlier than the one that set it.
            try db.execute(sql: """
                ALTER TABLE batches ADD COLUMN exported_at TEXT;        -- "2025-09-01 10:00:00", or NULL
                ALTER TABLE records ADD COLUMN status_batch_id INTEGER REFERENCES batches(id);
                """)
        }
        migrator.registerMigration("v5: the run log of schedules") { db in
            // One row per delivery a schedule made or tried: a job's period to one destination
            // (`xueshi schedule run`). The key makes it at most once; `claimed_by` names the run
            // sending it now ("host pid"), so that two runs at once do not both send, and a run that
            // was killed is recognised by the next one. Times are ISO 8601, UTC.
            try db.execute(sql: """
                CREATE TABLE deliveries (
                    job TEXT NOT NULL,
                    period TEXT NOT NULL,
                    destination TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status = 'sending' OR status = 'sent' OR status = 'failed'),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    error TEXT,
                    claimed_by TEXT,
                    first_tried_at TEXT NOT NULL,
                    last_tried_at TEXT NOT NULL,
                    sent_at TEXT,
                    PRIMARY KEY (job, period, destination)
                ) WITHOUT ROWID;
                CREATE INDEX deliveries_by_destination ON deliveries(destination, last_tried_at);
                """)
        }
        migrator.registerMigration("v6: white space inside texts folded") { db in
            try foldWhiteSpaceInRecords(db)
        }
        migrator.registerMigration("v7: rosters and internal trainings") { db in
            // A unit's roster (花名册): one row per person, the authority on their unit and department
            // where it exists. A person missing from a later roster of the same unit is kept, marked
            // left (`left_batch_id`: the roster import that no longer listed them), never deleted.
            // Internal trainings come from a unit's own attendance sheets: never counted, kept to find
            // the trainings attended and never registered. Dates are yyyymmdd, hours in hundredths.
            try db.execute(sql: """
                CREATE TABLE roster (
                    person_id INTEGER PRIMARY KEY REFERENCES people(id),
                    name TEXT NOT NULL,
                    unit_id INTEGER NOT NULL REFERENCES units(id),
                    department TEXT,
                    work_start INTEGER,
                    employment TEXT NOT NULL CHECK (employment = 'active' OR employment = 'left' OR employment = 'retired'),
                    applicant INTEGER CHECK (applicant = 0 OR applicant = 1),
                    batch_id INTEGER NOT NULL REFERENCES batches(id),
                    source_row INTEGER NOT NULL,
                    left_batch_id INTEGER REFERENCES batches(id)
                );
                CREATE INDEX roster_by_unit ON roster(unit_id);
                CREATE TABLE internal_trainings (
                    id INTEGER PRIMARY KEY,
                    title TEXT NOT NULL,
                    start_date INTEGER NOT NULL,
                    end_date INTEGER NOT NULL,
                    hours INTEGER NOT NULL CHECK (hours > 0),
                    unit TEXT NOT NULL DEFAULT '',
                    batch_id INTEGER NOT NULL REFERENCES batches(id),
                    source_row INTEGER NOT NULL
                );
                CREATE UNIQUE INDEX internal_trainings_by_key ON internal_trainings(title, start_date, end_date, hours, unit);
                -- In the order the sheets list them (rowid).
                CREATE TABLE internal_attendees (
                    training_id INTEGER NOT NULL REFERENCES internal_trainings(id),
                    name TEXT NOT NULL,
                    resident_id TEXT NOT NULL DEFAULT '',          -- '' when the sheet names them only
                    UNIQUE (training_id, name, resident_id)
                );
                """)
        }
        migrator.registerMigration("v8: deliveries remember when their message was handed over") { db in
            // Set just before the last bytes of a chat or webhook message go to the network: a run
            // killed after that is not followed by a second post of the same message (the receiver
            // most likely has it); one killed before is (the receiver cannot have it whole).
            try db.execute(sql: "ALTER TABLE deliveries ADD COLUMN handed_over_at TEXT")
        }
        migrator.registerMigration("v9: hour sums per person, year, category, form and status") { db in
            // Kept by every import in the same transaction as the records (ImportSession+Sums.swift),
            // so that verify, reports and reminders read tens of thousands of sums instead of grouping
            // millions of records. `form` is '' for a record without one; `latest` is the latest date
            // a record of the group counts on (never lowered when a record moves to another status):
            // a check as of an earlier date groups the records instead. `xueshi doctor` recomputes them.
            try db.execute(sql: """
                CREATE TABLE hour_sums (
                    person_id INTEGER NOT NULL REFERENCES people(id),
                    year INTEGER NOT NULL,
                    category TEXT NOT NULL,
                    form TEXT NOT NULL,
                    status TEXT NOT NULL,
                    hours INTEGER NOT NULL,
                    records INTEGER NOT NULL,
                    latest INTEGER NOT NULL,
                    -- In the order verify groups by (status before form), so that it reads the sums in key
                    -- order without sorting them.
                    PRIMARY KEY (person_id, year, category, status, form)
                ) WITHOUT ROWID;
                """)
            try Ledger.rebuildHourSums(db)
        }
        return migrator
    }

    /// Imports now fold the white space inside a text (`Text.folded`): a title with a line break, as
    /// Excel writes one, and the same title on one line are one training. Records stored before are
    /// brought to the same form; their natural key changes with the title, so the key digest is made
    /// again, and a record that then equals another one was a double count: it is removed, the one
    /// imported first kept.
    static func foldWhiteSpaceInRecords(_ db: Database) throws {
        func has(_ column: String) -> String {
            ["char(9)", "char(10)", "char(13)", "char(11)", "char(12)", "'  '", "char(160)", "char(12288)", "char(8203)", "char(65279)"]
                .map { "instr(\(column), \($0)) > 0" }.joined(separator: " OR ")
        }
        let rows = try Row.fetchAll(db, sql: """
            SELECT r.id, p.resident_id, r.person_id, r.year, r.category, r.title, r.start_date, r.end_date, r.hours,
                   r.organizer, r.name
            FROM records r JOIN people p ON p.id = r.person_id
            WHERE \(has("r.title")) OR \(has("coalesce(r.organizer, '')")) OR \(has("r.name"))
            ORDER BY r.id
            """)
        for row in rows {
            let id: Int64 = row["id"]
            let title = Text.folded(row["title"] as String)
            let organizer = (row["organizer"] as String?).map(Text.folded)
            let name = Text.folded(row["name"] as String)
            let year: Int = row["year"], category: String = row["category"], hours: Int64 = row["hours"]
            let start: Int? = row["start_date"], end: Int? = row["end_date"]
            guard case .success(let residentID) = ResidentID.parse(row["resident_id"] as String),
                  let parsedCategory = Category(rawValue: category) else { continue }
            let key = RecordKey(id: residentID, year: year, category: parsedCategory, title: title,
                                start: start.flatMap(CalendarDate.init(yyyymmdd:)), end: end.flatMap(CalendarDate.init(yyyymmdd:)),
                                hours: Hours(hundredths: hours))
            // The same probing as an import: a different record under the digest moves on a slot.
            var slot = key.digest
            var duplicate = false
            while let other = try Row.fetchOne(db, sql: """
                SELECT id, person_id, year, category, title, start_date, end_date, hours FROM records WHERE record_key = ?
                """, arguments: [slot]) {
                let otherID: Int64 = other["id"]
                if otherID == id { break }
                if other["person_id"] as Int64 == row["person_id"] as Int64, other["year"] as Int == year,
                   other["category"] as String == category, other["title"] as String == title,
                   other["start_date"] as Int? == start, other["end_date"] as Int? == end, other["hours"] as Int64 == hours {
                    duplicate = true
                    break
                }
                slot = ImportSession.nextSlot(after: slot)
            }
            if duplicate {
                try db.execute(sql: "DELETE FROM records WHERE id = ?", arguments: [id])
            } else {
                try db.execute(sql: "UPDATE records SET title = ?, organizer = ?, name = ?, record_key = ? WHERE id = ?",
                               arguments: [title, organizer, name, slot, id])
            }
        }
    }
}
