import Foundation

/// An e-mail address with an optional display name, e.g. `继续教育办公室 <hr@example.cn>`.
public struct MailAddress: Sendable, Equatable, ExpressibleByStringLiteral {
    /// The bare address, `hr@example.cn`.
    public var address: String
    /// Shown by mail programs instead of the address; may be Chinese.
    public var name: String?

    public init(_ address: String, name: String? = nil) {
        self.address = address
        self.name = name
    }

    /// Accepts `hr@example.cn` and `Name <hr@example.cn>`.
    public init(stringLiteral value: String) {
        if let open = value.lastIndex(of: "<"), let close = value.lastIndex(of: ">"), open < close {
            address = String(value[value.index(after: open)..<close])
            let name = value[..<open].trimmingCharacters(in: .whitespaces)
                .trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            self.name = name.isEmpty ? nil : name
        } else {
            address = value.trimmingCharacters(in: .whitespaces)
            name = nil
        }
    }

    /// Whether the address could be given to SMTP as-is: one `@`, no spaces, brackets or line breaks.
    var isValid: Bool {
        let forbidden = CharacterSet(charactersIn: "<>\r\n\t ,;\"")
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty
            && address.unicodeScalars.allSatisfy { !forbidden.contains($0) }
    }

    /// The domain, for a Message-ID.
    var domain: String { address.split(separator: "@").last.map(String.init) ?? "localhost" }

    /// The header form: `=?UTF-8?B?…?= <hr@example.cn>` or the bare address.
    var headerValue: String {
        guard let name, !name.isEmpty else { return address }
        return "\(MIMEEncoding.phrase(name)) <\(address)>"
    }
}
