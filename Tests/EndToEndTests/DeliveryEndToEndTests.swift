import Foundation
import Testing
import TestServers

/// `xueshi schedule run` delivering to real servers on 127.0.0.1: an SMTP server (aiosmtpd, STARTTLS
/// and a login) and HTTPS servers playing DingTalk, WeCom, Feishu and a webhook, all with certificates
/// of a test CA made by openssl. Each robot checks its signature and message shape and answers with
/// its own error codes.
@Suite("Delivering by mail and to chat robots, end to end")
struct DeliveryEndToEndTests {
    static func ledger(_ x: Xueshi) throws {
        let result = try x.run(["import", try x.write("export.csv", Hours2023to2025.mixed)])
        #expect(result.status == 0, "\(result.stderr)")
    }

    static var ca: String { (try? TestPKI.shared.get().caPath) ?? "" }

    static func deliveries(_ result: Xueshi.Result) throws -> [[String: Any]] {
        try #require(result.json["deliveries"] as? [[String: Any]], "\(result.stdout)\n\(result.stderr)")
    }

    @Test("mail: STARTTLS, a login from the environment, the report attached as the folder holds it, the subject in Chinese")
    func mail() throws {
        let x = try Xueshi(); defer { x.remove() }
        try Self.ledger(x)
        let server = try MailServer()
        try x.write("s.yaml", """
            destinations:
              hr-mail:
                smtp: "smtp://127.0.0.1:\(server.process.port)"
                from: "学时台账 <xueshi@example.com>"
                to: ["hr@example.com", "人事处 <office@example.com>"]
                user_env: SMTP_USER
                password_env: SMTP_PASSWORD
                cacert: "\(Self.ca)"
              archive: { folder: "报表" }
            jobs:
              - { name: weekly-units, report: units, format: xlsx, every: week, to: [hr-mail, archive] }
            """)
        let environment = ["SMTP_USER": MailServer.user, "SMTP_PASSWORD": MailServer.password]
        let run = try x.run(["schedule", "run", "s.yaml", "--now", "2025-09-03T08:00", "--json"], environment: environment)
        #expect(run.status == 0, "\(run.stdout) \(run.stderr)")
        #expect(try Self.deliveries(run).map { $0["status"] as? String } == ["sent", "sent"])
        #expect(server.savedCount == 1)
        let mail = try server.parsed(1)
        #expect(mail["subject"] as? String == "学时汇总 · 2025-W36")
        #expect(mail["from"] as? String == "学时台账 <xueshi@example.com>")
        let parts = try #require(mail["parts"] as? [[String: Any]])
        let attachment = try #require(parts.first { $0["filename"] as? String == "学时汇总_2025-W36.xlsx" })
        let archived = try #require(FileManager.default.contents(atPath: x.path("报表/weekly-units_学时汇总_2025-W36.xlsx")))
        #expect(attachment["sha256"] as? String == (try sha256Hex(archived)))
        let body = try #require(parts.first { $0["text"] != nil }?["text"] as? String)
        #expect(body.contains("王芳"))
        #expect(try server.envelope(1)["rcpt_tos"] as? [String] == ["hr@example.com", "office@example.com"])
        // The password is never shown.
        #expect(!run.stdout.contains(MailServer.password) && !run.stderr.contains(MailServer.password))
        // Sent once: the same week again is skipped.
        let again = try x.run(["schedule", "run", "s.yaml", "--now", "2025-09-05T08:00", "--json"], environment: environment)
        #expect(try Self.deliveries(again).map { $0["status"] as? String } == ["skipped", "skipped"])
        #expect(server.savedCount == 1)
    }

