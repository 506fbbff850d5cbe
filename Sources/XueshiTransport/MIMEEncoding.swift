import Foundation

/// Header encodings for mail: RFC 2047 encoded words, RFC 2231 parameters, RFC 5322 dates.
enum MIMEEncoding {
    /// `text` as is when it is printable ASCII, else as RFC 2047 encoded words (`=?UTF-8?B?…?=`), each
    /// at most 75 characters and holding whole characters, separated by folding white space.
    static func encodedWords(_ text: String) -> String {
        let text = singleLine(text)
        if isPlainASCII(text) { return text }
        var words: [String] = []
        var chunk = Data()
        for scalar in text.unicodeScalars {
            let bytes = Data(String(scalar).utf8)
            if chunk.count + bytes.count > 45 {  // 45 bytes → 60 base64 characters + 12 of framing
                words.append(word(chunk))
                chunk = Data()
            }
            chunk.append(bytes)
        }
        if !chunk.isEmpty { words.append(word(chunk)) }
        return words.joined(separator: "\r\n ")
    }

    /// A display name: quoted when it is plain ASCII, else encoded words.
    static func phrase(_ text: String) -> String {
        let text = singleLine(text)
        if isPlainASCII(text) { return quoted(text) }
        return encodedWords(text)
    }

    /// A header parameter per RFC 2231: `name="value"` for plain ASCII, else
    /// `name*=UTF-8''%E5%AD%A6…`, split into numbered continuations (`name*0*=…; name*1*=…`) on
    /// folded lines when long.
    static func parameter(_ name: String, _ value: String) -> String {
        let value = singleLine(value)
        if isPlainASCII(value) && value.count <= 60 { return "\(name)=" + quoted(value) }
        // attribute-char: ASCII letters, digits and !#$&+-.^_`|~ ; everything else is %XX.
        let plain = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~".utf8)
        let pieces = value.utf8.map { plain.contains($0) ? String(UnicodeScalar($0)) : String(format: "%%%02X", $0) }
        let encoded = pieces.joined()
        if encoded.count <= 60 { return "\(name)*=UTF-8''\(encoded)" }
        var sections: [String] = []
        var current = ""
        for piece in pieces {
            if current.count + piece.count > 60 {
                sections.append(current)
                current = ""
            }
            current += piece
        }
        if !current.isEmpty { sections.append(current) }
        return sections.enumerated().map { index, section in
            index == 0 ? "\(name)*0*=UTF-8''\(section)" : "\(name)*\(index)*=\(section)"
        }.joined(separator: ";\r\n ")
    }

    /// A parameter as older mail programs read it: `name="value"`, with a non-ASCII value as RFC 2047
    /// encoded words inside the quotes (not standard, but what Outlook and others write and expect).
    static func legacyParameter(_ name: String, _ value: String) -> String {
        let value = singleLine(value)
        let text = isPlainASCII(value) ? value : encodedWords(value).replacingOccurrences(of: "\r\n ", with: " ")
        return "\(name)=" + quoted(text)
    }

    static func isPlainASCII(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F } && !text.contains("=?")
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// RFC 5322 date-time, e.g. `Tue, 05 May 2026 09:30:00 +0800`.
    static func date(_ date: Date, timeZone: TimeZone = .current) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = timeZone
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }

    /// Line breaks inside a header value would start a header of their own.
    static func singleLine(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\r", with: " ")
            .replacingOccurrences(of: "\n", with: " ")
    }

    private static func word(_ bytes: Data) -> String {
        "=?UTF-8?B?\(bytes.base64EncodedString())?="
    }
}
