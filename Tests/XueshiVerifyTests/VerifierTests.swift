import Testing
import XueshiModel
@testable import XueshiVerify

/// The requirement section of DOMAIN.md, rule by rule, at the boundaries.
@Suite("The verifier")
struct VerifierTests {
    static let id = try! ResidentID.parse("330106198803124514").get()
    static let policy = Policy.builtIn().first { $0.name == "zj-ai-senior-2025" }!
    /// After the whole period: every year finished.
    static let afterAll = CalendarDate(year: 2026, month: 1, day: 1)!

    static func hours(_ text: String) -> Hours { try! Hours.parse(text).get() }

    /// A person with, for each year, professional and other (general public) hours, approved.
    static func person(_ years: [Int: (professional: String, other: String)], cells extra: [HoursCell] = [],
                       workStart: CalendarDate? = nil, exempt: [Int: String] = [:]) -> PersonHours {
        var cells = extra
        for (year, amounts) in years {
            cells.append(HoursCell(year: year, category: .professional, hours: hours(amounts.professional)))
            cells.append(HoursCell(year: year, category: .generalPublic, hours: hours(amounts.other)))
        }
        return PersonHours(id: id, name: "张伟", unit: "之江实验室", workStart: workStart, exemptYears: exempt, cells: cells)
    }

    static func verdict(_ person: PersonHours, policy: Policy = policy, asOf: CalendarDate = afterAll) -> Verdict {
        Verifier(policy: policy, asOf: asOf).verdict(for: person)
    }

    static let fullYears: [Int: (professional: String, other: String)] = [2023: ("60", "30"), 2024: ("60", "30"), 2025: ("60", "30")]

    @Test("the built-in policy is DOMAIN.md's table")
    func builtInPolicy() {
        let policy = Self.policy
        #expect(policy.years == [2023, 2024, 2025])
        #expect(policy.mode == .annual)
        #expect(policy.annual == Policy.Minimums(total: Hours(90), categories: [.professional: Hours(60)]))
        #expect(policy.countedStatuses == [.approved])
        #expect(!policy.sources.isEmpty)
    }

    @Test("90 a year with 60 professional meets; 89.99 and 89.5 do not", arguments: [
        ("60", "30", true), ("60", "29.99", false), ("60", "29.5", false), ("60.01", "29.99", true), ("90", "0", true),
        ("59.99", "40", false), ("60", "30.01", true),
    ])
    func annualBoundaries(professional: String, other: String, meets: Bool) {
        var years = Self.fullYears
        years[2024] = (professional, other)
        let verdict = Self.verdict(Self.person(years))
        #expect(verdict.status == (meets ? .meets : .short))
        #expect(verdict.years[1].meets == meets)
        #expect(verdict.years[1].counted == Self.hours(professional) + Self.hours(other))
    }

    @Test("the shortfall is the fewest hours that meet every minimum of the year", arguments: [
        ("52", "30", "8"),     // professional short 8, total short 8: 8 professional hours fix both
        ("60", "20", "10"),    // only the total is short
        ("50", "20", "20"),    // total short 20, professional short 10: 20 (10 of them professional)
        ("0", "0", "90"),
        ("40", "50", "20"),    // total met, professional short 20
    ])
    func shortfall(professional: String, other: String, missing: String) {
        var years = Self.fullYears
        years[2024] = (professional, other)
        let year = Self.verdict(Self.person(years)).years[1]
        #expect(year.shortfall == Self.hours(missing))
    }

    @Test("hours only pending are shown apart and do not count")
    func pendingOnly() {
        var cells = [HoursCell(year: 2024, category: .professional, status: .pending, hours: Hours(60)),
                     HoursCell(year: 2024, category: .generalPublic, status: .pending, hours: Hours(30))]
        cells.append(HoursCell(year: 2024, category: .generalPublic, status: .rejected, hours: Hours(50)))
        var years = Self.fullYears
        years[2024] = nil
        let verdict = Self.verdict(Self.person(years, cells: cells))
        #expect(verdict.status == .short)
        #expect(verdict.years[1].counted == .zero)
        #expect(verdict.years[1].pending == Hours(90))
        #expect(verdict.years[1].pendingByCategory[.professional] == Hours(60))
    }

