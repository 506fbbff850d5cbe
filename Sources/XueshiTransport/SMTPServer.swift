/// Where and how mail is sent.
public struct SMTPServer: Sendable, Equatable {
    /// `smtp://host:587` (plain, upgraded with STARTTLS when `startTLS`) or `smtps://host:465` (TLS from the start).
    public var url: String
    /// Require STARTTLS on an `smtp://` connection (CURLUSESSL_ALL): fail rather than send in clear.
    public var startTLS: Bool
    public var username: String?
    /// Never logged or shown; some providers want an "authorisation code" here rather than the password.
    public var password: String?

    public init(url: String, startTLS: Bool = true, username: String? = nil, password: String? = nil) {
        self.url = url
        self.startTLS = startTLS
        self.username = username
        self.password = password
    }
}

extension SMTPServer: CustomStringConvertible {
    /// The server without its password.
    public var description: String {
        "SMTPServer(\(RedactedURL(url)), startTLS: \(startTLS), username: \(username ?? "-"), password: \(password == nil ? "-" : "***"))"
    }
}