    @Test("mail: smtps:// is TLS from the first byte, with a login from an owner-only file")
    func mailOverSMTPS() throws {
        let x = try Xueshi(); defer { x.remove() }
        try Self.ledger(x)
        let server = try MailServer(implicitTLS: true)
        FileManager.default.createFile(atPath: x.path("smtp.secret"), contents: Data((MailServer.password + "\n").utf8),
                                       attributes: [.posixPermissions: 0o600])
        try x.write("s.yaml", """
            destinations:
              hr-mail: { smtp: "\(server.url)", from: "xueshi@example.com", to: ["hr@example.com"],
                         user_env: SMTP_USER, password_file: smtp.secret, cacert: "\(Self.ca)" }
            jobs:
              - { name: monthly, report: units, format: html, every: month, to: [hr-mail] }
            """)
        let run = try x.run(["schedule", "run", "s.yaml", "--now", "2025-09-03T08:00", "--json"], environment: ["SMTP_USER": MailServer.user])
        #expect(run.status == 0, "\(run.stdout) \(run.stderr)")
        #expect(server.savedCount == 1)
        let mail = try server.parsed(1)
        #expect(mail["subject"] as? String == "学时汇总 · 2025-09")
        let parts = try #require(mail["parts"] as? [[String: Any]])
        #expect(parts.contains { $0["filename"] as? String == "学时汇总_2025-09.html" && $0["content_type"] as? String == "text/html" })
    }

    @Test("mail: a wrong password fails the delivery without showing it; the next run sends it")
    func mailRetriedNextRun() throws {
        let x = try Xueshi(); defer { x.remove() }
        try Self.ledger(x)
        let server = try MailServer()
        try x.write("s.yaml", """
            destinations:
              hr-mail: { smtp: "smtp://127.0.0.1:\(server.process.port)", from: "xueshi@example.com", to: ["hr@example.com"],
                         user_env: SMTP_USER, password_env: SMTP_PASSWORD, cacert: "\(Self.ca)" }
            jobs:
              - { name: weekly, report: units, format: csv, every: week, to: [hr-mail] }
            """)
        let wrong = "wrong-口令-9913"
        let failed = try x.run(["schedule", "run", "s.yaml", "--now", "2025-09-03T08:00", "--json"],
                               environment: ["SMTP_USER": MailServer.user, "SMTP_PASSWORD": wrong])
        #expect(failed.status == 1)
        let delivery = try #require(try Self.deliveries(failed).first)
        #expect(delivery["status"] as? String == "failed")
        #expect((delivery["error"] as? String)?.contains("535") == true)
        #expect(!failed.stdout.contains(wrong) && !failed.stderr.contains(wrong))
        #expect(server.savedCount == 0)
        let retried = try x.run(["schedule", "run", "s.yaml", "--now", "2025-09-04T08:00", "--json"],
                                environment: ["SMTP_USER": MailServer.user, "SMTP_PASSWORD": MailServer.password])
        #expect(retried.status == 0)
        let sent = try #require(try Self.deliveries(retried).first)
        #expect(sent["status"] as? String == "sent" && sent["attempts"] as? Int == 2)
        #expect(server.savedCount == 1)
        let history = try x.run(["schedule", "history", "s.yaml", "--json"])
        #expect(!history.stdout.contains(wrong))
    }

