import Foundation
import Testing
@testable import XueshiReport
import XueshiModel

/// Chat texts fit a robot's message: as many people as fit, then how many more.
@Suite("Chat texts for robots")
struct ChatTextTests {
    typealias Fixtures = TemplateReportTests

    @Test("the unit report for a chat: within the byte limit, listing as many as fit, then …等 N 人")
    func fittedUnits() throws {
        let summary = Fixtures.many(people: 300, units: 5)
        let text = try TemplateReport.fittedMarkdown(summary, maxBytes: 4096)
        #expect(text.utf8.count <= 4096)
        let listed = text.split(separator: "\n").filter { $0.hasPrefix("- ") }.count
        #expect(listed > 20, "more than the report's usual 20 when they fit")
        #expect(text.contains("…等 \(300 - listed) 人"))
        // One more person would not have fitted.
        let roomier = try TemplateReport.fittedMarkdown(summary, maxBytes: text.utf8.count + 200)
        #expect(roomier.split(separator: "\n").filter { $0.hasPrefix("- ") }.count > listed)
    }

    @Test("a reminder: unit by unit, masked IDs, what each still needs; empty when nobody needs action")
    func reminder() throws {
        let summary = Fixtures.summary()
        let text = ChatText.reminder(summary, deadline: CalendarDate(year: 2025, month: 8, day: 31)!, daysLeft: 30, maxBytes: .max)
        #expect(text.hasPrefix("### 学时提醒：距截止（2025-08-31）还有 30 天"))
        #expect(text.contains("还需 20 学时"), "in progress: the hours still to go")
        #expect(text.contains("未达标"), "short: a finished year cannot be mended")
        #expect(!text.contains("张三"), "张三 meets")
        #expect(!text.contains(Fixtures.wang.value))
        #expect(text.contains(Fixtures.wang.masked.replacingOccurrences(of: "*", with: "\\*")))

        let everyoneMeets = Summary(context: summary.context, units: summary.units, overall: summary.overall,
                                    people: summary.people.filter { $0.status == .meets })
        #expect(ChatText.reminder(everyoneMeets, deadline: CalendarDate(year: 2025, month: 8, day: 31)!, daysLeft: 30, maxBytes: .max).isEmpty)
    }

    @Test("a long reminder is cut between people, within the limit")
    func reminderCut() {
        let summary = Fixtures.many(people: 200, units: 3)
        let text = ChatText.reminder(summary, deadline: CalendarDate(year: 2025, month: 8, day: 31)!, daysLeft: 7, maxBytes: 4096)
        #expect(text.utf8.count <= 4096)
        let listed = text.split(separator: "\n").filter { $0.hasPrefix("- ") }.count
        #expect(listed > 10 && text.contains("…等 \(200 - listed) 人"))
    }

    @Test("a text without a list is cut at a line when it does not fit")
    func cutAtLine() {
        let text = (1...100).map { "第 \($0) 行：一些文字" }.joined(separator: "\n")
        let cut = ChatCut.lines(text, maxBytes: 300)
        #expect(cut.utf8.count <= 300)
        #expect(cut.hasSuffix("…（内容过长，未完）\n"))
        #expect(cut.split(separator: "\n").dropLast().allSatisfy { $0.hasPrefix("第 ") && $0.hasSuffix("一些文字") })
    }
}
