import Mustache
import XueshiModel

/// `{{name}}` in the Markdown report: the text escaped by `TemplateReport.markdownEscape`.
struct MarkdownContentType: MustacheContentType {
    static let name = "MARKDOWN"

    func escapeText(_ text: String) -> String { TemplateReport.markdownEscape(text) }

    /// Registers the content type with Mustache, once (the registry is global and locked).
    static func register() { _ = registered }
    private static let registered: Void = MustacheContentTypes.register(MarkdownContentType(), named: name)
}

extension TemplateReport {
    /// Characters that mean something in Markdown (CommonMark and GitHub's, as WeChat Work and DingTalk
    /// read a subset of them) or in HTML, escaped with a backslash wherever they stand in a user's text.
    static let markdownSpecials: Set<Character> = [
        "\\", "`", "*", "_", "[", "]", "(", ")", "#", "+", "-", "!", "|", "<", ">", "&", "~",
    ]

    /// A user's text as inert Markdown on one line: line breaks and control characters become spaces;
    /// Markdown and HTML characters are escaped, as is a leading "1." that would start a list;
    /// web addresses are broken by a zero-width space ("http:​//", "evil.​com") so that no renderer
    /// or chat client turns them into links. A "-" between two digits (a date) is left as it is: it
    /// cannot start a list there.
    static func markdownEscape(_ text: String) -> String {
        let characters = Array(oneLine(text))
        var out = ""
        out.reserveCapacity(characters.count + 8)
        for (index, character) in characters.enumerated() {
            let previous = index > 0 ? characters[index - 1] : nil
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            if character == "-", previous?.isASCIIDigit == true, next?.isASCIIDigit == true {
                out.append(character)
            } else if markdownSpecials.contains(character) {
                out.append("\\")
                out.append(character)
            } else {
                out.append(character)
            }
            // No links: "scheme://" and "name.domain" get a zero-width space after the ":" or ".".
            if character == ":", next == "/", index + 2 < characters.count, characters[index + 2] == "/" {
                out.append("\u{200B}")
            } else if character == ".", previous != nil, next?.isASCIILetter == true {
                out.append("\u{200B}")
            }
        }
        // "2024. " at the start would begin an ordered list.
        let digits = characters.prefix { $0.isASCIIDigit }.count
        if digits > 0, digits < characters.count, characters[digits] == ".",
           digits + 1 == characters.count || characters[digits + 1] == " " {
            let dot = out.index(out.startIndex, offsetBy: digits)
            out.insert("\\", at: dot)
        }
        return out
    }

    /// The text on one line, trimmed: line breaks, tabs and other control characters become spaces.
    static func oneLine(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: scalars.append(" ")
            default: scalars.append(scalar)
            }
        }
        return Text.trim(String(scalars))
    }

    /// Text for XML (the chart's SVG): & < > " ' as entities; control characters, which XML forbids,
    /// as spaces.
    static func xmlEscape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                switch scalar.value {
                case 0x00...0x1F, 0x7F...0x9F, 0xFFFE, 0xFFFF: out += " "
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// At most `limit` characters, the cut marked with "…".
    static func shortened(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(max(1, limit - 1))) + "…"
    }
}

fileprivate extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
    var isASCIILetter: Bool { isASCII && isLetter }
}
