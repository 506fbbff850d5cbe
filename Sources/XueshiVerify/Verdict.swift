import XueshiModel

/// Where a person stands against a policy (DOMAIN.md): meets (every year meets), short (a finished
/// year falls short) or in progress (finished years meet, a year still open does not yet).
public enum VerdictStatus: String, Sendable, Codable, Comparable, CaseIterable {
    case meets
    case short
    case inProgress = "in_progress"

    /// People who need action first: short, then in progress, then meets.
    public static func < (a: VerdictStatus, b: VerdictStatus) -> Bool { a.rank < b.rank }
    var rank: Int {
        switch self {
        case .short: return 0
        case .inProgress: return 1
        case .meets: return 2
        }
    }

    public var label: String {
        switch self {
        case .meets: return "达标"
        case .short: return "未达标"
        case .inProgress: return "进行中"
        }
    }
}

/// One minimum and how far the hours are from it.
public struct Requirement: Sendable, Equatable {
    /// The year it applies to; nil for the whole period (cumulative mode).
    public var year: Int?
    /// The category it is about; nil for the total.
    public var category: Category?
    public var minimum: Hours
    public var counted: Hours
    public var missing: Hours { max(.zero, minimum - counted) }
    public var met: Bool { counted >= minimum }

    /// "2024年 专业科目 52/60 学时，差 8 学时"
    public var explanation: String {
        let when = year.map { "\($0)年" } ?? "期间累计"
        let what = category?.label ?? "总学时"
        return "\(when) \(what) \(counted)/\(minimum) 学时，差 \(missing) 学时"
    }
}

/// Hours past a cap in one year: shown, not counted.
public struct CapNote: Sendable, Equatable {
    public var cap: Policy.Cap
    public var year: Int
    /// Hours of the capped category or form before the cap.
    public var before: Hours
    public var excess: Hours

    public var explanation: String {
        let subject: String
        switch cap.subject {
        case .category(let category): subject = category.label
        case .form(let form): subject = form.label
        }
        return "\(year)年 \(subject) 共 \(before) 学时，每年最多计 \(cap.perYear) 学时，超出的 \(excess) 学时不计"
    }
}

/// The counted hours the caps of one year took away: per form, from each category (a form cap), and
/// per category (a category cap, after the form caps).
public struct CapDeductions: Sendable, Equatable {
    public var form: [LearningForm: [Category: Hours]] = [:]
    public var category: [Category: Hours] = [:]
    public init() {}
}

/// One policy year of one person.
public struct YearVerdict: Sendable {
    public var year: Int
    /// Why the year is not checked, when it is exempt.
    public var exemption: String?
    /// Whether the as-of day is past the year's 31 December.
    public var finished: Bool
    /// Hours counted (approved, within caps), in total and per category.
    public var counted: Hours
    public var categories: [Category: Hours]
    /// Hours waiting for review: would count once approved (caps aside).
    public var pending: Hours
    public var pendingByCategory: [Category: Hours]
    /// Hours past a cap: shown, not counted.
    public var overCap: Hours
    public var capNotes: [CapNote]
    /// Which hours the caps took away: what the per-record fates hand out to records.
    public var capDeductions: CapDeductions
    /// The year's minimums (annual mode; in cumulative mode the per-year floor, if any).
    public var requirements: [Requirement]

    /// The fewest hours that would make the year meet every minimum: hours added to a category also
    /// add to the total, so it is the larger of the total's gap and the categories' gaps together.
    public var shortfall: Hours { Verifier.shortfall(of: requirements) }

    public var meets: Bool { exemption != nil || requirements.allSatisfy(\.met) }
}

/// A person's verdict against a policy, every shortfall explained.
public struct Verdict: Sendable {
    public var id: ResidentID
    public var name: String
    public var unit: String
    /// The roster's department, where the person is on a roster with one.
    public var department: String?
    public var status: VerdictStatus
    public var years: [YearVerdict]
    /// Cumulative mode: the period's minimums.
    public var period: [Requirement]
    /// In progress: the hours still needed, and by when.
    public var stillNeeded: Hours
    public var deadline: Policy.Deadline?
    /// Whether the last day to register hours for the call has passed (as of the check).
    public var deadlinePassed: Bool
    /// Whether the policy's `hours_due` has passed (as of the check): an open year's missing hours
    /// can no longer be registered, though the year is not over.
    public var registrationClosed = false

    public var meets: Bool { status == .meets }

    /// Every minimum not met, in order: what a person reads to know what to do.
    public var unmet: [Requirement] {
        years.filter { $0.exemption == nil }.flatMap { $0.requirements.filter { !$0.met } } + period.filter { !$0.met }
    }

    /// Counted hours over all policy years.
    public var counted: Hours { years.reduce(.zero) { $0 + $1.counted } }
    public var pending: Hours { years.reduce(.zero) { $0 + $1.pending } }
}
