import Foundation
import Testing
import TestServers

/// `xueshi schedule`: the example, a folder destination, the run log, exit codes and the JSON of
/// INTERFACE.md. The network destinations are in DeliveryEndToEndTests, exactly-once under kills and
/// concurrency in ExactlyOnceEndToEndTests.
@Suite("Schedules, end to end")
struct ScheduleEndToEndTests {
    /// A ledger with 张伟 (meets every year) and 王芳 (2024 short by 8 professional hours).
    static func ledger(_ x: Xueshi) throws {
        let result = try x.run(["import", try x.write("export.csv", Hours2023to2025.mixed)])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test("schedule example prints a commented schedule that xueshi accepts as it is")
    func example() throws {
        let x = try Xueshi(); defer { x.remove() }
        try Self.ledger(x)
        let example = try x.run(["schedule", "example"])
        #expect(example.status == 0)
        #expect(example.stdout.contains("# "), "commented")
        for key in ["smtp:", "dingtalk:", "wecom:", "feishu:", "webhook:", "folder:", "remind:", "every: week", "secret_env"] {
            #expect(example.stdout.contains(key), "\(key)")
        }
        try x.write("学时报表.yaml", example.stdout)
        // Listing what is due reads the file and the ledger and sends nothing.
        let due = try x.run(["schedule", "run", "学时报表.yaml", "--due", "--now", "2025-09-03T08:00", "--json"])
        #expect(due.status == 0, "\(due.stderr)")
        let deliveries = try #require(due.json["deliveries"] as? [[String: Any]])
        #expect(deliveries.contains { $0["job"] as? String == "weekly-units" && $0["period"] as? String == "2025-W36" && $0["status"] as? String == "due" })
        #expect(try x.run(["schedule", "history", "学时报表.yaml"]).stdout.contains("还没有发送记录"))
    }

    @Test("a mistake in the schedule is refused with its line, and nothing runs (exit 2)")
    func mistakeHasItsLine() throws {
        let x = try Xueshi(); defer { x.remove() }
        try Self.ledger(x)
        try x.write("s.yaml", """
            destinations:
              archive: { folder: "out" }
            jobs:
              - { name: weekly, report: units, format: xlsx, every: week, to: [archve] }
            """)
        let result = try x.run(["schedule", "run", "s.yaml"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("第 4 行"), "\(result.stderr)")
        #expect(result.stderr.contains("archve") && result.stderr.contains("archive"))
        #expect(!FileManager.default.fileExists(atPath: x.path("out")))

        try x.write("s2.yaml", """
            destinations:
              mail: { smtp: "smtps://smtp.example.com", from: "a@example.com", to: ["b@example.com"], password_env: "p@ss word" }
            jobs:
              - { name: weekly, report: units, every: week, to: [mail] }
            """)
        let secretInFile = try x.run(["schedule", "run", "s2.yaml"])
        #expect(secretInFile.status == 2)
        #expect(secretInFile.stderr.contains("第 2 行") && secretInFile.stderr.contains("不要把密钥本身写进文件"), "\(secretInFile.stderr)")
        #expect(!secretInFile.stderr.contains("p@ss word"))
    }

    @Test("each job is delivered once per period: the same week again sends nothing, the next week sends again")
    func oncePerPeriod() throws {
        let x = try Xueshi(); defer { x.remove() }
        try Self.ledger(x)
        try x.write("s.yaml", """
            destinations:
              archive: { folder: "报表" }
            jobs:
              - { name: weekly-units, report: units, format: xlsx, every: week, to: [archive] }
              - { name: daily-chat, report: units, format: markdown, every: day, to: [archive] }
            """)
        let first = try x.run(["schedule", "run", "s.yaml", "--now", "2025-09-03T08:00", "--json"])
        #expect(first.status == 0, "\(first.stderr)")
        let sent = try #require(first.json["deliveries"] as? [[String: Any]])
        #expect(sent.count == 2)
        for delivery in sent {
            #expect(Set(delivery.keys) == ["job", "destination", "period", "status", "attempts", "error"])
            #expect(delivery["status"] as? String == "sent" && delivery["attempts"] as? Int == 1 && delivery["error"] is NSNull)
        }
        #expect(sent.map { $0["period"] as? String } == ["2025-W36", "2025-09-03"])
        let workbook = x.path("报表/weekly-units_学时汇总_2025-W36.xlsx")
        #expect(FileManager.default.contents(atPath: workbook)?.prefix(2) == Data("PK".utf8))
        let mode = try FileManager.default.attributesOfItem(atPath: workbook)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let chat = try String(contentsOfFile: x.path("报表/daily-chat_学时汇总_2025-09-03.md"), encoding: .utf8)
        #expect(chat.contains("王芳") && chat.contains("差 8 学时"))

        // The same week, the next day: the weekly report is not sent again; the daily one is.
        let again = try x.run(["schedule", "run", "s.yaml", "--now", "2025-09-04T08:00", "--json"])
        let second = try #require(again.json["deliveries"] as? [[String: Any]])
        #expect(second.map { $0["status"] as? String } == ["skipped", "sent"])
        // The next week.
        let nextWeek = try x.run(["schedule", "run", "s.yaml", "--now", "2025-09-08T08:00", "--json"])
        #expect((nextWeek.json["deliveries"] as? [[String: Any]])?.first?["period"] as? String == "2025-W37")
        #expect((nextWeek.json["deliveries"] as? [[String: Any]])?.first?["status"] as? String == "sent")

        // The run log, most recent first, in the terminal and as JSON.
        let history = try x.run(["schedule", "history", "s.yaml", "--json"])
        let log = try #require(history.json["deliveries"] as? [[String: Any]])
        #expect(log.count == 5)
        #expect(log.allSatisfy { $0["status"] as? String == "sent" && $0["sentAt"] is String })
        let table = try x.run(["schedule", "history", "s.yaml"])
        #expect(table.stdout.contains("2025-W37") && table.stdout.contains("已发送"))
    }

    @Test("reminders: on the days set before hours_due, the people short or in progress with what each still needs, IDs masked")
    func reminders() throws {
        let x = try Xueshi(); defer { x.remove() }
        try Self.ledger(x)
        try x.write("s.yaml", """
            destinations:
              archive: { folder: "提醒" }
            jobs:
              - { name: reminders, remind: [60, 30, 14, 7], to: [archive] }
            """)
        // 2025-06-01 is 91 days before hours_due (2025-08-31): no reminder yet.
        let early = try x.run(["schedule", "run", "s.yaml", "--now", "2025-06-01T08:00", "--json"])
        #expect(early.status == 0)
        #expect((early.json["deliveries"] as? [[String: Any]])?.isEmpty == true)
        // 2025-08-05: 26 days left, the 30-day reminder is due (a run missed on the day itself still sends it).
        let due = try x.run(["schedule", "run", "s.yaml", "--now", "2025-08-05T08:00", "--json"])
        let delivery = try #require((due.json["deliveries"] as? [[String: Any]])?.first)
        #expect(delivery["period"] as? String == "2025-08-01（截止前 30 天）")
        #expect(delivery["status"] as? String == "sent")
        let files = try FileManager.default.contentsOfDirectory(atPath: x.path("提醒"))
        let text = try String(contentsOfFile: x.path("提醒/" + files[0]), encoding: .utf8)
        #expect(text.contains("还有 26 天"))
        #expect(text.contains("王芳") && text.contains("差 8 学时"))
        #expect(text.contains("330102\\*\\*\\*\\*\\*\\*\\*\\*3620"), "masked, escaped for Markdown")
        #expect(!text.contains(IDs.wang))
        #expect(!text.contains("张伟"), "张伟 meets")
        // Once per reminder day.
        let again = try x.run(["schedule", "run", "s.yaml", "--now", "2025-08-06T08:00", "--json"])
        #expect((again.json["deliveries"] as? [[String: Any]])?.first?["status"] as? String == "skipped")
    }

    @Test("nothing is sent when nobody needs action")
    func nobodyToRemind() throws {
        let x = try Xueshi(); defer { x.remove() }
        let result = try x.run(["import", try x.write("export.csv", Exports.header + Hours2023to2025.fullYears("张伟", IDs.zhang))])
        #expect(result.status == 0)
        try x.write("s.yaml", """
            destinations:
              archive: { folder: "提醒" }
            jobs:
              - { name: reminders, remind: [30], to: [archive] }
            """)
        let run = try x.run(["schedule", "run", "s.yaml", "--now", "2025-08-05T08:00", "--json"])
        #expect(run.status == 0)
        let delivery = try #require((run.json["deliveries"] as? [[String: Any]])?.first)
        #expect(delivery["status"] as? String == "skipped")
        #expect(!FileManager.default.fileExists(atPath: x.path("提醒")))
    }

    @Test("--now must be a moment; without a ledger the run cannot start (exit 2)")
    func usage() throws {
        let x = try Xueshi(); defer { x.remove() }
        try x.write("s.yaml", "destinations:\n  a: { folder: out }\njobs:\n  - { name: w, report: units, every: week, to: [a] }\n")
        #expect(try x.run(["schedule", "run", "s.yaml", "--now", "next monday"]).status == 64)
        let noLedger = try x.run(["schedule", "run", "s.yaml"])
        #expect(noLedger.status == 2)
        #expect(noLedger.stderr.contains("找不到学时库"))
        #expect(try x.run(["schedule", "run", "missing.yaml"]).status == 2)
    }
}
