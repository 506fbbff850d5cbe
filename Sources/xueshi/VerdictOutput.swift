import Foundation
import XueshiModel
import XueshiReport
import XueshiVerify

/// `verify --json` and `check --json` (INTERFACE.md), with more fields beside the contract's, written
/// as a stream (keys in sorted order).
enum VerdictsJSON {
    static func write(policy: Policy, asOf: CalendarDate, verdicts: [Verdict], reveal: Bool) {
        let json = JSONStream()
        json.object {
            json.field("asOf", asOf.description)
            json.key("people")
            json.array {
                for verdict in verdicts { person(verdict, reveal: reveal, json) }
            }
            json.field("policy", policy.name)
        }
        json.finish()
    }

    static func person(_ verdict: Verdict, reveal: Bool, _ json: JSONStream) {
        json.object {
            json.field("deadline", verdict.deadline?.date.description)
            json.field("id", verdict.id.shown(reveal: reveal))
            json.field("meets", verdict.meets)
            json.field("name", verdict.name)
            if !verdict.period.isEmpty {
                json.key("period")
                json.array { for requirement in verdict.period { self.requirement(requirement, json) } }
            }
            json.key("reasons")
            json.array { for reason in VerdictWords.reasons(verdict) { json.string(reason) } }
            json.field("status", verdict.status.rawValue)
            json.field("stillNeeded", verdict.stillNeeded)
            json.field("unit", verdict.unit)
            json.key("years")
            json.array {
                for year in verdict.years {
                    json.object {
                        json.key("categories")
                        json.object {
                            for category in Category.allCases.sorted(by: { $0.rawValue < $1.rawValue }) {
                                json.key(dynamic: category.rawValue)
                                json.hours(year.categories[category] ?? .zero)
                            }
                        }
                        json.field("counted", year.counted)
                        json.field("exempt", year.exemption)
                        json.field("finished", year.finished)
                        json.field("meets", year.meets)
                        json.field("overCap", year.overCap)
                        json.field("pending", year.pending)
                        json.key("requirements")
                        json.array { for requirement in year.requirements { self.requirement(requirement, json) } }
                        json.field("shortfall", year.shortfall)
                        json.field("year", year.year)
                    }
                }
            }
        }
    }

    static func requirement(_ requirement: Requirement, _ json: JSONStream) {
        json.object {
            json.field("category", requirement.category?.rawValue)
            json.field("counted", requirement.counted)
            json.field("minimum", requirement.minimum)
            json.field("missing", requirement.missing)
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

    /// One line per person, people who need action first; a closing line with the counts.
    static func table(_ verdicts: [Verdict], policy: Policy, reveal: Bool) -> String {
        var table = TerminalTable(headers: ["状态", "身份证号", "姓名", "单位"] + policy.years.map { "\($0)年" } + ["说明"],
                                  numeric: Set(4..<(4 + policy.years.count)))
        for verdict in sorted(verdicts) {
            let years = verdict.years.map { year in year.exemption != nil ? "免" : year.counted.description }
            let reasons = VerdictWords.reasons(verdict)
            table.rows.append([mark(verdict.status), verdict.id.shown(reveal: reveal), verdict.name, verdict.unit]
                              + years + [reasons.first ?? ""])
            for more in reasons.dropFirst() {
                table.rows.append(["", "", "", ""] + policy.years.map { _ in "" } + [more])
            }
        }
        return table.render()
    }

    /// People who need action first, then by unit and ID. Sorts positions rather than the (large)
    /// verdicts themselves, and compares units by their bytes (String's < normalises Unicode first).
    static func sorted(_ verdicts: [Verdict]) -> [Verdict] {
        let order = verdicts.indices.sorted { i, j in
            let a = verdicts[i], b = verdicts[j]
            if a.status != b.status { return a.status < b.status }
            if !a.unit.hasSameBytes(as: b.unit) { return a.unit.utf8.lexicographicallyPrecedes(b.unit.utf8) }
            return a.id.value.utf8.lexicographicallyPrecedes(b.id.value.utf8)
        }
        return order.map { verdicts[$0] }
    }

    static func summary(_ verdicts: [Verdict]) -> String {
        let meets = verdicts.filter { $0.status == .meets }.count
        let short = verdicts.filter { $0.status == .short }.count
        let open = verdicts.filter { $0.status == .inProgress }.count
        return "共 \(verdicts.count) 人：达标 \(meets) 人，未达标 \(short) 人，进行中 \(open) 人。"
    }

    /// The heading: which policy, as of which day.
    static func heading(_ policy: Policy, asOf: CalendarDate) -> String {
        "核查要求：\(policy.name)（\(policy.title)），截至 \(asOf)。\(VerdictWords.rule(policy))。"
    }
}