    @Test("robots: DingTalk signed markdown, WeCom markdown then the file, Feishu signed card, a webhook with the report's JSON")
    func robots() throws {
        let x = try Xueshi(); defer { x.remove() }
        try Self.ledger(x)
        let robots = try RobotServer()
        let token = "ding-" + uniqueKey(), key = "wecom-" + uniqueKey(), hook = "feishu-" + uniqueKey() + "-0123456789"
        try x.write("s.yaml", """
            destinations:
              hr-ding: { dingtalk: "\(robots.dingTalk(token))", secret_env: DING_SECRET, cacert: "\(Self.ca)" }
              hr-wecom: { wecom: "\(robots.weCom(key))", cacert: "\(Self.ca)" }
              hr-feishu: { feishu: "\(robots.feishu(hook))", secret_env: FEISHU_SECRET, cacert: "\(Self.ca)" }
              hook: { webhook: "\(robots.webhook("units"))", cacert: "\(Self.ca)" }
              archive: { folder: "报表" }
            jobs:
              - { name: weekly-units, report: units, format: xlsx, every: week, to: [hr-ding, hr-wecom, hr-feishu, hook, archive] }
            """)
        let environment = ["DING_SECRET": RobotServer.secret, "FEISHU_SECRET": RobotServer.secret]
        let run = try x.run(["schedule", "run", "s.yaml", "--now", "2025-09-03T08:00", "--json"], environment: environment)
        #expect(run.status == 0, "\(run.stdout) \(run.stderr) \((try? robots.rejected()) ?? [])")
        #expect(try Self.deliveries(run).allSatisfy { $0["status"] as? String == "sent" })

        let ding = try robots.messages(robot: "dingtalk", token: token)
        #expect(ding.count == 1)
        let dingBody = try #require(ding.first?["body"] as? [String: Any])
        #expect(dingBody["msgtype"] as? String == "markdown")
        let markdown = try #require(dingBody["markdown"] as? [String: Any])
        #expect(markdown["title"] as? String == "学时汇总 · 2025-W36")
        #expect((markdown["text"] as? String)?.contains("王芳") == true)

        let wecom = try robots.messages(robot: "wecom", token: key)
        #expect(wecom.compactMap { ($0["body"] as? [String: Any])?["msgtype"] as? String } == ["markdown", "file"])
        let upload = try #require(try robots.uploads().first { $0["key"] as? String == key })
        #expect(upload["filename"] as? String == "学时汇总_2025-W36.xlsx")
        let archived = try #require(FileManager.default.contents(atPath: x.path("报表/weekly-units_学时汇总_2025-W36.xlsx")))
        #expect(upload["sha256"] as? String == (try sha256Hex(archived)))

        let feishu = try robots.messages(robot: "feishu", token: hook)
        #expect(feishu.count == 1)
        #expect((feishu.first?["body"] as? [String: Any])?["msg_type"] as? String == "interactive")

        let posted = try #require(try robots.messages(robot: "webhook", token: "units").first?["body"] as? [String: Any])
        #expect(posted["policy"] as? String == "zj-ai-senior-2025")
        #expect((posted["units"] as? [[String: Any]])?.count == 2)
        // A robot's token is not shown.
        #expect(!run.stdout.contains(token) && !run.stderr.contains(token))
    }

    @Test("WeCom: a long report is cut at a line within 4,096 bytes, naming how many more people")
    func weComLimit() throws {
        let x = try Xueshi(); defer { x.remove() }
        // 120 people, each short in 2024.
        var rows = Exports.header, n = 0
        for index in 0..<120 {
            let id = ResidentIDs.valid(index)
            for year in 2023...2025 {
                n += 1
                rows += Exports.row(n, "员工\(index)", id, unit: "单位\(index % 7)", year: year, title: "专业研修\(year)", hours: year == 2024 ? "50" : "60")
                n += 1
                rows += Exports.row(n, "员工\(index)", id, unit: "单位\(index % 7)", year: year, category: "一般公需科目", title: "公需课\(year)", hours: "30")
            }
        }
        #expect(try x.run(["import", try x.write("export.csv", rows)]).status == 0)
        let robots = try RobotServer()
        let key = "wecom-" + uniqueKey()
        try x.write("s.yaml", """
            destinations:
              hr-wecom: { wecom: "\(robots.weCom(key))", cacert: "\(Self.ca)" }
            jobs:
              - { name: chat, report: units, format: markdown, every: day, to: [hr-wecom] }
            """)
        let run = try x.run(["schedule", "run", "s.yaml", "--now", "2025-09-03T08:00", "--json"])
        #expect(run.status == 0, "\(run.stdout) \((try? robots.rejected()) ?? [])")
        let content = try #require(((try robots.messages(robot: "wecom", token: key).first?["body"] as? [String: Any])?["markdown"] as? [String: Any])?["content"] as? String)
        #expect(content.utf8.count <= 4096)
        #expect(content.utf8.count > 3000, "as many people as fit")
        let listed = content.split(separator: "\n").filter { $0.hasPrefix("- ") }.count
        #expect(content.contains("…等 \(120 - listed) 人"))
        // Markdown: no file message for a Markdown report.
        #expect(try robots.messages(robot: "wecom", token: key).count == 1)
    }

