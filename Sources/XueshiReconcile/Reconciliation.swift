import XueshiModel

/// Roster against records, as HR reads it: the staff with nothing registered (most at risk) first.
/// IDs stay whole here; every renderer masks them unless asked not to.
public struct Reconciliation: Sendable {
    public struct Person: Sendable, Equatable {
        public var id: ResidentID
        public var name: String
        public var unit: String
        public var department: String?
        public init(id: ResidentID, name: String, unit: String, department: String? = nil) {
            self.id = id; self.name = name; self.unit = unit; self.department = department
        }
    }
    public struct MissingYears: Sendable, Equatable {
        public var person: Person
        public var years: [Int]
    }
    public struct NameMismatch: Sendable, Equatable {
        public var id: ResidentID
        public var unit: String
        public var rosterName: String
        /// The names on the records that differ from the roster's.
        public var recordNames: [String]
    }
    public struct UnitMismatch: Sendable, Equatable {
        public var id: ResidentID
        public var name: String
        public var rosterUnit: String
        public var recordUnit: String
    }
    /// An internal training someone attended, with no registered record that matches it.
    public struct UnregisteredTraining: Sendable, Equatable {
        public var person: Person
        public var title: String
        public var start: CalendarDate
        public var end: CalendarDate
        public var hours: Hours
        /// The attendance sheet and its row.
        public var file: String
        public var row: Int
    }
    /// A name on an attendance sheet that could not be told to be one person on the roster.
    public struct UnknownAttendee: Sendable, Equatable {
        public var name: String
        public var title: String
        public var start: CalendarDate
        /// How many people of the roster have the name: 0 (not on it) or more than one.
        public var namesakes: Int
        public var file: String
        public var row: Int
    }

    public var asOf: CalendarDate
    public var policy: String
    public var years: [Int]
    public var noRecords: [Person] = []
    public var missingYears: [MissingYears] = []
    public var notOnRoster: [Person] = []
    public var nameMismatch: [NameMismatch] = []
    public var unitMismatch: [UnitMismatch] = []
    public var unregisteredTrainings: [UnregisteredTraining] = []
    public var unknownAttendees: [UnknownAttendee] = []
    /// People on the rosters in scope, active.
    public var rosterPeople = 0

    public init(asOf: CalendarDate, policy: String, years: [Int]) {
        self.asOf = asOf; self.policy = policy; self.years = years
    }

    /// Whether nothing needs HR's attention.
    public var isClean: Bool {
        noRecords.isEmpty && missingYears.isEmpty && notOnRoster.isEmpty && nameMismatch.isEmpty && unitMismatch.isEmpty
            && unregisteredTrainings.isEmpty && unknownAttendees.isEmpty
    }
}
