import XueshiModel

/// What the ledger knows that a reconciliation compares: HR's rosters, and the people the registered
/// records name. Read by the ledger in a few queries; compared here, without SQL.
public struct ReconcileInput: Sendable {
    /// A person on a roster.
    public struct RosterPerson: Sendable {
        public var id: ResidentID
        public var name: String
        public var unit: String
        public var department: String?
        public var workStart: CalendarDate?
        public var employment: RosterEntry.Employment
        public init(id: ResidentID, name: String, unit: String, department: String? = nil, workStart: CalendarDate? = nil,
                    employment: RosterEntry.Employment = .active) {
            self.id = id; self.name = name; self.unit = unit; self.department = department
            self.workStart = workStart; self.employment = employment
        }
    }

    /// A person with registered records.
    public struct RecordedPerson: Sendable {
        public var id: ResidentID
        /// Every name the records write for this ID, in the order first met.
        public var names: [String]
        /// The unit on their most recent record.
        public var unit: String
        /// Years with at least one record (any review status).
        public var years: Set<Int>
        public init(id: ResidentID, names: [String], unit: String, years: Set<Int>) {
            self.id = id; self.names = names; self.unit = unit; self.years = years
        }
    }

    /// A registered record of someone who attended an internal training, to match it against.
    public struct RegisteredRecord: Sendable {
        public var id: ResidentID
        public var title: String
        public var start: CalendarDate?
        public var end: CalendarDate?
        public var registered: CalendarDate?
        public var hours: Hours
        public init(id: ResidentID, title: String, start: CalendarDate?, end: CalendarDate?, registered: CalendarDate? = nil, hours: Hours) {
            self.id = id; self.title = title; self.start = start; self.end = end; self.registered = registered; self.hours = hours
        }
    }

    /// An internal training and where its attendance sheet was read.
    public struct Training: Sendable {
        public var training: InternalTraining
        public var file: String
        public var row: Int
        public init(training: InternalTraining, file: String, row: Int) { self.training = training; self.file = file; self.row = row }
    }

    public var roster: [RosterPerson]
    public var recorded: [RecordedPerson]
    public var trainings: [Training]
    /// The records of the people the trainings name (others are not needed).
    public var records: [RegisteredRecord]
    /// Years exempt per person in the ledger (`xueshi exemption`).
    public var exemptYears: [ResidentID: Set<Int>]

    public init(roster: [RosterPerson], recorded: [RecordedPerson], trainings: [Training] = [], records: [RegisteredRecord] = [],
                exemptYears: [ResidentID: Set<Int>] = [:]) {
        self.roster = roster; self.recorded = recorded; self.trainings = trainings; self.records = records; self.exemptYears = exemptYears
    }
}
