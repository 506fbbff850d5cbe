import XueshiModel
import XueshiVerify

/// What every report shows, computed once from the verdicts: per unit and overall, how many people,
/// how many meet, who does not and why. Renderers (one per format) only lay it out. IDs stay whole
/// here; each renderer masks them through `ReportContext.shownID`, the one switch for it.
public struct Summary: Sendable {
    public var context: ReportContext
    /// Units by name.
    public var units: [UnitSummary]
    /// All units together (unit "合计").
    public var overall: UnitSummary
    /// Every person, people who need action first, then by unit and ID.
    public var people: [PersonLine]
    /// Units and their departments (from the rosters), in pinyin order: each with `department` set;
    /// people with none under "（未分部门）". Empty when nobody has a department.
    public var departments: [UnitSummary] = []
    /// Whether the Markdown report lists the departments (`--by department`).
    public var departmentsInMarkdown = false

    public init(context: ReportContext, units: [UnitSummary], overall: UnitSummary, people: [PersonLine]) {
        self.context = context; self.units = units; self.overall = overall; self.people = people
    }

    /// The people not meeting the requirement (short or in progress), in the same order.
    public var notMeeting: [PersonLine] { people.filter { $0.status != .meets } }
}

/// Which check a report is about, and how it is shown.
public struct ReportContext: Sendable {
    public var policyName: String
    public var policyTitle: String
    /// The policy's minimums in words, e.g. "每年至少 90 学时，其中专业科目至少 60 学时".
    public var policyRule: String
    public var policySources: [String]
    public var years: [Int]
    public var asOf: CalendarDate
    /// When the report was made, as a person reads it ("2026-11-27 21:40").
    public var generatedAt: String
    public var revealIDs: Bool

    public init(policyName: String, policyTitle: String, policyRule: String, policySources: [String], years: [Int],
                asOf: CalendarDate, generatedAt: String, revealIDs: Bool) {
        self.policyName = policyName; self.policyTitle = policyTitle; self.policyRule = policyRule
        self.policySources = policySources; self.years = years; self.asOf = asOf; self.generatedAt = generatedAt
        self.revealIDs = revealIDs
    }

    /// The ID as every report shows it: masked unless the user asked to reveal IDs.
    public func shownID(_ id: ResidentID) -> String { id.shown(reveal: revealIDs) }
}

/// One unit's (or all units') figures.
public struct UnitSummary: Sendable {
    public var unit: String
    /// Set in a department's figures (`Summary.departments`).
    public var department: String?
    public var people: Int
    public var meeting: Int
    public var short: Int
    public var inProgress: Int
    /// Short or in progress.
    public var notMeeting: Int { short + inProgress }
    /// Hours counted over the policy years, in total, per category and per year.
    public var counted: Hours
    public var countedByCategory: [Category: Hours]
    public var countedByYear: [Int: Hours]

    public init(unit: String, people: Int, meeting: Int, short: Int, inProgress: Int, counted: Hours,
                countedByCategory: [Category: Hours], countedByYear: [Int: Hours]) {
        self.unit = unit; self.people = people; self.meeting = meeting; self.short = short
        self.inProgress = inProgress; self.counted = counted; self.countedByCategory = countedByCategory
        self.countedByYear = countedByYear
    }

    /// The share of people meeting, in hundredths of a percent (8750 = 87.50%): exact, for sorting and
    /// for formats that print it; 0 for a unit with nobody.
    public var rateBasisPoints: Int { people == 0 ? 0 : (meeting * 10_000 + people / 2) / people }

    /// "87.5%".
    public var rateText: String {
        let points = rateBasisPoints
        let whole = points / 100, fraction = points % 100
        if fraction == 0 { return "\(whole)%" }
        return fraction % 10 == 0 ? "\(whole).\(fraction / 10)%" : "\(whole).\(fraction < 10 ? "0" : "")\(fraction)%"
    }

    /// Average counted hours per person over the policy years, rounded to the hundredth.
    public var averagePerPerson: Hours {
        people == 0 ? .zero : Hours(hundredths: (counted.hundredths + Int64(people) / 2) / Int64(people))
    }
}

/// One person's line in a report.
public struct PersonLine: Sendable {
    public var id: ResidentID
    public var name: String
    public var unit: String
    /// The roster's department, if any.
    public var department: String?
    public var status: VerdictStatus
    public var years: [YearLine]
    /// The reasons in words ("2024年 专业科目 52/60 学时，差 8 学时"), the first the most important.
    public var reasons: [String]
    /// In progress: the hours still needed.
    public var stillNeeded: Hours
    /// Every record of the person with its fate and source, for a statement; empty in unit reports.
    public var records: [RecordLine]

    public init(id: ResidentID, name: String, unit: String, department: String? = nil, status: VerdictStatus, years: [YearLine], reasons: [String],
                stillNeeded: Hours, records: [RecordLine] = []) {
        self.id = id; self.name = name; self.unit = unit; self.department = department; self.status = status; self.years = years
        self.reasons = reasons; self.stillNeeded = stillNeeded; self.records = records
    }

    public var counted: Hours { years.reduce(.zero) { $0 + $1.counted } }

    /// What a person not meeting still lacks: in progress, what the open years (and the period) still
    /// need; short, the gaps of every year checked, finished or not. 0 when only a cumulative period
    /// total falls short (the summary keeps no period gap).
    public var hoursToGo: Hours {
        let gaps = years.reduce(Hours.zero) { $0 + ($1.exemption == nil ? $1.shortfall : .zero) }
        return max(stillNeeded, gaps)
    }
}

/// One person's year.
public struct YearLine: Sendable {
    public var year: Int
    public var counted: Hours
    public var byCategory: [Category: Hours]
    /// Hours still missing for the year's minimums (0 when met or exempt).
    public var shortfall: Hours
    public var pending: Hours
    public var meets: Bool
    /// Why the year is not checked, when exempt.
    public var exemption: String?

    public init(year: Int, counted: Hours, byCategory: [Category: Hours], shortfall: Hours, pending: Hours,
                meets: Bool, exemption: String?) {
        self.year = year; self.counted = counted; self.byCategory = byCategory; self.shortfall = shortfall
        self.pending = pending; self.meets = meets; self.exemption = exemption
    }
}

/// One record in a person's statement: what it is, where it came from, and whether it counts.
public struct RecordLine: Sendable {
    public var year: Int
    /// The record's end date, else its start date.
    public var date: CalendarDate?
    public var category: Category
    public var title: String
    public var organizer: String?
    public var hours: Hours
    public var status: RecordStatus
    /// The hours of it that count: 0 when it does not count, less than `hours` past a cap.
    public var counted: Hours
    /// Whether and where it counts, in words: "计入 2024 年", "待审核，通过后计入", …
    public var fate: String
    /// Where it came from: the file's name and the row as a spreadsheet shows it.
    public var sourceFile: String
    public var sourceRow: Int

    public init(year: Int, date: CalendarDate?, category: Category, title: String, organizer: String?, hours: Hours,
                status: RecordStatus, counted: Hours, fate: String, sourceFile: String, sourceRow: Int) {
        self.year = year; self.date = date; self.category = category; self.title = title; self.organizer = organizer
        self.hours = hours; self.status = status; self.counted = counted; self.fate = fate
        self.sourceFile = sourceFile; self.sourceRow = sourceRow
    }
}
