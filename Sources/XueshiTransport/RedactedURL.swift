import Foundation

/// A URL as it may be shown or logged: `scheme://host[:port]/path`, without user, password,
/// query or fragment (a query string may hold a robot's access_token).
struct RedactedURL: Sendable, CustomStringConvertible {
    let scheme: String
    let host: String
    let port: Int?
    let path: String
    /// Values that must never be shown: the userinfo and every query value of the original URL.
    let secrets: [String]

    init(_ url: String) {
        var rest = Substring(url)
        if let range = rest.range(of: "://") {
            scheme = String(rest[..<range.lowerBound]).lowercased()
            rest = rest[range.upperBound...]
        } else {
            scheme = ""
        }
        var secrets: [String] = []
        if let fragment = rest.firstIndex(of: "#") { rest = rest[..<fragment] }
        if let question = rest.firstIndex(of: "?") {
            let query = rest[rest.index(after: question)...]
            for pair in query.split(separator: "&") {
                // Short values ("page=2") are no secret, and scrubbing them would garble messages.
                let value = pair.split(separator: "=", maxSplits: 1).last.map(String.init) ?? ""
                if value.count >= 6 {
                    secrets.append(value)
                    secrets.append(value.removingPercentEncoding ?? value)
                }
            }
            secrets.append(String(query))
            rest = rest[..<question]
        }
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        path = String(rest[authorityEnd...])
        if let at = authority.lastIndex(of: "@") {
            let userinfo = authority[..<at]
            secrets.append(String(userinfo))
            for piece in userinfo.split(separator: ":") {
                secrets.append(String(piece))
                secrets.append(piece.removingPercentEncoding ?? String(piece))
            }
            authority = authority[authority.index(after: at)...]
        }
        // "[::1]:8443", "host:25", "host"
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            host = String(authority[...close])
            let after = authority[authority.index(after: close)...]
            port = after.hasPrefix(":") ? Int(after.dropFirst()) : nil
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            port = Int(authority[authority.index(after: colon)...])
        } else {
            host = String(authority)
            port = nil
        }
        self.secrets = secrets.filter { $0.count >= 3 }
    }

    /// `host` or `host:port`.
    var hostAndPort: String { port.map { "\(host):\($0)" } ?? host }

    var description: String {
        let prefix = scheme.isEmpty ? "" : "\(scheme)://"
        return prefix + hostAndPort + path
    }
}

/// Removes every occurrence of each secret from `text` (longest first, so a secret that contains
/// another is removed whole).
func scrub(_ text: String, removing secrets: [String]) -> String {
    var result = text
    for secret in secrets.filter({ !$0.isEmpty }).sorted(by: { $0.count > $1.count }) {
        result = result.replacingOccurrences(of: secret, with: "***")
    }
    return result
}

extension Transport {
    /// An address as it may be shown, stored or logged: `scheme://host[:port]/path`, without the user,
    /// password, query or fragment.
    public static func shown(_ url: String) -> String { RedactedURL(url).description }
}
