import Foundation

/// Where a job's report goes. Secrets are never in the schedule itself: only the names of the
/// environment variables (or of an owner-only file) that hold them.
public struct Destination: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case folder(path: String)
        case mail(server: String, from: String, to: [String])
        case dingTalk(url: String)
        case weCom(url: String)
        case feishu(url: String)
        case webhook(url: String)
    }

    /// Where a secret is read from when the delivery is made.
    public enum Secret: Sendable, Equatable {
        case environment(String)
        case file(String)
    }

    public var kind: Kind
    /// SMTP user name, and password or robot signing secret.
    public var user: Secret?
    public var secret: Secret?
    /// A PEM file of the CA that signed the server's certificate, for a private CA.
    public var caBundle: String?
    /// Seconds a delivery may take (connection included); nil for the program's default.
    public var timeout: Double?

    public init(kind: Kind, user: Secret? = nil, secret: Secret? = nil, caBundle: String? = nil, timeout: Double? = nil) {
        self.kind = kind; self.user = user; self.secret = secret; self.caBundle = caBundle; self.timeout = timeout
    }

    init(_ raw: ScheduleFile.Destination) throws {
        let kinds: [(String, String?)] = [("folder", raw.folder), ("smtp", raw.smtp), ("dingtalk", raw.dingtalk),
                                          ("wecom", raw.wecom), ("feishu", raw.feishu), ("webhook", raw.webhook)]
        let given = kinds.filter { $0.1 != nil }
        guard given.count == 1, let (key, value) = given.first, let value else {
            throw ScheduleProblem(key: nil, message: given.isEmpty
                ? "发送目标要写一种：folder、smtp、dingtalk、wecom、feishu 或 webhook"
                : "一个发送目标只能写一种（这里有 \(given.map(\.0).joined(separator: "、"))）：请分成几个")
        }
        switch key {
        case "folder":
            guard !value.isEmpty else { throw ScheduleProblem(key: key, message: "folder 要写文件夹的路径") }
            kind = .folder(path: value)
        case "smtp":
            try Self.checkURL(value, key: key, schemes: ["smtp", "smtps"])
            guard let from = raw.from, from.contains("@") else { throw ScheduleProblem(key: "from", message: "邮件要写发件人 from（邮箱地址）") }
            guard let to = raw.to, !to.isEmpty, to.allSatisfy({ $0.contains("@") }) else {
                throw ScheduleProblem(key: "to", message: "邮件要写收件人 to（邮箱地址的列表）")
            }
            kind = .mail(server: value, from: from, to: to)
        default:
            try Self.checkURL(value, key: key, schemes: ["https", "http"])
            switch key {
            case "dingtalk": kind = .dingTalk(url: value)
            case "wecom": kind = .weCom(url: value)
            case "feishu": kind = .feishu(url: value)
            default: kind = .webhook(url: value)
            }
        }
        if key != "smtp", raw.from != nil || raw.to != nil {
            throw ScheduleProblem(key: raw.from != nil ? "from" : "to", message: "from、to 只用于邮件（smtp）")
        }
        user = try Self.secret(env: raw.user_env, file: nil, key: "user_env")
        secret = try Self.secret(env: raw.password_env ?? raw.secret_env, file: raw.password_file ?? raw.secret_file,
                                 key: raw.password_env != nil ? "password_env" : "secret_env")
        caBundle = raw.cacert
        if let timeout = raw.timeout {
            guard timeout >= 1, timeout <= 600 else { throw ScheduleProblem(key: "timeout", message: "timeout 写秒数，1 到 600") }
        }
        timeout = raw.timeout
    }

    /// `http://` only to this machine: anything else would send a report, and a robot's token, in the clear.
    static func checkURL(_ text: String, key: String, schemes: [String]) throws {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), schemes.contains(scheme),
              let host = url.host, !host.isEmpty else {
            throw ScheduleProblem(key: key, message: "「\(key)」要写 \(schemes.map { $0 + "://" }.joined(separator: " 或 ")) 开头的地址")
        }
        if scheme == "http" {
            guard ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host.lowercased()) else {
                throw ScheduleProblem(key: key, message: "http:// 只能用于本机地址；其他地址请用 https://")
            }
        }
    }

    static func secret(env: String?, file: String?, key: String) throws -> Secret? {
        if env != nil, file != nil { throw ScheduleProblem(key: key, message: "密钥只能从一处读取：环境变量或文件，二选一") }
        if let env {
            guard !env.isEmpty, env.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                throw ScheduleProblem(key: key, message: "「\(key)」写环境变量的名字（如 SMTP_PASSWORD），不要把密钥本身写进文件")
            }
            return .environment(env)
        }
        return file.map(Secret.file)
    }
}