    @Test("a robot's error code is a failed delivery with its message; the next run sends it")
    func robotErrors() throws {
        let x = try Xueshi(); defer { x.remove() }
        try Self.ledger(x)
        let robots = try RobotServer()
        let token = "ding-" + uniqueKey()
        try x.write("s.yaml", """
            destinations:
              hr-ding: { dingtalk: "\(robots.dingTalk(token))", secret_env: DING_SECRET, cacert: "\(Self.ca)" }
              busy-wecom: { wecom: "\(robots.weCom("err-45009-" + uniqueKey()))", cacert: "\(Self.ca)" }
              bad-feishu: { feishu: "\(robots.feishu("feishu-" + uniqueKey()))", secret_env: DING_SECRET, cacert: "\(Self.ca)" }
            jobs:
              - { name: chat, report: units, format: markdown, every: day, to: [hr-ding, busy-wecom, bad-feishu] }
            """)
        let wrongSecret = "SEC-not-the-robots-secret"
        let run = try x.run(["schedule", "run", "s.yaml", "--now", "2025-09-03T08:00", "--json"], environment: ["DING_SECRET": wrongSecret])
        #expect(run.status == 1)
        let results = try Self.deliveries(run)
        #expect(results.allSatisfy { $0["status"] as? String == "failed" })
        let errors = results.map { $0["error"] as? String ?? "" }
        #expect(errors[0].contains("310000") && errors[0].contains("加签"))
        #expect(errors[1].contains("45009") && errors[1].contains("每分钟至多 20 条"))
        #expect(errors[2].contains("19021"))
        #expect(!run.stdout.contains(wrongSecret) && !run.stderr.contains(wrongSecret))
        #expect(try robots.messages(robot: "dingtalk", token: token).isEmpty)

        let fixed = try x.run(["schedule", "run", "s.yaml", "--now", "2025-09-03T09:00", "--json"], environment: ["DING_SECRET": RobotServer.secret])
        let retried = try Self.deliveries(fixed)
        #expect(retried[0]["status"] as? String == "sent" && retried[0]["attempts"] as? Int == 2)
        #expect(retried[2]["status"] as? String == "sent")
        #expect(retried[1]["status"] as? String == "failed" && retried[1]["attempts"] as? Int == 2)
        #expect(try robots.messages(robot: "dingtalk", token: token).count == 1)
    }

    @Test("faults: a 500, a reply past the timeout, a refused connection, a reset and a certificate of another CA each fail, and say why")
    func faults() throws {
        let x = try Xueshi(); defer { x.remove() }
        try Self.ledger(x)
        let robots = try RobotServer()
        let other = try TestPKI.shared.get().otherCAPath
        try x.write("s.yaml", """
            destinations:
              broken: { webhook: "\(robots.webhook("fail500-" + uniqueKey()))", cacert: "\(Self.ca)" }
              slow: { dingtalk: "\(robots.dingTalk("slow-" + uniqueKey()))", cacert: "\(Self.ca)", timeout: 2 }
              refused: { webhook: "https://127.0.0.1:\(try closedPort())/hook", cacert: "\(Self.ca)" }
              reset: { wecom: "\(robots.weCom("reset-" + uniqueKey()))", cacert: "\(Self.ca)" }
              impostor: { webhook: "\(robots.webhook("ok"))", cacert: "\(other)" }
              system-ca: { webhook: "\(robots.webhook("ok2"))" }
            jobs:
              - { name: chat, report: units, format: markdown, every: day, to: [broken, slow, refused, reset, impostor, system-ca] }
            """)
        let started = Date()
        let run = try x.run(["schedule", "run", "s.yaml", "--now", "2025-09-03T08:00", "--json"])
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(run.status == 1)
        let results = try Self.deliveries(run)
        #expect(results.count == 6 && results.allSatisfy { $0["status"] as? String == "failed" && $0["attempts"] as? Int == 1 })
        let errors = results.map { $0["error"] as? String ?? "" }
        #expect(errors[0].contains("HTTP 500"), "\(errors[0])")
        #expect(errors[1].contains("超时"), "\(errors[1])")
        #expect(errors[2].contains("无法连接"), "\(errors[2])")
        #expect(!errors[3].isEmpty)
        #expect(errors[4].contains("TLS 证书"), "\(errors[4])")
        #expect(errors[5].contains("TLS 证书"), "\(errors[5])")
        #expect(try robots.messages(robot: "webhook").isEmpty, "nothing reached a server whose certificate was not trusted")
    }
}

/// Valid resident IDs (check digit right), one per index.
enum ResidentIDs {
    static func valid(_ index: Int) -> String {
        let body = "330106" + "1985" + String(format: "%02d", index % 12 + 1) + String(format: "%02d", index % 28 + 1) + String(format: "%03d", index % 1000)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }
}
