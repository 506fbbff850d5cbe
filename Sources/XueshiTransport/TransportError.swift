import Foundation

/// Why a transfer failed, in words a person can act on.
///
/// No case ever holds a password, a token or a URL's query string: URLs appear as
/// `scheme://host/path` only (see `RedactedURL`), and free text from libcurl or a server is
/// scrubbed of the request's secrets before it is stored here.
public enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The transfer did not finish within the configured time.
    case timedOut(url: String, seconds: Double)
    /// Nothing accepted the connection at `host` (refused, unreachable, or the connect timed out).
    case couldNotConnect(host: String)
    /// The host name could not be resolved.
    case couldNotResolve(host: String)
    /// The peer's certificate could not be verified (unknown CA, wrong name, expired …).
    case tlsVerificationFailed(host: String, detail: String)
    /// The HTTP server answered with a status of 400 or more.
    case httpStatus(code: Int, url: String, bodyPrefix: String)
    /// The mail server refused the login, the sender, a recipient or the message.
    case smtpRejected(code: Int, detail: String)
    /// The response body was larger than `TransportSettings.maxBodyBytes`.
    case bodyTooLarge(url: String, limit: Int64)
    /// A user name and password would have crossed the network unencrypted.
    case credentialsWithoutTLS(host: String)
    /// Any other libcurl failure (`code` is libcurl's CURLcode, or -1).
    case other(code: Int, message: String)

    public var description: String {
        switch self {
        case let .timedOut(url, seconds):
            return "请求 \(url) 超时（\(Self.format(seconds)) 秒内未完成）。请检查网络和对方服务器是否可用；网络较慢时可加大超时时间。"
        case let .couldNotConnect(host):
            return "无法连接到 \(host)：对方没有接受连接（服务未运行、端口不对或被防火墙拦截）。请检查地址、端口和本机的网络或代理设置。"
        case let .couldNotResolve(host):
            return "找不到主机 \(host)（域名解析失败）。请检查地址是否拼写正确，以及本机的网络和 DNS 设置。"
        case let .tlsVerificationFailed(host, detail):
            return "无法验证 \(host) 的 TLS 证书（\(detail)）。如果对方使用单位内部 CA 签发的证书，请用 cacert 指定该 CA 证书（PEM 文件）；若证书已过期或域名不符，请联系对方管理员。"
        case let .httpStatus(code, url, bodyPrefix):
            let hint: String
            switch code {
            case 401, 403: hint = "请检查账号、令牌或权限设置。"
            case 404: hint = "请检查地址是否正确。"
            case 413: hint = "发送的内容过大，请减小附件或内容。"
            case 429: hint = "请求过于频繁，请稍后再试。"
            case 500...: hint = "对方服务器出错，请稍后再试或联系对方管理员。"
            default: hint = "请检查请求的地址和内容。"
            }
            let body = bodyPrefix.isEmpty ? "" : "服务器回复：\(bodyPrefix)。"
            return "服务器 \(url) 返回 HTTP \(code)。\(body)\(hint)"
        case let .smtpRejected(code, detail):
            let hint: String
            switch code {
            case 535, 534, 530: hint = "请检查邮箱用户名和密码（有的邮箱需要使用“授权码”而不是登录密码）。"
            case 550...559: hint = "请检查发件人和收件人地址，以及邮件大小是否超出邮箱的限制。"
            case 400..<500: hint = "这是暂时性错误，请稍后再试。"
            default: hint = "请检查邮件服务器设置（地址、端口、是否需要 STARTTLS）和账号。"
            }
            let codeText = code > 0 ? "（\(code)）" : ""
            return "邮件服务器拒绝了邮件\(codeText)：\(detail)。\(hint)"
        case let .bodyTooLarge(url, limit):
            return "\(url) 返回的内容超过上限 \(Self.format(Double(limit) / 1_048_576)) MB，已停止接收。如确需更大的文件，请在设置中调高上限。"
        case let .credentialsWithoutTLS(host):
            return "拒绝以明文向 \(host) 发送用户名和密码：请使用 smtps:// 地址，或打开 STARTTLS。"
        case let .other(code, message):
            return "网络传输失败（libcurl 错误 \(code)）：\(message)。请检查网络连接后重试；问题持续时，请把这条信息交给系统管理员。"
        }
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
