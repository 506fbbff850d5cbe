import Foundation
import XueshiModel

/// Texts for chat robots (DingTalk, WeCom, Feishu) and mail bodies: Markdown of the subset every one
/// of them shows (headings, bold, lists; no tables), each user's text escaped so that a name cannot
/// become a link or a format, and fitted to a message's size in bytes.
public enum ChatText {
    /// A reminder before `deadline`: the people short or in progress, unit by unit in the summary's
    /// order, each with the hours still to go and why, IDs masked. As many people as fit in
    /// `maxBytes`, then "…等 N 人". Empty when nobody needs action.
    public static func reminder(_ summary: Summary, deadline: CalendarDate, daysLeft: Int, maxBytes: Int) -> String {
        // Unit by unit, in the report's order of units; within a unit, people who need action first.
        let unitOrder = Dictionary(summary.units.enumerated().map { ($1.unit, $0) }, uniquingKeysWith: { first, _ in first })
        let people = summary.notMeeting.enumerated()
            .sorted { (unitOrder[$0.element.unit] ?? Int.max, $0.offset) < (unitOrder[$1.element.unit] ?? Int.max, $1.offset) }
            .map(\.element)
        guard !people.isEmpty else { return "" }
        let context = summary.context
        let esc = TemplateReport.markdownEscape
        let when = daysLeft == 0 ? "今天截止（\(deadline)）" : "距截止（\(deadline)）还有 \(daysLeft) 天"
        let head = "### 学时提醒：\(when)\n"
            + "按「\(esc(context.policyTitle))」核查（\(esc(context.policyRule))），截至 \(context.asOf)："
            + "\(people.count) 人尚未达标，请在截止前补足学时并完成登记。\n"
        let foot = "\n生成时间：\(context.generatedAt)\n"
        // Each unit's count, for its heading whatever is cut.
        var perUnit: [String: Int] = [:]
        for person in people { perUnit[person.unit, default: 0] += 1 }
        // No more people than could fit are ever listed (a line is at least 16 bytes): a city's
        // reminder for a 4 KB message needs a few hundred lines, not tens of thousands.
        let lines = people.prefix(min(people.count, maxBytes / 16)).map { person -> String in
            // In progress: what is still to do. Short: a finished year can no longer be mended, so say so.
            let togo = person.status == .short ? "未达标" + (person.hoursToGo > .zero ? "（共差 \(person.hoursToGo) 学时）" : "")
                : person.hoursToGo > .zero ? "还需 \(person.hoursToGo) 学时" : person.status.label
            let reasons = person.reasons.filter { !$0.hasPrefix("还需") }.prefix(3).map { esc(TemplateReport.shortened(TemplateReport.oneLine($0), to: 48)) }
            return "- \(esc(TemplateReport.shortened(TemplateReport.oneLine(person.name), to: 16)))"
                + "（\(esc(context.shownID(person.id)))）：\(togo)" + (reasons.isEmpty ? "" : "；" + reasons.joined(separator: "；"))
        }
        func render(listing count: Int) -> String {
            var text = head
            var unit: String?
            for (person, line) in zip(people.prefix(count), lines.prefix(count)) {
                if person.unit != unit {
                    unit = person.unit
                    text += "\n**\(esc(TemplateReport.shortened(TemplateReport.oneLine(person.unit), to: 24)))**（\(perUnit[person.unit] ?? 0) 人）\n"
                }
                text += line + "\n"
            }
            if count < people.count { text += "\n…等 \(people.count - count) 人，详见完整报告。\n" }
            return text + foot
        }
        return fitted(total: people.count, maxBytes: maxBytes, render: render(listing:))
    }

    /// One person's standing (a `report person` job): status, hours per year, and every reason.
    public static func statement(_ summary: Summary) -> String {
        let context = summary.context
        let esc = TemplateReport.markdownEscape
        var text = ""
        for person in summary.people {
            text += "### \(esc(TemplateReport.oneLine(person.name)))（\(esc(context.shownID(person.id)))）：\(person.status.label)\n"
            text += "按「\(esc(context.policyTitle))」核查（\(esc(context.policyRule))），截至 \(context.asOf)。\n\n"
            for year in person.years {
                let state = year.exemption.map { "免于核查：\(esc($0))" } ?? (year.meets ? "达标" : "差 \(year.shortfall) 学时")
                text += "- \(year.year)年：计入 \(year.counted) 学时，\(state)" + (year.pending > .zero ? "，待审核 \(year.pending) 学时" : "") + "\n"
            }
            if !person.reasons.isEmpty {
                text += "\n" + person.reasons.map { "- " + esc(TemplateReport.oneLine($0)) }.joined(separator: "\n") + "\n"
            }
            text += "\n"
        }
        return text + "生成时间：\(context.generatedAt)\n"
    }

    /// The longest listing that fits: `render(k)` lists k of `total` items and grows with k. When even
    /// none fit, the text is cut at a line.
    static func fitted(total: Int, maxBytes: Int, render: (Int) -> String) -> String {
        let bare = render(0)
        guard bare.utf8.count <= maxBytes else { return ChatCut.lines(bare, maxBytes: maxBytes) }
        var low = 0, high = min(total, maxBytes / 16)
        // Everyone may fit (a mail's body): one render to know, rather than a search over all of them.
        if high == total, total > 0 {
            let everyone = render(total)
            if everyone.utf8.count <= maxBytes { return everyone }
            high -= 1
        }
        while low < high {
            let middle = (low + high + 1) / 2
            if render(middle).utf8.count <= maxBytes { low = middle } else { high = middle - 1 }
        }
        return render(low)
    }
}

/// Cutting a text that does not fit a message.
public enum ChatCut {
    static let marker = "…（内容过长，未完）\n"

    /// The text's first whole lines that fit in `maxBytes` bytes with the marker after them.
    public static func lines(_ text: String, maxBytes: Int) -> String {
        guard text.utf8.count > maxBytes else { return text }
        let budget = max(0, maxBytes - marker.utf8.count)
        var kept = "", used = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let size = line.utf8.count + 1
            if used + size > budget { break }
            kept += line + "\n"
            used += size
        }
        return kept + marker
    }
}
