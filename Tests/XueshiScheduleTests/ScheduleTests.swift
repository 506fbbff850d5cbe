import Testing
import XueshiDataFile
import XueshiModel
@testable import XueshiSchedule

/// Schedule files (INTERFACE.md): read and checked, mistakes refused with their line; what is due
/// worked out from the clock given.
@Suite("Schedules")
struct ScheduleTests {
    static let example = """
        destinations:
          hr-mail:   { smtp: "smtps://smtp.example.com:465", from: "xueshi@example.com", to: ["hr@example.com"],
                       user_env: SMTP_USER, password_env: SMTP_PASSWORD }
          hr-ding:   { dingtalk: "https://oapi.dingtalk.com/robot/send?access_token=abc", secret_env: DING_SECRET }
          archive:   { folder: "/srv/学时/报表" }
        jobs:
          - { name: weekly-units, report: units, format: xlsx, every: week, to: [hr-mail, archive] }
          - { name: monthly-chat, report: units, format: markdown, every: month, unit: 之江实验室, to: [hr-ding] }
          - { name: reminders, remind: [60, 30, 14, 7], to: [hr-ding] }

        """

    static func date(_ text: String) -> CalendarDate { CalendarDate.parse(text)! }

    @Test("the example of INTERFACE.md reads into destinations and jobs, secrets only by name")
    func reads() throws {
        let schedule = try Schedule(yaml: Self.example, file: "学时报表.yaml")
        #expect(schedule.jobs.map(\.name) == ["weekly-units", "monthly-chat", "reminders"])
        #expect(schedule.destinations["hr-mail"]?.kind == .mail(server: "smtps://smtp.example.com:465", from: "xueshi@example.com", to: ["hr@example.com"]))
        #expect(schedule.destinations["hr-mail"]?.secret == .environment("SMTP_PASSWORD"))
        #expect(schedule.destinations["hr-ding"]?.secret == .environment("DING_SECRET"))
        #expect(schedule.destinations["archive"]?.kind == .folder(path: "/srv/学时/报表"))
        #expect(schedule.jobs[1].unit == "之江实验室")
        #expect(schedule.jobs[2].kind == .reminders(daysBefore: [60, 30, 14, 7]))
    }

    @Test("a mistake is refused with its line", arguments: [
        ("jobs:\n  - { name: a, report: units, every: week, to: [nowhere] }\n", 2, "没有名为「nowhere」的发送目标"),
        ("destinations:\n  d: { folder: /tmp }\njobs:\n  - { name: a, report: unitz, every: week, to: [d] }\n", 4, "不认识的报表"),
        ("destinations:\n  d: { folder: /tmp }\njobs:\n  - { name: a, report: units, every: fortnight, to: [d] }\n", 4, "every"),
        ("destinations:\n  d: { folder: /tmp }\njobs:\n  - { name: a, report: units, every: week, to: [d] }\n  - { name: a, report: units, every: day, to: [d] }\n", 5, "重复"),
        ("destinations:\n  d: { folder: /tmp }\njobs:\n  - { name: a, report: units, every: week, too: [d] }\n", 4, "不认识的设置「too」"),
        ("destinations:\n  d: { webhook: \"http://example.com/x\" }\njobs:\n  - { name: a, report: units, every: week, to: [d] }\n", 2, "http:// 只能用于本机地址"),
        ("destinations:\n  d: { dingtalk: \"https://x.example/robot\", secret_env: \"SEC RET=abc\" }\njobs:\n  - { name: a, report: units, every: week, to: [d] }\n", 2, "不要把密钥本身写进文件"),
        ("destinations:\n  d: { folder: /tmp, webhook: \"https://x.example\" }\njobs:\n  - { name: a, report: units, every: week, to: [d] }\n", 2, "只能写一种"),
        ("destinations:\n  d: { folder: /tmp }\njobs:\n  - { name: a, report: person, format: xlsx, every: week, person: 张伟, to: [d] }\n", 4, "不能用格式"),
    ])
    func refused(yaml: String, line: Int, words: String) {
        do {
            _ = try Schedule(yaml: yaml, file: "s.yaml")
            Issue.record("accepted: \(yaml)")
        } catch let error as DataFileError {
            #expect(error.line == line, "\(error)")
            #expect(error.description.contains(words), "\(error)")
            #expect(error.description.hasPrefix("s.yaml 第 \(line) 行"))
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test("http:// is accepted for this machine only")
    func loopback() throws {
        let yaml = "destinations:\n  d: { webhook: \"http://127.0.0.1:8080/hook\" }\njobs:\n  - { name: a, report: units, every: week, to: [d] }\n"
        #expect(try Schedule(yaml: yaml, file: "s.yaml").destinations["d"]?.kind == .webhook(url: "http://127.0.0.1:8080/hook"))
    }

    @Test("periods: a day, an ISO week (the year of its Thursday), a month", arguments: [
        ("2025-09-03", Job.Every.week, "2025-W36", "2025-09-01"),
        ("2025-09-07", .week, "2025-W36", "2025-09-01"),
        ("2025-09-08", .week, "2025-W37", "2025-09-08"),
        ("2024-12-30", .week, "2025-W01", "2024-12-30"),
        ("2021-01-03", .week, "2020-W53", "2020-12-28"),
        ("2025-09-03", .month, "2025-09", "2025-09-01"),
        ("2025-09-03", .day, "2025-09-03", "2025-09-03"),
    ])
    func periods(day: String, every: Job.Every, key: String, start: String) {
        let period = Period.containing(Self.date(day), every: every)
        #expect(period.key == key)
        #expect(period.start == Self.date(start))
    }

    @Test("a reminder is due from its day until the next one, once per day set; none after the deadline")
    func reminders() {
        let deadline = Self.date("2025-08-31"), days = [60, 30, 14, 7]
        #expect(Period.reminder(today: Self.date("2025-06-30"), deadline: deadline, daysBefore: days) == nil)  // 62 days before
        #expect(Period.reminder(today: Self.date("2025-07-02"), deadline: deadline, daysBefore: days)?.key == "2025-07-02（截止前 60 天）")
        // A run missed on the day still sends it, and the same period, on the days after.
        #expect(Period.reminder(today: Self.date("2025-07-10"), deadline: deadline, daysBefore: days)?.key == "2025-07-02（截止前 60 天）")
        #expect(Period.reminder(today: Self.date("2025-08-01"), deadline: deadline, daysBefore: days)?.key == "2025-08-01（截止前 30 天）")
        #expect(Period.reminder(today: Self.date("2025-08-30"), deadline: deadline, daysBefore: days)?.key == "2025-08-24（截止前 7 天）")
        #expect(Period.reminder(today: Self.date("2025-09-01"), deadline: deadline, daysBefore: days) == nil)
    }

    @Test("what is due on a day: each job's period to each of its destinations, in the file's order")
    func due() throws {
        let schedule = try Schedule(yaml: Self.example, file: "s.yaml")
        let due = schedule.due(today: Self.date("2025-08-01")) { _ in Self.date("2025-08-31") }
        #expect(due.map { "\($0.job) \($0.period.key) \($0.destination)" } == [
            "weekly-units 2025-W31 hr-mail", "weekly-units 2025-W31 archive",
            "monthly-chat 2025-08 hr-ding", "reminders 2025-08-01（截止前 30 天） hr-ding",
        ])
        let noDeadline = schedule.due(today: Self.date("2025-08-01")) { _ in nil }
        #expect(!noDeadline.contains { $0.job == "reminders" })
    }
}
