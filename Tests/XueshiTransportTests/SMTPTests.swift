import Foundation
import TestServers
import Testing
@testable import XueshiTransport

extension MailServer {
    func server(password: String = MailServer.password) -> SMTPServer {
        SMTPServer(url: url, startTLS: true, username: Self.user, password: password)
    }
}

@Suite("Mail through SMTP with STARTTLS and a login")
struct SMTPTests {
    @Test("A mail with a Chinese subject and an .xlsx attachment arrives as a mail program reads it")
    func chineseSubjectAndAttachmentArriveIntact() throws {
        let mail = try MailServer()
        let workbook = Data((0..<50_000).map { UInt8(truncatingIfNeeded: $0 &* 31 >> 2) })
        let longName = "第三季度各科室继续教育学时完成情况汇总表（含未达标人员名单及补学安排）.xlsx"
        let message = MailMessage(
            from: MailAddress("hr@hospital.example", name: "继续教育办公室"),
            to: ["张三 <zhangsan@hospital.example>", "lisi@hospital.example"],
            subject: "2025 年度学时汇总：请各科室于本月底前核对未达标人员名单，逾期将按规定处理",
            textBody: "各位好：\n\n附件是本年度的学时汇总，请查收。\n.\n以点开头的一行也要原样到达。\n",
            attachments: [
                MailAttachment(fileName: "学时汇总.xlsx",
                               mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", data: workbook),
                MailAttachment(fileName: longName, mimeType: "application/octet-stream", data: Data("small".utf8)),
                MailAttachment(fileName: "plain \"name\".csv", mimeType: "text/csv", data: Data("a,b\r\n1,2\r\n".utf8)),
            ])
        let transport = Transport(settings: try testSettings())
        try transport.sendMail(message, via: mail.server())

        #expect(mail.savedCount == 1)
        let envelope = try mail.envelope(1)
        #expect(envelope["mail_from"] as? String == "hr@hospital.example")
        #expect(envelope["rcpt_tos"] as? [String] == ["zhangsan@hospital.example", "lisi@hospital.example"])

        let parsed = try mail.parsed(1)
        #expect(parsed["subject"] as? String == message.subject)
        #expect(parsed["from"] as? String == "继续教育办公室 <hr@hospital.example>")
        #expect(parsed["to"] as? String == "张三 <zhangsan@hospital.example>, lisi@hospital.example")
        #expect(parsed["content_type"] as? String == "multipart/mixed")
        #expect(parsed["date_count"] as? Int == 1)
        #expect((parsed["date"] as? String)?.range(of: #"^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$"#, options: .regularExpression) != nil)
        #expect((parsed["message_id"] as? String)?.range(of: #"^<[0-9a-f-]+@hospital\.example>$"#, options: .regularExpression) != nil)
        #expect(parsed["mime_version"] as? String == "1.0")
        #expect((parsed["longest_line"] as? Int ?? 999) <= 998)

        let parts = parsed["parts"] as? [[String: Any]] ?? []
        try #require(parts.count == 4)
        #expect(parts[0]["content_type"] as? String == "text/plain")
        #expect(parts[0]["charset"] as? String == "utf-8")
        #expect((parts[0]["text"] as? String)?.replacingOccurrences(of: "\r\n", with: "\n") == message.textBody)
        #expect(parts[1]["filename"] as? String == "学时汇总.xlsx")
        #expect(parts[1]["content_type_name"] as? String == "学时汇总.xlsx")
        #expect(parts[1]["content_type"] as? String == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        #expect(parts[1]["sha256"] as? String == (try sha256Hex(workbook)))
        #expect(parts[2]["filename"] as? String == longName)
        #expect(parts[2]["sha256"] as? String == (try sha256Hex(Data("small".utf8))))
        #expect(parts[3]["filename"] as? String == "plain \"name\".csv")
        #expect(parts[3]["content_type_name"] as? String == "plain \"name\".csv")
        #expect(parts[3]["sha256"] as? String == (try sha256Hex(Data("a,b\r\n1,2\r\n".utf8))))
    }

    @Test("A wrong password is smtpRejected, the message never shows the password, and nothing is sent")
    func wrongPasswordIsRejectedWithoutShowingIt() throws {
        let mail = try MailServer()
        let wrong = "wrong-秘密-password-9876"
        let transport = Transport(settings: try testSettings(retries: 2))
        let message = MailMessage(from: "hr@hospital.example", to: ["a@hospital.example"], subject: "x", textBody: "x")
        let error = transportError { try transport.sendMail(message, via: mail.server(password: wrong)) }
        guard case .smtpRejected(535, _) = error else {
            Issue.record("expected smtpRejected 535, got \(String(describing: error))")
            return
        }
        #expect(error?.description.contains(wrong) == false)
        #expect(error?.description.contains("授权码") == true)
        #expect(mail.savedCount == 0)
    }

    @Test("A rejected recipient is smtpRejected with the server's code")
    func rejectedRecipient() throws {
        let mail = try MailServer()
        let transport = Transport(settings: try testSettings())
        let message = MailMessage(from: "hr@hospital.example", to: ["nobody@rejected.example"], subject: "x", textBody: "x")
        let error = transportError { try transport.sendMail(message, via: mail.server()) }
        guard case .smtpRejected(550, _) = error else {
            Issue.record("expected smtpRejected 550, got \(String(describing: error))")
            return
        }
        #expect(mail.savedCount == 0)
    }

    @Test("The mail server's certificate is verified too")
    func smtpCertificateIsVerified() throws {
        let mail = try MailServer()
        let transport = Transport(settings: try testSettings(caBundlePath: try TestPKI.shared.get().otherCAPath))
        let message = MailMessage(from: "hr@hospital.example", to: ["a@hospital.example"], subject: "x", textBody: "x")
        let error = transportError { try transport.sendMail(message, via: mail.server()) }
        guard case .tlsVerificationFailed = error else {
            Issue.record("expected tlsVerificationFailed, got \(String(describing: error))")
            return
        }
        #expect(error?.description.contains(MailServer.password) == false)
    }

    @Test("Credentials are never sent without TLS")
    func credentialsNeedTLS() throws {
        let transport = Transport(settings: try testSettings())
        let message = MailMessage(from: "hr@hospital.example", to: ["a@hospital.example"], subject: "x", textBody: "x")
        let server = SMTPServer(url: "smtp://127.0.0.1:1", startTLS: false, username: "u", password: "secret-pw")
        let error = transportError { try transport.sendMail(message, via: server) }
        #expect(error == .credentialsWithoutTLS(host: "127.0.0.1:1"))
        #expect(server.description.contains("secret-pw") == false)
    }

    @Test("An address with a line break is refused before connecting")
    func headerInjectionIsRefused() throws {
        let transport = Transport(settings: try testSettings())
        let message = MailMessage(from: "hr@hospital.example", to: [MailAddress("a@x.example\r\nBcc: evil@x.example")],
                                  subject: "x", textBody: "x")
        let error = transportError { try transport.sendMail(message, via: SMTPServer(url: "smtps://127.0.0.1:1")) }
        guard case .other(-1, _) = error else {
            Issue.record("expected other(-1), got \(String(describing: error))")
            return
        }
    }
}
