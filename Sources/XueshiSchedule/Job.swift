import XueshiModel

/// One job of a schedule: a report (or reminders) and where it goes.
public struct Job: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `report units` / `report person` / `verify` in a format.
        case report(ReportKind, format: String)
        /// The people still short or in progress, on these days before the policy's `hours_due`.
        case reminders(daysBefore: [Int])
    }

    public enum ReportKind: String, Sendable, Equatable, CaseIterable {
        case units, person, verify
    }

    public enum Every: String, Sendable, Equatable, CaseIterable {
        case day, week, month
    }

    public var name: String
    public var kind: Kind
    /// How often a report job is due; reminders are due on their days instead.
    public var every: Every?
    public var destinations: [String]
    public var unit: String?
    public var person: String?
    public var policy: String?
    public var asOf: CalendarDate?

    public init(name: String, kind: Kind, every: Every?, destinations: [String], unit: String? = nil,
                person: String? = nil, policy: String? = nil, asOf: CalendarDate? = nil) {
        self.name = name; self.kind = kind; self.every = every; self.destinations = destinations
        self.unit = unit; self.person = person; self.policy = policy; self.asOf = asOf
    }

    /// The formats each report can be sent in.
    static let formats: [ReportKind: [String]] = [
        .units: ["xlsx", "html", "csv", "markdown", "json", "table"],
        .person: ["html", "json", "table"],
        .verify: ["json", "table"],
    ]

    init(_ raw: ScheduleFile.Job) throws {
        let name = Text.trim(raw.name ?? "")
        guard !name.isEmpty else { throw ScheduleProblem(key: "name", message: "任务缺少名字（name）") }
        guard let to = raw.to, !to.isEmpty else { throw ScheduleProblem(key: "to", message: "任务「\(name)」没有发送目标（to）") }
        var asOf: CalendarDate?
        if let text = raw.as_of {
            guard let date = CalendarDate.parse(text) else {
                throw ScheduleProblem(key: "as_of", message: "as_of「\(text)」不是日期（写成 2025-08-31）")
            }
            asOf = date
        }
        switch (raw.report, raw.remind) {
        case (let report?, nil):
            guard let kind = ReportKind(rawValue: report) else {
                throw ScheduleProblem(key: "report", message: "不认识的报表「\(report)」；可用的有：units、person、verify")
            }
            let format = raw.format ?? (kind == .units ? "xlsx" : kind == .person ? "html" : "json")
            guard Self.formats[kind]!.contains(format) else {
                throw ScheduleProblem(key: "format", message: "报表 \(report) 不能用格式「\(format)」；可用的有：\(Self.formats[kind]!.joined(separator: "、"))")
            }
            guard let everyText = raw.every, let every = Every(rawValue: everyText) else {
                throw ScheduleProblem(key: "every", message: "任务「\(name)」要写多久发一次：every: day、week 或 month")
            }
            if kind == .person, raw.person == nil {
                throw ScheduleProblem(key: "person", message: "report: person 的任务要写 person（身份证号或姓名）")
            }
            self.init(name: name, kind: .report(kind, format: format), every: every, destinations: to,
                      unit: raw.unit, person: raw.person, policy: raw.policy, asOf: asOf)
        case (nil, let days?):
            guard !days.isEmpty, days.allSatisfy({ $0 >= 0 && $0 <= 366 }) else {
                throw ScheduleProblem(key: "remind", message: "remind 写截止日前的天数，例如 [60, 30, 14, 7]（0 到 366）")
            }
            if raw.every != nil { throw ScheduleProblem(key: "every", message: "提醒按 remind 的天数发送，不用写 every") }
            self.init(name: name, kind: .reminders(daysBefore: Array(Set(days)).sorted(by: >)), every: nil, destinations: to,
                      unit: raw.unit, policy: raw.policy, asOf: asOf)
        case (nil, nil):
            throw ScheduleProblem(key: nil, message: "任务「\(name)」要么写 report（units、person、verify），要么写 remind（截止日前的天数）")
        case (_?, _?):
            throw ScheduleProblem(key: "remind", message: "任务「\(name)」不能同时写 report 和 remind：请分成两个任务")
        }
    }
}
