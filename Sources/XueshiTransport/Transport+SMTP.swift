import CCurl
import Foundation

extension Transport {
    /// Sends `message` through `server` as a multipart/mixed mail: a UTF-8 text part and the attachments.
    ///
    /// Credentials are only ever sent over TLS (`smtps://`, or `smtp://` with `startTLS`). Only failures
    /// before anything was sent (no connection, unknown host) are retried, so a mail is never sent twice.
    public func sendMail(_ message: MailMessage, via server: SMTPServer) throws(TransportError) {
        let url = RedactedURL(server.url)
        let secure = url.scheme == "smtps" || server.startTLS
        if (server.username != nil || server.password != nil) && !secure {
            throw .credentialsWithoutTLS(host: url.hostAndPort)
        }
        for address in [message.from] + message.to where !address.isValid {
            throw .other(code: -1, message: "邮件地址无效：“\(MIMEEncoding.singleLine(address.address))”，请检查发件人和收件人设置")
        }
        guard !message.to.isEmpty else {
            throw .other(code: -1, message: "邮件没有收件人：请至少指定一个收件人")
        }
        var secrets = url.secrets
        if let password = server.password, !password.isEmpty { secrets.append(password) }

        try withRetries("mail", url, shouldRetry: Self.isRetryableSMTP) { () throws(TransportError) in
            let started = Date()
            let handle = try makeHandle(url: server.url, protocols: "smtp,smtps")
            if secure { try handle.set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue)) }
            if let username = server.username { try handle.set(CURLOPT_USERNAME, username) }
            if let password = server.password { try handle.set(CURLOPT_PASSWORD, password) }
            try handle.set(CURLOPT_MAIL_FROM, "<\(message.from.address)>")
            try handle.set(CURLOPT_MAIL_RCPT, try CurlStringList(message.to.map { "<\($0.address)>" }))
            try handle.set(CURLOPT_HTTPHEADER, try CurlStringList(Self.headerLines(message)))
            try handle.set(CURLOPT_MIMEPOST, try Self.mime(message, handle: handle))

            let (code, detail) = handle.perform()
            let reply = handle.info(long: CURLINFO_RESPONSE_CODE)
            logger.debug("smtp", metadata: [
                "url": "\(url)", "recipients": "\(message.to.count)", "attachments": "\(message.attachments.count)",
                "reply": "\(reply)", "curl": "\(code.rawValue)",
                "seconds": "\(String(format: "%.3f", Date().timeIntervalSince(started)))",
            ])
            guard code != CURLE_OK else { return }
            let scrubbed = scrub(detail, removing: secrets)
            switch code {
            case CURLE_LOGIN_DENIED:
                throw .smtpRejected(code: reply > 0 ? reply : 535, detail: scrubbed)
            case CURLE_USE_SSL_FAILED:
                throw .other(code: Int(code.rawValue), message: "邮件服务器 \(url.hostAndPort) 不支持 STARTTLS（\(scrubbed)）：请改用 smtps:// 地址和对应端口（通常是 465）")
            case _ where reply >= 400 && [CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_UPLOAD_FAILED, CURLE_WEIRD_SERVER_REPLY].contains(code):
                throw .smtpRejected(code: reply, detail: scrubbed)
            default:
                throw error(for: code, message: detail, url: url, secrets: secrets)
            }
        }
    }

    /// Only failures before the server could have accepted anything.
    static func isRetryableSMTP(_ error: TransportError) -> Bool {
        switch error {
        case .couldNotConnect, .couldNotResolve: return true
        default: return false
        }
    }

    static func headerLines(_ message: MailMessage) -> [String] {
        [
            "Date: \(MIMEEncoding.date(message.date))",
            "From: \(message.from.headerValue)",
            "To: \(message.to.map(\.headerValue).joined(separator: ",\r\n "))",
            "Subject: \(MIMEEncoding.encodedWords(message.subject))",
            "Message-ID: <\(MIMEEncoding.singleLine(message.messageID ?? UUID().uuidString.lowercased()))@\(message.from.domain)>",
        ]
    }

    static func mime(_ message: MailMessage, handle: CurlHandle) throws(TransportError) -> CurlMime {
        let mime = try CurlMime(handle: handle)
        // Text travels with CRLF line breaks (RFC 2045's canonical form), so quoted-printable keeps real lines.
        let text = message.textBody.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        try mime.addPart(data: Data(text.utf8), type: "text/plain; charset=UTF-8", encoder: "quoted-printable")
        for attachment in message.attachments {
            let type = MIMEEncoding.singleLine(attachment.mimeType)
            // curl_mime_filename would write a non-ASCII name raw; set both headers ourselves instead:
            // RFC 2231 in Content-Disposition, and RFC 2047 in Content-Type's name for older programs.
            try mime.addPart(
                data: attachment.data, type: "\(type); \(MIMEEncoding.legacyParameter("name", attachment.fileName))", encoder: "base64",
                headers: ["Content-Disposition: attachment; " + MIMEEncoding.parameter("filename", attachment.fileName)])
        }
        return mime
    }
}
