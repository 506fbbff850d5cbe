

/// What the verifier needs to know of one person: their hours summed by year, category, status and
/// (for forms a policy caps) form, as of a day. The ledger computes these in one SQL pass; the
/// verifier never sees a single record.
public struct PersonHours: Sendable {
    public var id: ResidentID
    public var name: String
    public var unit: String
    /// The person's department, from the roster (nil: not on a roster, or none given).
    public var department: String?
    /// When the person started work, where known: years before it can be exempt.
    public var workStart: CalendarDate?
    /// Years exempt for this person in the ledger, with the reason.
    public var exemptYears: [Int: String]
    public var cells: [HoursCell]

    public init(id: ResidentID, name: String, unit: String, workStart: CalendarDate? = nil,
                exemptYears: [Int: String] = [:], cells: [HoursCell]) {
        self.id = id; self.name = name; self.unit = unit; self.workStart = workStart
        self.exemptYears = exemptYears; self.cells = cells
    }
}

/// Hours of one person in one year, category, status and form.
public struct HoursCell: Sendable, Hashable {
    public var year: Int
    public var category: Category
    /// The form, only for forms the policy caps; nil otherwise.
    public var form: LearningForm?
    public var status: RecordStatus
    public var hours: Hours

    public init(year: Int, category: Category, form: LearningForm? = nil, status: RecordStatus = .approved, hours: Hours) {
        self.year = year; self.category = category; self.form = form; self.status = status; self.hours = hours
    }
}
