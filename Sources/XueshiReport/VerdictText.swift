import XueshiModel
import XueshiVerify

/// Verdicts in words, for the terminal.
public enum VerdictText {
    public static func mark(_ status: VerdictStatus) -> String {
        switch status {
        case .meets: return "✓ 达标"
        case .short: return "✗ 未达标"
        case .inProgress: return "… 进行中"
        }
    }

    /// One line per person, people who need action first; a closing line with the counts.
    public static func table(_ verdicts: [Verdict], policy: Policy, reveal: Bool) -> String {
        var table = TextTable(headers: ["状态", "身份证号", "姓名", "单位"] + policy.years.map { "\($0)年" } + ["说明"],
                                  numeric: Set(4..<(4 + policy.years.count)))
        for verdict in PeopleOrder.sorted(verdicts) {
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
    public static func summary(_ verdicts: [Verdict]) -> String {
        let meets = verdicts.filter { $0.status == .meets }.count
        let short = verdicts.filter { $0.status == .short }.count
        let open = verdicts.filter { $0.status == .inProgress }.count
        return "共 \(verdicts.count) 人：达标 \(meets) 人，未达标 \(short) 人，进行中 \(open) 人。"
    }

    /// The heading: which policy, as of which day.
    public static func heading(_ policy: Policy, asOf: CalendarDate) -> String {
        "核查要求：\(policy.name)（\(policy.title)），截至 \(asOf)。\(VerdictWords.rule(policy))。"
    }
}
