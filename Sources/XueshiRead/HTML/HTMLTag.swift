/// The elements the table reader tells apart; every other element is `.other`, and only its text counts.
enum HTMLTag: Equatable {
    case table, tr, td, th, thead, tbody, tfoot
    case br
    /// An element a browser shows as a block of its own (`<p>`, `<div>`, `<li>`, …): inside a cell, the
    /// text before and after it is on separate lines.
    case block
    case meta
    /// `<body>` and `<html>`: their end tags say the page is complete.
    case body
    /// An element whose content is no text to show and is not markup (`<script>`, `<style>`, `<title>`,
    /// `<textarea>`, …): skipped up to its end tag.
    case rawText
    case other

    /// Longer names are no element the reader knows.
    static let maximumNameLength = 12

    /// The element named by `name` (lower-case ASCII).
    init(name: String) {
        switch name {
        case "table": self = .table
        case "tr": self = .tr
        case "td": self = .td
        case "th": self = .th
        case "thead": self = .thead
        case "tbody": self = .tbody
        case "tfoot": self = .tfoot
        case "br": self = .br
        case "meta": self = .meta
        case "body", "html": self = .body
        case "script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes", "noscript", "template":
            self = .rawText
        case "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre",
             "blockquote", "center", "address", "section", "article", "header", "footer", "nav", "aside", "main",
             "form", "fieldset", "figure", "caption":
            self = .block
        default: self = .other
        }
    }

    /// Whether the reader needs this start tag's attributes (spans and values of cells, a meta's charset).
    var keepsAttributes: Bool { self == .td || self == .th || self == .meta }
}

/// The attributes the reader uses; others are skipped without being stored.
enum HTMLAttributeName: CaseIterable {
    case rowspan, colspan
    /// What a spreadsheet program writes on a cell it saves as a web page: the cell's value (a date's
    /// serial number) and its number format ("1033;0;YYYY-MM-DD").
    case sdval, sdnum
    case charset, content, httpEquiv

    init?(name: String) {
        switch name {
        case "rowspan": self = .rowspan
        case "colspan": self = .colspan
        case "sdval": self = .sdval
        case "sdnum": self = .sdnum
        case "charset": self = .charset
        case "content": self = .content
        case "http-equiv": self = .httpEquiv
        default: return nil
        }
    }
}

/// The kept attributes of one start tag, their character references resolved. As in a browser, the
/// first of two attributes with the same name counts.
struct HTMLAttributes {
    private var values: [(name: HTMLAttributeName, value: String)] = []

    /// A stored value is cut to this many bytes: the attributes kept are numbers, formats and charsets.
    static let maximumValueBytes = 1024

    subscript(_ name: HTMLAttributeName) -> String? {
        values.first { $0.name == name }?.value
    }

    mutating func add(_ name: HTMLAttributeName, _ value: String) {
        if self[name] == nil { values.append((name, value)) }
    }

    mutating func removeAll() { values.removeAll(keepingCapacity: true) }

    /// The value of a span attribute by the browsers' rule for non-negative integers: leading white space
    /// and digits, anything after them ignored ("2px" is 2); nil when there are no digits.
    func integer(_ name: HTMLAttributeName) -> Int? {
        guard let text = self[name] else { return nil }
        var digits = 0, value = 0
        var started = false
        for byte in text.utf8 {
            if !started && (byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D) { continue }
            if !started && byte == 0x2B { started = true; continue }
            started = true
            guard byte >= 0x30 && byte <= 0x39 else { break }
            value = min(value * 10 + Int(byte - 0x30), 1 << 32)
            digits += 1
        }
        return digits > 0 ? value : nil
    }
}
