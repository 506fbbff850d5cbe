import Foundation
import XueshiSchedule
import XueshiTransport

extension Deliverer {
    /// A mail's body beside an attached report is a summary: the people who fit in 64 KB, then "…等 N 人"
    /// (the attachment has everyone). Without an attachment, the body is the report, up to 1 MB.
    static let mailSummaryLimit = 64 * 1024
    static let mailTextLimit = 1024 * 1024

    /// A mail: the chat text as its body, the report attached when it is a file. `smtp://` must be
    /// upgraded with STARTTLS, except to a relay on this machine without a login; `smtps://` is TLS
    /// from the start.
    func mail(_ outgoing: Outgoing, server: String, from: String, to: [String], destination: Destination,
              named name: String) throws(DeliveryError) -> Receipt {
        let user = try secret(destination.user, of: name)
        let password = try secret(destination.secret, of: name)
        let host = URLComponents(string: server)?.host?.lowercased() ?? ""
        let localRelay = ["127.0.0.1", "localhost", "::1"].contains(host) && user == nil && password == nil
        let smtp = SMTPServer(url: server, startTLS: !server.lowercased().hasPrefix("smtps://") && !localRelay,
                              username: user, password: password)
        let attached = outgoing.file != nil && outgoing.fileIsAttachment
        var body = outgoing.chatText(attached ? Self.mailSummaryLimit : Self.mailTextLimit)
        var attachments: [MailAttachment] = []
        if let file = outgoing.file, attached {
            attachments.append(MailAttachment(fileName: file.fileName, mimeType: file.mimeType, data: file.data))
            body += "\n\n附件：\(file.fileName)\n"
        }
        body += "\n—— 本邮件由 xueshi 按计划自动发送。\n"
        let message = MailMessage(from: MailAddress(stringLiteral: from), to: to.map { MailAddress(stringLiteral: $0) },
                                  subject: outgoing.title, textBody: body, attachments: attachments,
                                  messageID: "xueshi-\(outgoing.deliveryID)")
        do {
            try transport(for: destination, retries: transportSettings.retries).sendMail(message, via: smtp)
        } catch {
            throw failure(error, destination: name, kind: "邮件", url: server)
        }
        logger.info("mail sent", metadata: ["destination": "\(name)", "recipients": "\(to.count)"])
        return Receipt(messages: 1, path: nil)
    }
}
