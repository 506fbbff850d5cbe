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

    /// One line per person, people who need action first, each reason on a line of its own; fitted to
    /// `width` when given (the years go first, then the ID, then the unit; the reasons stay).
    public static func table(_ verdicts: [Verdict], policy: Policy, reveal: Bool, width: Int? = nil) -> String {
        typealias Column = TextTable.Column
        var table = TextTable(columns: [Column("状态"), Column("身份证号", dropOrder: 2), Column("姓名"),
                                        Column("单位", wraps: true, minimumWidth: 8, dropOrder: 3)]
                              + policy.years.map { Column("\($0)年", numeric: true, dropOrder: 1) }
                              + [Column("说明", wraps: true, minimumWidth: 16)])
        for verdict in PeopleOrder.sorted(verdicts) {
            let years = verdict.years.map { year in year.exemption != nil ? "免" : year.counted.description }
            let reasons = VerdictWords.reasons(verdict)
            table.rows.append([mark(verdict.status), verdict.id.shown(reveal: reveal), verdict.name, verdict.unit]
                              + years + [reasons.first ?? ""])
            for more in reasons.dropFirst() {
                table.rows.append(["", "", "", ""] + policy.years.map { _ in "" } + [more])
            }
        }
        return table.render(width: width)
    }

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
