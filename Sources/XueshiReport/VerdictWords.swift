import XueshiModel
import XueshiVerify

/// Verdicts in words, as every output shows them (terminal, reports, JSON "reasons").
public enum VerdictWords {
    /// Why a person does not meet the requirement, and what is pending, past a cap or exempt.
    public static func reasons(_ verdict: Verdict) -> [String] {
        var reasons: [String] = []
        for year in verdict.years where year.exemption == nil {
            let unmet = year.requirements.filter { !$0.met }
            guard !unmet.isEmpty else { continue }
            // One line a year: "2024年 专业科目 52/60 学时，差 8 学时"; with several minimums unmet, each
            // is named and the gap is the fewest hours that meet them all.
            let parts = unmet.map { "\($0.category?.label ?? "总学时") \($0.counted)/\($0.minimum)" }.joined(separator: "、")
            reasons.append("\(year.year)年 \(parts) 学时，差 \(year.shortfall) 学时" + (year.finished ? "" : verdict.registrationClosed ? "（学时登记已截止）" : "（该年度尚未结束）"))
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

    /// The policy's minimums in words: "每年至少 90 学时，其中专业科目至少 60 学时".
    public static func rule(_ policy: Policy) -> String {
        switch policy.mode {
        case .annual:
            guard let minimums = policy.annual else { return "" }
            return "每年至少 \(minimums.total) 学时" + minimums.categories.sorted { $0.key < $1.key }
                .map { "，其中\($0.key.label)至少 \($0.value) 学时" }.joined()
        case .cumulative:
            guard let minimums = policy.cumulative else { return "" }
            let years = "\(policy.years.first!)—\(policy.years.last!)年"
            return "\(years)累计至少 \(minimums.total) 学时" + minimums.categories.sorted { $0.key < $1.key }
                .map { "，其中\($0.key.label)至少 \($0.value) 学时" }.joined()
                + (policy.perYearFloor.map { "，每年不少于 \($0) 学时" } ?? "")
        }
    }
}
