/// What the reader needs from a workbook's `<Styles>`: which style IDs show a number as a date or time.
/// Excel writes date cells as `ss:Type="DateTime"`, but a template may write a serial as a Number in a
/// date style; Excel then shows a date, and so the cell is a date, as in an .xlsx.
struct SpreadsheetMLStyles: Sendable {
    /// The IDs of the styles whose number format, their own or inherited through `ss:Parent`, is a date
    /// or time format.
    private(set) var dateStyles: Set<String> = []

    /// Excel 2003 allowed 4,000 cell formats, later versions 64,000.
    static let maximumStyles = 65_536
    /// `ss:Parent` chains longer than this (or circular) are not followed.
    static let maximumParentDepth = 32

    /// Whether a cell in the style `id` (nil: none given, so "Default") shows its number as a date.
    @inline(__always)
    func isDate(_ id: String?) -> Bool {
        dateStyles.isEmpty ? false : dateStyles.contains(id ?? "Default")
    }

    /// Collects `<Style>` elements as the first pass meets them.
    struct Builder {
        private var parents: [String: String] = [:]
        private var formats: [String: String] = [:]
        private var ids: [String] = []

        mutating func add(id: String, parent: String?) throws(SpreadsheetMLError) {
            guard ids.count < SpreadsheetMLStyles.maximumStyles else {
                throw .malformed("样式超过 \(SpreadsheetMLStyles.maximumStyles) 个")
            }
            ids.append(id)
            if let parent { parents[id] = parent }
        }

        mutating func setFormat(_ format: String, of id: String) { formats[id] = format }

        func build() -> SpreadsheetMLStyles {
            var styles = SpreadsheetMLStyles()
            let defaultIsDate = formats["Default"].map(SpreadsheetMLStyles.isDateFormat) ?? false
            for id in ids {
                var current = id
                var format = formats[current]
                var steps = 0
                while format == nil, let parent = parents[current], steps < SpreadsheetMLStyles.maximumParentDepth {
                    current = parent
                    format = formats[current]
                    steps += 1
                }
                if format.map(SpreadsheetMLStyles.isDateFormat) ?? defaultIsDate { styles.dateStyles.insert(id) }
            }
            if defaultIsDate { styles.dateStyles.insert("Default") }
            return styles
        }
    }

    /// Whether an `ss:Format` shows a date or time: one of the named formats for dates and times, or a
    /// format code with date or time parts (as in an .xlsx). The other names ("Fixed", "Standard",
    /// "Scientific", …) hold letters of date codes, so they are told apart first.
    static func isDateFormat(_ format: String) -> Bool {
        switch XLSXXMLBytes.trim(format).lowercased() {
        case "general date", "long date", "medium date", "short date", "long time", "medium time", "short time":
            return true
        case "general", "general number", "currency", "euro currency", "fixed", "standard", "percent",
             "scientific", "yes/no", "true/false", "on/off":
            return false
        default:
            return XLSXStyles.isDateFormat(format)
        }
    }
}
