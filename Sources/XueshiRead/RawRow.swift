/// One cell of a sheet as the file holds it, before any profile gives it a meaning.
public enum RawCell: Hashable, Sendable {
    case empty
    /// Text: every CSV field; XLSX shared and inline strings.
    case text(String)
    /// An XLSX number, as the literal text of its value ("8.5", "3.30106199001011E+17"), never
    /// converted to a binary float, so that an hour or an ID that Excel stored as a number stays exact
    /// (or is recognised as mangled).
    case number(String)
    /// An XLSX number whose cell style is a date or time format: the serial as written ("45356",
    /// "45356.375"), in the workbook's date system normalised to 1900.
    case date(String)
    case boolean(Bool)
    /// An XLSX error value such as "#N/A", or `uncalculatedFormula`.
    case error(String)

    /// A formula cell with no computed result saved in the file (or XlsxWriter's placeholder 0).
    public static let uncalculatedFormula = "#公式未计算"

    /// The cell as text, the way a spreadsheet shows it unformatted: empty for `.empty`.
    public var text: String {
        switch self {
        case .empty: return ""
        case .text(let s), .number(let s), .date(let s), .error(let s): return s
        case .boolean(let b): return b ? "TRUE" : "FALSE"
        }
    }

    /// Whether the cell holds nothing but white space.
    public var isBlank: Bool {
        switch self {
        case .empty: return true
        case .text(let s):
            // Most cells start with a visible ASCII or CJK byte: decide on the bytes before asking
            // Unicode properties, which costs far more (this runs for every cell of a million rows).
            for byte in s.utf8 {
                if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { continue }
                if byte < 0x80 { return false }
                return s.unicodeScalars.allSatisfy { $0.properties.isWhitespace || $0 == "\u{3000}" || $0 == "\u{FEFF}" }
            }
            return true
        default: return false
        }
    }
}

/// One row of a sheet.
public struct RawRow: Hashable, Sendable {
    /// The row number as a spreadsheet shows it: 1 for the first line of a CSV file (a quoted field
    /// with line breaks still makes one row), the `r` attribute in XLSX.
    public var number: Int
    /// Cells by column, from column A; a short row simply has fewer cells.
    public var cells: [RawCell]
    /// Cells a merged range of an .xlsx filled from a row above: column → the range's first row. The
    /// value is shown once in Excel but reaches every row of the range.
    public var mergedFrom: [Int: Int] = [:]

    public init(number: Int, cells: [RawCell]) {
        self.number = number
        self.cells = cells
    }

    public subscript(column: Int) -> RawCell { column < cells.count ? cells[column] : .empty }

    public var isBlank: Bool { cells.allSatisfy(\.isBlank) }
}

/// Something that yields the rows of one sheet, in order, streaming: memory stays bounded whatever
/// the size of the file.
public protocol RowReader {
    /// Calls `body` with each row in order. Errors thrown by `body` stop the reading and propagate.
    func forEachRow(_ body: (RawRow) throws -> Void) throws
}

/// Why a file could not be read at all (as opposed to a row that is wrong).
public struct ReadError: Error, CustomStringConvertible, Sendable {
    /// What the user can do about it, for a front end to word with its own controls.
    public enum Remedy: Sendable, Equatable {
        /// Read the file again as this encoding; nil: as UTF-8 or GB18030, whichever it is.
        case pinEncoding(TextEncoding?)
    }
    public var file: String
    public var reason: String
    public var remedy: Remedy?
    public init(file: String, reason: String, remedy: Remedy? = nil) { self.file = file; self.reason = reason; self.remedy = remedy }
    public var description: String { "\(file)：\(reason)" }
}
