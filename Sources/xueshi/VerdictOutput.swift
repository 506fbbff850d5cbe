import Foundation
import XueshiModel
import XueshiVerify

/// `verify --json` and `check --json` (INTERFACE.md), with more fields after the contract's.
struct VerdictsJSON: Encodable {
    struct Person: Encodable {
        struct Year: Encodable {
            var year: Int
            var counted: Hours
            var meets: Bool
            var categories: [String: Hours]
            var shortfall: Hours
            var pending: Hours
            var finished: Bool
            var exempt: String?
            var overCap: Hours
            var requirements: [RequirementJSON]
        }
        var id: String
        var name: String
        var unit: String
        var status: String
        var meets: Bool
        var years: [Year]
        var stillNeeded: Hours
        var deadline: String?
        var reasons: [String]
        var period: [RequirementJSON]?
    }
    struct RequirementJSON: Encodable {
        var category: String?
        var minimum: Hours
        var counted: Hours
        var missing: Hours
    }
    var policy: String
    var asOf: String
    var people: [Person]

    init(policy: Policy, asOf: CalendarDate, verdicts: [Verdict], reveal: Bool) {
        self.policy = policy.name
        self.asOf = asOf.description
        func requirement(_ r: Requirement) -> RequirementJSON {
            RequirementJSON(category: r.category?.rawValue, minimum: r.minimum, counted: r.counted, missing: r.missing)
        }
        people = verdicts.map { verdict in
            Person(id: verdict.id.shown(reveal: reveal), name: verdict.name, unit: verdict.unit, status: verdict.status.rawValue,
                   meets: verdict.meets,
                   years: verdict.years.map { year in
                       var categories: [String: Hours] = [:]
                       for category in Category.allCases { categories[category.rawValue] = year.categories[category] ?? .zero }
                       return Person.Year(year: year.year, counted: year.counted, meets: year.meets, categories: categories,
                                   shortfall: year.shortfall, pending: year.pending, finished: year.finished,
                                   exempt: year.exemption, overCap: year.overCap, requirements: year.requirements.map(requirement))
                   },
                   stillNeeded: verdict.stillNeeded, deadline: verdict.deadline?.date.description,
                   reasons: VerdictText.reasons(verdict), period: verdict.period.isEmpty ? nil : verdict.period.map(requirement))
        }
    }
}

/// Verdicts in words, for the terminal.
enum VerdictText {
    static func mark(_ status: VerdictStatus) -> String {
        switch status {
        case .meets: return "✓ 达标"
        case .short: return "✗ 未达标"
        case .inProgress: return "… 进行中"
        }
    }

    /// Why a person does not meet the requirement, and what is pending or past a cap.
    static func reasons(_ verdict: Verdict) -> [String] {
        var reasons: [String] = []
        for year in verdict.years where year.exemption == nil {
            let unmet = year.requirements.filter { !$0.met }
            guard !unmet.isEmpty else { continue }
            // One line a year: "2024年 专业科目 52/60 学时，差 8 学时"; with several minimums unmet, each
            // is named and the gap is the fewest hours that meet them all.
            let parts = unmet.map { "\($0.category?.label ?? "总学时") \($0.counted)/\($0.minimum)" }.joined(separator: "、")
            reasons.append("\(year.year)年 \(parts) 学时，差 \(year.shortfall) 学时" + (year.finished ? "" : "（该年度尚未结束）"))
        }
        reasons += verdict.period.filter { !$0.met }.map(\.explanation)
        if verdict.status == .inProgress, let deadline = verdict.deadline {
            reasons.append("还需 \(verdict.stillNeeded) 学时，" + (verdict.deadlinePassed
                ? "\(deadline.label)（\(deadline.date)）已过"
                : "须在 \(deadline.date)（\(deadline.label)）前完成登记"))
        }
        for year in verdict.years {
            if year.pending > .zero, !year.meets || verdict.status != .meets {
                reasons.append("\(year.year)年另有待审核 \(year.pending) 学时，审核通过后计入")
            }
            reasons += year.capNotes.map(\.explanation)
            if let exemption = year.exemption { reasons.append("\(year.year)年免于核查：\(exemption)") }
        }
        return reasons
    }

    /// One line per person, people who need action first; a closing line with the counts.
    static func table(_ verdicts: [Verdict], policy: Policy, reveal: Bool) -> String {
        var table = TerminalTable(headers: ["状态", "身份证号", "姓名", "单位"] + policy.years.map { "\($0)年" } + ["说明"],
                                  numeric: Set(4..<(4 + policy.years.count)))
        for verdict in sorted(verdicts) {
            let years = verdict.years.map { year in year.exemption != nil ? "免" : year.counted.description }
            let reasons = reasons(verdict)
            table.rows.append([mark(verdict.status), verdict.id.shown(reveal: reveal), verdict.name, verdict.unit]
                              + years + [reasons.first ?? ""])
            for more in reasons.dropFirst() {
                table.rows.append(["", "", "", ""] + policy.years.map { _ in "" } + [more])
            }
        }
        return table.render()
    }

    static func sorted(_ verdicts: [Verdict]) -> [Verdict] {
        verdicts.sorted { a, b in
            if a.status != b.status { return a.status < b.status }
            if a.unit != b.unit { return a.unit < b.unit }
            return a.id < b.id
        }
    }

    static func summary(_ verdicts: [Verdict]) -> String {
        let meets = verdicts.filter { $0.status == .meets }.count
        let short = verdicts.filter { $0.status == .short }.count
        let open = verdicts.filter { $0.status == .inProgress }.count
        return "共 \(verdicts.count) 人：达标 \(meets) 人，未达标 \(short) 人，进行中 \(open) 人。"
    }

    /// The heading: which policy, as of which day.
    static func heading(_ policy: Policy, asOf: CalendarDate) -> String {
        "核查要求：\(policy.name)（\(policy.title)），截至 \(asOf)。"
            + (policy.mode == .annual && policy.annual != nil
                ? "每年至少 \(policy.annual!.total) 学时" + policy.annual!.categories.sorted { $0.key < $1.key }
                    .map { "，其中\($0.key.label)至少 \($0.value) 学时" }.joined() + "。"
                : "")
    }
}