    @Test("a year missing entirely falls short by the whole requirement")
    func missingYear() {
        var years = Self.fullYears
        years[2023] = nil
        let verdict = Self.verdict(Self.person(years))
        #expect(verdict.status == .short)
        #expect(verdict.years[0].counted == .zero)
        #expect(verdict.years[0].shortfall == Hours(90))
        #expect(verdict.unmet.map(\.explanation) == ["2023年 总学时 0/90 学时，差 90 学时", "2023年 专业科目 0/60 学时，差 60 学时"])
    }

    @Test("hours do not carry over between years in annual mode")
    func noCarryOver() {
        let verdict = Self.verdict(Self.person([2023: ("120", "60"), 2024: ("30", "30"), 2025: ("60", "30")]))
        #expect(verdict.status == .short)
        #expect(verdict.years.map(\.meets) == [true, false, true])
    }

    @Test("a cap turns a pass into a fail: hours past it are shown, not counted")
    func capTurnsPassIntoFail() {
        var policy = Self.policy
        policy.caps = [Policy.Cap(.form(.online), perYear: Hours(30))]
        let online = [HoursCell(year: 2024, category: .generalPublic, form: .online, hours: Hours(20)),
                      HoursCell(year: 2024, category: .professional, form: .online, hours: Hours(40)),
                      HoursCell(year: 2024, category: .professional, hours: Hours(30))]
        var years = Self.fullYears
        years[2024] = nil
        let person = Self.person(years, cells: online)
        // Without the cap: 90 hours, 70 professional: meets.
        #expect(Self.verdict(person).status == .meets)
        // With it: 60 online hours count as 30; the 30 removed come out of general public (20) first,
        // then professional (10): 60 counted, 60 professional.
        let capped = Self.verdict(person, policy: policy)
        #expect(capped.status == .short)
        let year = capped.years[1]
        #expect(year.counted == Hours(60))
        #expect(year.overCap == Hours(30))
        #expect(year.categories[.generalPublic] == .zero)
        #expect(year.categories[.professional] == Hours(60))
        #expect(year.capNotes.first?.explanation == "2024年 网络课程 共 60 学时，每年最多计 30 学时，超出的 30 学时不计")
    }

    @Test("a category cap counts at most the cap from that category")
    func categoryCap() {
        var policy = Self.policy
        policy.caps = [Policy.Cap(.category(.generalPublic), perYear: Hours(20))]
        let verdict = Self.verdict(Self.person([2023: ("60", "30"), 2024: ("70", "30"), 2025: ("60", "40")]), policy: policy)
        #expect(verdict.years.map(\.counted) == [Hours(80), Hours(90), Hours(80)])
        #expect(verdict.years.map(\.overCap) == [Hours(10), Hours(10), Hours(20)])
        #expect(verdict.years.map(\.meets) == [false, true, false])
    }

    @Test("cumulative mode: the period's total counts, however it is spread", arguments: [
        (["2023": "150", "2024": "0", "2025": "120"], nil as String?, VerdictStatus.meets),
        (["2023": "150", "2024": "0", "2025": "119.99"], nil, .short),
        (["2023": "150", "2024": "0", "2025": "120"], "30", .short),     // the per-year floor
        (["2023": "150", "2024": "30", "2025": "90"], "30", .meets),
    ])
    func cumulative(hoursByYear: [String: String], floor: String?, status: VerdictStatus) {
        var policy = Self.policy
        policy.mode = .cumulative
        policy.cumulative = Policy.Minimums(total: Hours(270), categories: [:])
        policy.perYearFloor = floor.map(Self.hours)
        let cells = hoursByYear.map { HoursCell(year: Int($0.key)!, category: .professional, hours: Self.hours($0.value)) }
        let verdict = Self.verdict(PersonHours(id: Self.id, name: "张伟", unit: "u", cells: cells), policy: policy)
        #expect(verdict.status == status)
    }

