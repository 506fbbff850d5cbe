import XueshiModel

/// Checks people's hours against a policy as of a day. Pure: values in, verdicts out.
public struct Verifier: Sendable {
    public let policy: Policy
    /// The as-of day: records dated after it were already left out by the ledger; years whose 31
    /// December is before it are finished.
    public let asOf: CalendarDate

    public init(policy: Policy, asOf: CalendarDate) {
        self.policy = policy
        self.asOf = asOf
    }

    public func isFinished(_ year: Int) -> Bool { asOf > CalendarDate(year: year, month: 12, day: 31)! }

    public func verdict(for person: PersonHours) -> Verdict {
        let years = policy.years.map { yearVerdict(person, $0) }
        var period: [Requirement] = []
        if policy.mode == .cumulative, let minimums = policy.cumulative {
            period = cumulativeRequirements(minimums, years)
        }

        let open = years.filter { !$0.finished && $0.exemption == nil }
        let finishedShort = years.contains { $0.finished && !$0.meets }
        let allFinished = open.isEmpty
        let lastDay = CalendarDate(year: policy.years.last!, month: 12, day: 31)!
        let due = policy.hoursDue ?? lastDay
        let duePassed = asOf > due
        var status: VerdictStatus
        var stillNeeded = Hours.zero
        if finishedShort || (allFinished && period.contains { !$0.met }) {
            status = .short
        } else if years.allSatisfy(\.meets) && period.allSatisfy(\.met) {
            status = .meets
        } else {
            status = .inProgress
            // What the open years still need, and what the period as a whole still needs beyond it.
            let yearly = open.reduce(Hours.zero) { $0 + $1.shortfall }
            stillNeeded = max(yearly, Self.shortfall(of: period))
            // Past the day hours are due for the call, what is missing can no longer be registered in
            // time: short, though the year itself is not over (DOMAIN.md, "hours_due").
            if duePassed && policy.hoursDue != nil && policy.shortAfterHoursDue { status = .short }
        }

        var deadline: Policy.Deadline?
        var deadlinePassed = false
        if stillNeeded > .zero {
            deadline = Policy.Deadline(date: due, label: policy.hoursDue == nil ? "\(policy.years.last!)年末" : "学时登记截止")
            deadlinePassed = duePassed
        }
        return Verdict(id: person.id, name: person.name, unit: person.unit, department: person.department, status: status, years: years,
                       period: period, stillNeeded: stillNeeded, deadline: deadline, deadlinePassed: deadlinePassed,
                       registrationClosed: duePassed && policy.hoursDue != nil)
    }

    /// The fewest hours that meet every requirement of a list (a year's, or the period's): hours added
    /// to a category also add to the total, so it is the larger of the total's gap and the categories'
    /// gaps together.
    static func shortfall(of requirements: [Requirement]) -> Hours {
        let total = requirements.filter { $0.category == nil }.map(\.missing).max() ?? .zero
        let byCategory = requirements.filter { $0.category != nil }.reduce(Hours.zero) { $0 + $1.missing }
        return max(total, byCategory)
    }

    // MARK: - One year

    func exemption(_ person: PersonHours, _ year: Int) -> String? {
        if policy.exemptLedgerYears, let reason = person.exemptYears[year] { return reason }
        if policy.exemptBeforeWorkStart, let start = person.workStart, year < start.year {
            return "\(start) 参加工作，此前年度免于核查"
        }
        return nil
    }

