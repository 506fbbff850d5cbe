/// One person on a unit's roster (花名册): HR's own list of its staff, the authority on who works where
/// now, in which department, since when, and who applies for a title this year.
public struct RosterEntry: Hashable, Sendable {
    public enum Employment: String, CaseIterable, Sendable {
        /// 在职
        case active
        /// 离职: kept, with their records, and marked.
        case left
        /// 退休
        case retired

        public var label: String {
            switch self {
            case .active: return "在职"
            case .left: return "离职"
            case .retired: return "退休"
            }
        }
    }

    public var id: ResidentID
    public var name: String
    public var unit: String
    public var department: String?
    /// 参加工作时间: years before it are exempt where the policy says so.
    public var workStart: CalendarDate?
    public var employment: Employment
    /// 是否申报: nil when the roster has no such column or leaves it empty.
    public var applicant: Bool?

    public init(id: ResidentID, name: String, unit: String, department: String? = nil, workStart: CalendarDate? = nil,
                employment: Employment = .active, applicant: Bool? = nil) {
        self.id = id; self.name = name; self.unit = unit; self.department = department
        self.workStart = workStart; self.employment = employment; self.applicant = applicant
    }
}

/// A training the unit ran itself, from its own attendance sheet (培训名称, 日期, 学时, 参训人员). Never
/// counted toward anyone's hours: kept to find the trainings that were attended and never registered.
public struct InternalTraining: Hashable, Sendable {
    /// Someone on the sheet: by name, and by ID where the sheet has one.
    public struct Attendee: Hashable, Sendable {
        public var name: String
        public var id: ResidentID?
        public init(name: String, id: ResidentID? = nil) { self.name = name; self.id = id }
    }

    public var title: String
    public var start: CalendarDate
    public var end: CalendarDate
    public var hours: Hours
    public var unit: String?
    public var attendees: [Attendee]

    public init(title: String, start: CalendarDate, end: CalendarDate, hours: Hours, unit: String? = nil, attendees: [Attendee]) {
        self.title = title; self.start = start; self.end = end; self.hours = hours; self.unit = unit; self.attendees = attendees
    }
}
