import Foundation
import XueshiSchedule
import XueshiTransport

extension Deliverer {
    // MARK: DingTalk

    /// A DingTalk custom robot: one markdown message, signed when the robot has a secret ("加签").
    func postDingTalk(_ outgoing: Outgoing, url: String, destination: Destination, named name: String) throws(DeliveryError) -> Receipt {
        var address = url
        if let secret = try secret(destination.secret, of: name) {
            let timestamp = Int64(Date().timeIntervalSince1970 * 1000)
            let sign = RobotSignature.dingTalk(secret: secret, timestampMilliseconds: timestamp)
            address += (address.contains("?") ? "&" : "?") + "timestamp=\(timestamp)&sign=\(RobotSignature.queryValue(sign))"
        }
        let message: [String: Any] = [
            "msgtype": "markdown",
            "markdown": ["title": outgoing.title, "text": outgoing.chatText(Self.dingTalkMarkdownLimit)],
        ]
        try post(message, to: address, destination: destination, named: name, robot: .dingTalk)
        return Receipt(messages: 1, path: nil)
    }

    // MARK: WeCom

    /// A WeCom group robot: a markdown message of at most 4,096 bytes, then, when the report is a
    /// file, the file: uploaded first (`upload_media`, not yet seen in the group), then posted as a
    /// `file` message, so that a failed upload sends nothing at all.
    func postWeCom(_ outgoing: Outgoing, url: String, destination: Destination, named name: String) throws(DeliveryError) -> Receipt {
        var mediaID: String?
        if let file = outgoing.file, outgoing.fileIsAttachment {
            mediaID = try uploadWeComMedia(file, sendURL: url, destination: destination, named: name)
        }
        try post(["msgtype": "markdown", "markdown": ["content": outgoing.chatText(Self.weComMarkdownLimit)]],
                 to: url, destination: destination, named: name, robot: .weCom, last: mediaID == nil)
        guard let mediaID else { return Receipt(messages: 1, path: nil) }
        try post(["msgtype": "file", "file": ["media_id": mediaID]], to: url, destination: destination, named: name, robot: .weCom)
        return Receipt(messages: 2, path: nil)
    }

    /// WeCom takes files of 5 bytes to 20 MB.
    static let weComFileLimit = 20 * 1024 * 1024

    func uploadWeComMedia(_ file: ReportFile, sendURL: String, destination: Destination, named name: String) throws(DeliveryError) -> String {
        guard file.data.count > 5, file.data.count <= Self.weComFileLimit else {
            throw DeliveryError("「\(name)」：企业微信机器人只收 5 字节到 20 MB 的文件，报表 \(file.fileName) 有 \(file.data.count) 字节；请改发邮件或存到文件夹", transient: false)
        }
        guard var components = URLComponents(string: sendURL) else {
            throw DeliveryError("「\(name)」的企业微信地址无效", transient: false)
        }
        components.path = components.path.replacingOccurrences(of: "/webhook/send", with: "/webhook/upload_media")
        components.queryItems = (components.queryItems ?? []).filter { $0.name != "type" } + [URLQueryItem(name: "type", value: "file")]
        guard let uploadURL = components.string else { throw DeliveryError("「\(name)」的企业微信地址无效", transient: false) }
        let form = MultipartForm()
        let body = form.body(field: "media", fileName: file.fileName, mimeType: file.mimeType, data: file.data)
        let reply: [String: Any]
        do {
            // An upload is not seen in the group: safe to retry.
            let response = try transport(for: destination, retries: 2).post(uploadURL, body: body, contentType: form.contentType)
            reply = try Self.replyObject(response, destination: name, robot: .weCom)
        } catch let error as TransportError {
            throw failure(error, destination: name, kind: RobotKind.weCom.label, url: sendURL)
        } catch let error as DeliveryError {
            throw error
        } catch {
            throw DeliveryError("「\(name)」：\(error)")
        }
        try Self.checkReply(reply, robot: .weCom, destination: name)
        guard let mediaID = reply["media_id"] as? String, !mediaID.isEmpty else {
            throw DeliveryError("「\(name)」：企业微信上传文件后没有返回 media_id")
        }
        return mediaID
    }

    // MARK: Feishu

    /// A Feishu custom bot: an interactive card with the title as its header and the text as Markdown;
    /// signed in the body when the bot has a secret ("签名校验").
    func postFeishu(_ outgoing: Outgoing, url: String, destination: Destination, named name: String) throws(DeliveryError) -> Receipt {
        // Headings are the card's header; the card's Markdown has no "###".
        let text = outgoing.chatText(Self.feishuMarkdownLimit).split(separator: "\n", omittingEmptySubsequences: false)
            .map { line -> String in
                let trimmed = line.drop { $0 == "#" }
                return trimmed.count < line.count ? "**" + trimmed.trimmingCharacters(in: .whitespaces) + "**" : String(line)
            }
            .joined(separator: "\n")
        var message: [String: Any] = [
            "msg_type": "interactive",
            "card": [
                "config": ["wide_screen_mode": true],
                "header": ["title": ["tag": "plain_text", "content": outgoing.title], "template": "blue"],
                "elements": [["tag": "markdown", "content": text]],
            ] as [String: Any],
        ]
        if let secret = try secret(destination.secret, of: name) {
            let timestamp = Int64(Date().timeIntervalSince1970)
            message["timestamp"] = String(timestamp)
            message["sign"] = RobotSignature.feishu(secret: secret, timestampSeconds: timestamp)
        }
        try post(message, to: url, destination: destination, named: name, robot: .feishu)
        return Receipt(messages: 1, path: nil)
    }

    // MARK: Webhook