    func yearVerdict(_ person: PersonHours, _ year: Int) -> YearVerdict {
        var byCategory: [Category: Hours] = [:]
        var pendingByCategory: [Category: Hours] = [:]
        /// Counted hours of each capped form, per category: what a form cap can take away.
        var formHours: [LearningForm: [Category: Hours]] = [:]
        for cell in person.cells where cell.year == year {
            if policy.countedStatuses.contains(cell.status) {
                byCategory[cell.category, default: .zero] += cell.hours
                if let form = cell.form { formHours[form, default: [:]][cell.category, default: .zero] += cell.hours }
            } else if cell.status == .pending {
                pendingByCategory[cell.category, default: .zero] += cell.hours
            }
        }

        var notes: [CapNote] = []
        var deductions = CapDeductions()
        // Form caps first: their excess comes out of the categories in the policy's order, each only as
        // far as it holds hours of that form.
        for cap in policy.caps {
            guard case .form(let form) = cap.subject, let perCategory = formHours[form] else { continue }
            let before = perCategory.values.reduce(Hours.zero, +)
            guard before > cap.perYear else { continue }
            var excess = before - cap.perYear
            notes.append(CapNote(cap: cap, year: year, before: before, excess: excess))
            for category in policy.capDeductionOrder where excess > .zero {
                let take = min(excess, perCategory[category] ?? .zero)
                guard take > .zero else { continue }
                byCategory[category, default: .zero] = (byCategory[category] ?? .zero) - take
                deductions.form[form, default: [:]][category, default: .zero] += take
                excess = excess - take
            }
        }
        for cap in policy.caps {
            guard case .category(let category) = cap.subject, let before = byCategory[category], before > cap.perYear else { continue }
            notes.append(CapNote(cap: cap, year: year, before: before, excess: before - cap.perYear))
            deductions.category[category, default: .zero] += before - cap.perYear
            byCategory[category] = cap.perYear
        }
        let counted = byCategory.values.reduce(Hours.zero, +)

        var requirements: [Requirement] = []
        switch policy.mode {
        case .annual:
            if let minimums = policy.annual {
                if minimums.total > .zero {
                    requirements.append(Requirement(year: year, category: nil, minimum: minimums.total, counted: counted))
                }
                for category in Category.allCases {
                    if let minimum = minimums.categories[category], minimum > .zero {
                        requirements.append(Requirement(year: year, category: category, minimum: minimum,
                                                        counted: byCategory[category] ?? .zero))
                    }
                }
            }
        case .cumulative:
            if let floor = policy.perYearFloor, floor > .zero {
                requirements.append(Requirement(year: year, category: nil, minimum: floor, counted: counted))
            }
        }
        let exemption = exemption(person, year)
        return YearVerdict(year: year, exemption: exemption, finished: isFinished(year), counted: counted,
                           categories: byCategory, pending: pendingByCategory.values.reduce(Hours.zero, +),
                           pendingByCategory: pendingByCategory, overCap: notes.reduce(Hours.zero) { $0 + $1.excess },
                           capNotes: notes, capDeductions: deductions, requirements: exemption == nil ? requirements : [])
    }

    /// Cumulative minimums over the years checked; exempt years lower them in proportion (a third of
    /// the period exempt, a third less to show).
    func cumulativeRequirements(_ minimums: Policy.Minimums, _ years: [YearVerdict]) -> [Requirement] {
        let checked = years.filter { $0.exemption == nil }
        let share = (numerator: Int64(checked.count), denominator: Int64(max(1, years.count)))
        func scaled(_ hours: Hours) -> Hours {
            // Rounded up to the hundredth: a requirement is never made lighter by rounding.
            let product = hours.hundredths * share.numerator
            return Hours(hundredths: (product + share.denominator - 1) / share.denominator)
        }
        var requirements: [Requirement] = []
        let total = checked.reduce(Hours.zero) { $0 + $1.counted }
        if minimums.total > .zero {
            requirements.append(Requirement(year: nil, category: nil, minimum: scaled(minimums.total), counted: total))
        }
        for category in Category.allCases {
            guard let minimum = minimums.categories[category], minimum > .zero else { continue }
            let counted = checked.reduce(Hours.zero) { $0 + ($1.categories[category] ?? .zero) }
            requirements.append(Requirement(year: nil, category: category, minimum: scaled(minimum), counted: counted))
        }
        return requirements
    }
}
