import Foundation
import XueshiModel
import XueshiVerify

extension Summary {
    /// The summary of a set of verdicts: per unit (by name) and overall.
    public init(verdicts: [Verdict], policy: Policy, asOf: CalendarDate, revealIDs: Bool, generatedAt: Date = Date()) {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        let context = ReportContext(policyName: policy.name, policyTitle: policy.title, policyRule: VerdictWords.rule(policy),
                                    policySources: policy.sources, years: policy.years, asOf: asOf,
                                    generatedAt: formatter.string(from: generatedAt), revealIDs: revealIDs)
        let people = PeopleOrder.sorted(verdicts.map(PersonLine.init(verdict:)))
        var byUnit: [UTF8Key: [PersonLine]] = [:]
        for person in people { byUnit[UTF8Key(person.unit), default: []].append(person) }
        let units = PinyinOrder.sorted(byUnit.keys.map(\.text))
            .map { UTF8Key($0) }.map { UnitSummary(unit: $0.text, people: byUnit[$0]!, years: policy.years) }
        self.init(context: context, units: units, overall: UnitSummary(unit: "合计", people: people, years: policy.years), people: people)
        if people.contains(where: { $0.department != nil }) {
            departments = units.flatMap { unit -> [UnitSummary] in
                var byDepartment: [UTF8Key: [PersonLine]] = [:]
                for person in byUnit[UTF8Key(unit.unit)]! {
                    byDepartment[UTF8Key(person.department ?? Self.noDepartment), default: []].append(person)
                }
                // Named departments in pinyin order, the people without one last.
                let names = PinyinOrder.sorted(byDepartment.keys.map(\.text).filter { $0 != Self.noDepartment })
                    + (byDepartment[UTF8Key(Self.noDepartment)] == nil ? [] : [Self.noDepartment])
                return names.map { name in
                    var figures = UnitSummary(unit: unit.unit, people: byDepartment[UTF8Key(name)]!, years: policy.years)
                    figures.department = name
                    return figures
                }
            }
        }
    }

    /// Where people with no department in a roster are counted.
    public static let noDepartment = "（未分部门）"
}

extension UnitSummary {
    init(unit: String, people: [PersonLine], years: [Int]) {
        var byCategory: [Category: Hours] = [:]
        var byYear: [Int: Hours] = [:]
        for year in years { byYear[year] = .zero }
        for person in people {
            for year in person.years {
                byYear[year.year, default: .zero] += year.counted
                for (category, hours) in year.byCategory { byCategory[category, default: .zero] += hours }
            }
        }
        self.init(unit: unit, people: people.count, meeting: people.filter { $0.status == .meets }.count,
                  short: people.filter { $0.status == .short }.count,
                  inProgress: people.filter { $0.status == .inProgress }.count,
                  counted: byYear.values.reduce(.zero, +), countedByCategory: byCategory, countedByYear: byYear)
    }
}

extension PersonLine {
    public init(verdict: Verdict) {
        self.init(id: verdict.id, name: verdict.name, unit: verdict.unit, department: verdict.department, status: verdict.status,
                  years: verdict.years.map { year in
                      YearLine(year: year.year, counted: year.counted, byCategory: year.categories, shortfall: year.shortfall,
                               pending: year.pending, meets: year.meets, exemption: year.exemption)
                  },
                  reasons: VerdictWords.reasons(verdict), stillNeeded: verdict.stillNeeded)
    }
}