    /// A generic webhook: the report's JSON as the body, with the delivery's ID (the same on a
    /// retry, for a receiver to drop a repeat) and, with a secret, an HMAC signature of the body.
    func postWebhook(_ outgoing: Outgoing, url: String, destination: Destination, named name: String) throws(DeliveryError) -> Receipt {
        guard let json = outgoing.json else { throw DeliveryError("「\(name)」：这个任务没有 JSON 可发", transient: false) }
        var headers = ["X-Xueshi-Delivery": outgoing.deliveryID]
        if let secret = try secret(destination.secret, of: name) {
            headers["X-Xueshi-Signature"] = RobotSignature.webhook(secret: secret, body: json)
        }
        rateLimiter.acquire(name)
        do {
            _ = try transport(for: destination, retries: 0, lastMessage: true).post(url, body: json, contentType: "application/json; charset=utf-8", headers: headers)
        } catch {
            throw failure(error, destination: name, kind: "webhook", url: url)
        }
        return Receipt(messages: 1, path: nil)
    }

    // MARK: Posting to a robot

    enum RobotKind {
        case dingTalk, weCom, feishu
        var label: String {
            switch self {
            case .dingTalk: return "钉钉机器人"
            case .weCom: return "企业微信机器人"
            case .feishu: return "飞书机器人"
            }
        }
    }

    /// Posts one message as JSON, within the robot's rate limit, and checks the robot's answer: a
    /// robot answers HTTP 200 with an error code in the body when it refuses a message.
    /// `last`: the delivery's last message (its hand-over is recorded, `onMessageHandedOver`).
    func post(_ message: [String: Any], to url: String, destination: Destination, named name: String, robot: RobotKind,
              last: Bool = true) throws(DeliveryError) {
        let body: Data
        do { body = try JSONSerialization.data(withJSONObject: message, options: [.sortedKeys, .withoutEscapingSlashes]) }
        catch { throw DeliveryError("「\(name)」：消息无法编成 JSON：\(error)", transient: false) }
        rateLimiter.acquire(name)
        let reply: [String: Any]
        do {
            let response = try transport(for: destination, retries: 0, lastMessage: last).post(url, body: body, contentType: "application/json; charset=utf-8")
            reply = try Self.replyObject(response, destination: name, robot: robot)
        } catch let error as TransportError {
            throw failure(error, destination: name, kind: robot.label, url: url)
        } catch let error as DeliveryError {
            throw error
        } catch {
            throw DeliveryError("「\(name)」：\(error)")
        }
        try Self.checkReply(reply, robot: robot, destination: name)
        logger.info("robot message sent", metadata: ["destination": "\(name)"])
    }

    static func replyObject(_ response: HTTPResponse, destination name: String, robot: RobotKind) throws(DeliveryError) -> [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any] else {
            let prefix = String(decoding: response.body.prefix(120), as: UTF8.self)
            throw DeliveryError("「\(name)」：\(robot.label)的回复不是 JSON（HTTP \(response.status)：\(prefix)）：地址对吗？")
        }
        return object
    }

    /// A robot's `errcode` (DingTalk, WeCom) or `code` (Feishu) other than 0 is a failed delivery, with
    /// the robot's own message and what to do about the codes met in practice.
    static func checkReply(_ reply: [String: Any], robot: RobotKind, destination name: String) throws(DeliveryError) {
        let code = (reply["errcode"] as? Int) ?? (reply["code"] as? Int) ?? (reply["StatusCode"] as? Int) ?? 0
        guard code != 0 else { return }
        let said = MessageText.inert((reply["errmsg"] as? String) ?? (reply["msg"] as? String) ?? (reply["StatusMessage"] as? String) ?? "")
        let hint: String
        var transient = true
        switch (robot, code) {
        case (.dingTalk, 310000):
            hint = "签名不符、时间戳过期或本机不在机器人的 IP 白名单里：请检查 secret_env 的密钥与机器人“加签”的密钥一致、本机时钟准确"
            transient = false
        case (.dingTalk, 130101), (.dingTalk, 130102):
            hint = "发送太快（钉钉机器人每分钟至多 20 条），下次运行会重发"
        case (.dingTalk, 300001), (.dingTalk, 300005), (.dingTalk, 400102):
            hint = "机器人的 access_token 无效或机器人已停用：请检查地址"
            transient = false
        case (.dingTalk, 310000...310099):
            hint = "机器人的安全设置（关键词、加签或 IP 白名单）拒绝了消息：请检查机器人的安全设置"
            transient = false
        case (.weCom, 45009):
            hint = "调用太频繁（企业微信机器人每分钟至多 20 条），下次运行会重发"
        case (.weCom, 93000), (.weCom, 93017):
            hint = "webhook 地址的 key 无效或机器人已被移出群：请检查地址"
            transient = false
        case (.weCom, 40058):
            hint = "消息超出企业微信的长度限制"
            transient = false
        case (.feishu, 19021):
            hint = "签名校验失败或时间戳不在一小时内：请检查 secret_env 的密钥与机器人“签名校验”的密钥一致、本机时钟准确"
            transient = false
        case (.feishu, 19022), (.feishu, 19024):
            hint = "本机不在机器人的 IP 白名单里，或关键词校验未通过：请检查机器人的安全设置"
            transient = false
        case (.feishu, 11232):
            hint = "发送太频繁，下次运行会重发"
        default:
            hint = "请对照机器人的错误码说明检查设置；下次运行会重发"
        }
        throw DeliveryError("发送到「\(name)」（\(robot.label)）失败：机器人回复错误 \(code)（\(said)）。\(hint)", transient: transient)
    }
}

/// A server's words shown to a person: one line, no control characters, not too long.
enum MessageText {
    static func inert(_ text: String) -> String {
        let scalars = text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) }
        let line = String(scalars)
        return line.count > 200 ? String(line.prefix(200)) + "…" : line
    }
}
