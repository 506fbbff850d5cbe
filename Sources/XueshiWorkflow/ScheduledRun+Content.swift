import Foundation
import XueshiDelivery
import XueshiLedger
import XueshiModel
import XueshiReport
import XueshiSchedule
import XueshiVerify

/// What one job sends in a period, rendered once for all its destinations.
struct JobContent: Sendable {
    var outgoing: Outgoing
    /// A reminder with nobody short or in progress: nothing is sent.
    var nobodyToRemind = false
}

extension ScheduledRun {
    /// Renders a job's report for `period`: the chat text, the file in the job's format, and the JSON
    /// when a webhook wants it. IDs are masked in everything a schedule sends.
    func makeContent(for job: Job, period: Period, policy: Policy, ledger: Ledger, needsJSON: Bool) throws -> JobContent {
        let asOf = job.asOf ?? today
        let scope: CheckScope
        if let unit = job.unit { scope = .unit(unit) } else { scope = .everyone }
        let unitPart = job.unit.map { "_" + $0 } ?? ""
        switch job.kind {
        case .report(.units, let formatName), .report(.verify, let formatName):
            let format = ReportFormat(rawValue: formatName) ?? .xlsx
            let result = try CheckJob(policy: policy, asOf: asOf, scope: scope).run(on: ledger)
            let summary = result.summary(revealIDs: false)
            let isVerify: Bool
            if case .report(.verify, _) = job.kind { isVerify = true } else { isVerify = false }
            let rendered = isVerify
                ? try ReportJob(format: format).renderVerdicts(result, revealIDs: false, to: .memory)
                : try ReportJob(format: format).renderUnits(summary, to: .memory)
            let name = (isVerify ? "学时核查" : "学时汇总")
            // Made here, so that a broken template fails the job rather than sending an empty text.
            let chat = try TemplateReport.MarkdownFitter(summary)
            // A JSON report is its own JSON; another format's is rendered only when a webhook wants it.
            let json = !needsJSON ? nil : format == .json ? rendered.data
                : isVerify ? try ReportJob(format: .json).renderVerdicts(result, revealIDs: false, to: .memory).data
                : try UnitsText.json(summary)
            return JobContent(outgoing: Outgoing(
                job: job.name, title: "\(name) · \(period.key)" + (job.unit.map { " · \($0)" } ?? ""),
                chatText: { limit in chat.text(maxBytes: limit) },
                file: Self.file(rendered, name: "\(name)\(unitPart)_\(period.key)", format: format),
                fileIsAttachment: Self.isAttachment(format), json: json, deliveryID: ""))

        case .report(.person, let formatName):
            let format = ReportFormat(rawValue: formatName) ?? .html
            let id = try PersonLookup.find(job.person ?? "", in: ledger)
            let result = try CheckJob(policy: policy, asOf: asOf, scope: .person(id)).run(on: ledger)
            let statements = try result.statements(from: ledger, revealIDs: false)
            let rendered = try ReportJob(format: format).renderStatements(statements, result: result, to: .memory)
            let json = !needsJSON ? nil : format == .json ? rendered.data
                : try ReportJob(format: .json).renderStatements(statements, result: result, to: .memory).data
            let name = statements.people.first?.name ?? "学时证明"
            let text = ChatText.statement(statements)
            return JobContent(outgoing: Outgoing(
                job: job.name, title: "学时证明 · \(Self.inert(name)) · \(period.key)",
                chatText: { limit in ChatCut.lines(text, maxBytes: limit) },
                file: Self.file(rendered, name: "学时证明_\(Self.inert(name))_\(period.key)", format: format),
                fileIsAttachment: Self.isAttachment(format), json: json, deliveryID: ""))

        case .reminders:
            guard let deadline = policy.hoursDue else {
                throw WorkflowError.noDeadline(policy: policy.name)
            }
            let result = try CheckJob(policy: policy, asOf: asOf, scope: scope).run(on: ledger)
            let summary = result.summary(revealIDs: false)
            let daysLeft = deadline.daysSinceEpoch - today.daysSinceEpoch
            let people = summary.notMeeting
            let text = ChatText.reminder(summary, deadline: deadline, daysLeft: daysLeft, maxBytes: Int.max)
            let json = needsJSON ? try Self.reminderJSON(summary, deadline: deadline, daysLeft: daysLeft) : nil
            let outgoing = Outgoing(
                job: job.name, title: "学时提醒 · 距截止还有 \(daysLeft) 天" + (job.unit.map { " · \($0)" } ?? ""),
                chatText: { limit in ChatText.reminder(summary, deadline: deadline, daysLeft: daysLeft, maxBytes: limit) },
                file: ReportFile(fileName: "学时提醒\(unitPart)_\(deadline)_截止前\(daysLeft)天.md", mimeType: "text/markdown; charset=utf-8",
                                 data: Data(text.utf8)),
                fileIsAttachment: false, json: json, deliveryID: "")
            return JobContent(outgoing: outgoing, nobodyToRemind: people.isEmpty)
        }
    }

    static func file(_ rendered: RenderedReport, name: String, format: ReportFormat) -> ReportFile? {
        guard let data = rendered.data else { return nil }
        return ReportFile(fileName: "\(name).\(format.extensions[0])", mimeType: mimeType(format), data: data)
    }

    /// A spreadsheet, a web page, CSV or JSON is sent as a file beside a chat text; Markdown and a
    /// text table are the chat text already.
    static func isAttachment(_ format: ReportFormat) -> Bool {
        format != .markdown && format != .table
    }

    static func mimeType(_ format: ReportFormat) -> String {
        switch format {
        case .xlsx: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .html: return "text/html; charset=utf-8"
        case .csv: return "text/csv; charset=utf-8"
        case .json: return "application/json"
        case .markdown: return "text/markdown; charset=utf-8"
        case .table: return "text/plain; charset=utf-8"
        }
    }

    /// The reminder for a webhook: English keys, IDs masked.
    static func reminderJSON(_ summary: Summary, deadline: CalendarDate, daysLeft: Int) throws -> Data {
        struct Person: Encodable { var id: String; var name: String; var unit: String; var status: String; var hoursToGo: Hours; var reasons: [String] }
        struct Reminder: Encodable { var policy: String; var asOf: String; var deadline: String; var daysLeft: Int; var people: [Person] }
        let reminder = Reminder(
            policy: summary.context.policyName, asOf: summary.context.asOf.description, deadline: deadline.description,
            daysLeft: daysLeft,
            people: summary.notMeeting.map {
                Person(id: summary.context.shownID($0.id), name: $0.name, unit: $0.unit, status: $0.status.rawValue,
                       hoursToGo: $0.hoursToGo, reasons: $0.reasons)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(["reminder": reminder])
    }

    /// A name in a title or a file name: one line, no path separators.
    static func inert(_ text: String) -> String {
        String(text.unicodeScalars.map { scalar -> Character in
            scalar.properties.generalCategory == .control || scalar == "/" || scalar == "\\" ? " " : Character(scalar)
        })
    }
}