    @Test("cumulative mode with an exempt year asks for the other years' share")
    func cumulativeExemption() {
        var policy = Self.policy
        policy.mode = .cumulative
        policy.cumulative = Policy.Minimums(total: Hours(270), categories: [.professional: Hours(180)])
        let cells = [HoursCell(year: 2024, category: .professional, hours: Hours(120)),
                     HoursCell(year: 2025, category: .generalPublic, hours: Hours(60))]
        let person = PersonHours(id: Self.id, name: "张伟", unit: "u", workStart: CalendarDate(year: 2024, month: 2, day: 1), cells: cells)
        let verdict = Self.verdict(person, policy: policy)
        #expect(verdict.period.map(\.minimum) == [Hours(180), Hours(120)])
        #expect(verdict.status == .meets)
    }

    @Test("years before a person started work are exempt; so are years marked in the ledger")
    func exemptions() {
        let started = Self.person([2024: ("60", "30"), 2025: ("60", "30")], workStart: CalendarDate(year: 2024, month: 7, day: 1))
        let verdict = Self.verdict(started)
        #expect(verdict.status == .meets)
        #expect(verdict.years[0].exemption?.contains("2024-07-01") == true)
        #expect(verdict.years[1].exemption == nil, "the year work started is checked")

        let marked = Self.verdict(Self.person([2023: ("60", "30"), 2025: ("60", "30")], exempt: [2024: "出国访学"]))
        #expect(marked.status == .meets)
        #expect(marked.years[1].exemption == "出国访学")

        var strict = Self.policy
        strict.exemptBeforeWorkStart = false
        strict.exemptLedgerYears = false
        #expect(Self.verdict(started, policy: strict).status == .short)
        #expect(Self.verdict(Self.person([2023: ("60", "30"), 2025: ("60", "30")], exempt: [2024: "出国访学"]), policy: strict).status == .short)
    }

    @Test("before the last year is over: in progress, with the hours still needed and the deadline")
    func inProgress() {
        let asOf = CalendarDate(year: 2025, month: 6, day: 30)!
        let verdict = Self.verdict(Self.person([2023: ("60", "30"), 2024: ("60", "30"), 2025: ("40", "10")]), asOf: asOf)
        #expect(verdict.status == .inProgress)
        #expect(verdict.stillNeeded == Hours(40))
        #expect(verdict.deadline?.date == CalendarDate(year: 2025, month: 8, day: 31))
        #expect(!verdict.deadlinePassed)
        #expect(verdict.years.map(\.finished) == [true, true, false])
    }

    @Test("the same hours after the year is over: short")
    func shortAfterDeadline() {
        let verdict = Self.verdict(Self.person([2023: ("60", "30"), 2024: ("60", "30"), 2025: ("40", "10")]))
        #expect(verdict.status == .short)
        #expect(verdict.stillNeeded == .zero)
    }

    @Test("a finished year short makes the person short even while the last year is open")
    func shortWhileOpen() {
        let asOf = CalendarDate(year: 2025, month: 6, day: 30)!
        let verdict = Self.verdict(Self.person([2023: ("50", "30"), 2024: ("60", "30"), 2025: ("0", "0")]), asOf: asOf)
        #expect(verdict.status == .short)
    }

    @Test("a year already met counts as met before it is over")
    func metEarly() {
        let asOf = CalendarDate(year: 2025, month: 3, day: 1)!
        #expect(Self.verdict(Self.person(Self.fullYears), asOf: asOf).status == .meets)
    }

    @Test("a year is finished once the as-of day is past its 31 December")
    func finishedYear() {
        let verifier = Verifier(policy: Self.policy, asOf: CalendarDate(year: 2025, month: 12, day: 31)!)
        #expect(!verifier.isFinished(2025))
        #expect(verifier.isFinished(2024))
        #expect(Verifier(policy: Self.policy, asOf: CalendarDate(year: 2026, month: 1, day: 1)!).isFinished(2025))
    }
}
