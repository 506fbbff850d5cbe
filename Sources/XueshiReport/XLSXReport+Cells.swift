import CXlsxWriter
import XueshiModel

extension XLSXReport {
    /// A cell format of the workbook being written.
    typealias Format = UnsafeMutablePointer<lxw_format>

    /// The workbook being written, with its cell formats.
    final class Book {
        let workbook: UnsafeMutablePointer<lxw_workbook>
        let path: String
        let rowsPerSheet: Int
        let formats: Formats

        init(workbook: UnsafeMutablePointer<lxw_workbook>, path: String, rowsPerSheet: Int) throws {
            self.workbook = workbook
            self.path = path
            self.rowsPerSheet = rowsPerSheet
            self.formats = try Formats(workbook, path: path)
        }

        /// A new sheet at the end of the workbook.
        func addSheet(_ name: String) throws -> Sheet {
            guard let pointer = name.withCString({ workbook_add_worksheet(workbook, $0) }) else {
                // With constant memory, a sheet is refused when its temporary file cannot be made.
                throw XLSXReportError(path: path, code: LXW_ERROR_CREATING_TMPFILE, detail: "工作表“\(name)”")
            }
            return Sheet(pointer: pointer, name: name, path: path)
        }
    }

    /// The cell formats the report uses, made once per workbook.
    struct Formats {
        let title, header, integer, hours, percent: Format
        let totalText, totalInteger, totalHours, totalPercent: Format
        let note, short, inProgress: Format

        static let hoursFormat = "0.00"
        static let percentFormat = "0.0%"

        init(_ workbook: UnsafeMutablePointer<lxw_workbook>, path: String) throws {
            func make(_ configure: (Format) -> Void) throws -> Format {
                guard let format = workbook_add_format(workbook) else {
                    throw XLSXReportError(path: path, code: LXW_ERROR_MEMORY_MALLOC_FAILED)
                }
                configure(format)
                return format
            }
            func total(_ format: Format) {
                format_set_bold(format)
                format_set_top(format, UInt8(LXW_BORDER_THIN.rawValue))
            }
            title = try make { format_set_bold($0); format_set_font_size($0, 14) }
            header = try make {
                format_set_bold($0)
                format_set_bg_color($0, 0xDDEBF7)
                format_set_bottom($0, UInt8(LXW_BORDER_THIN.rawValue))
                format_set_align($0, UInt8(LXW_ALIGN_CENTER.rawValue))
                format_set_align($0, UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue))
                format_set_text_wrap($0)
            }
            integer = try make { format_set_num_format($0, "0") }
            hours = try make { format_set_num_format($0, Self.hoursFormat) }
            percent = try make { format_set_num_format($0, Self.percentFormat) }
            totalText = try make { total($0) }
            totalInteger = try make { total($0); format_set_num_format($0, "0") }
            totalHours = try make { total($0); format_set_num_format($0, Self.hoursFormat) }
            totalPercent = try make { total($0); format_set_num_format($0, Self.percentFormat) }
            note = try make { format_set_italic($0); format_set_font_color($0, 0x595959) }
            short = try make { format_set_font_color($0, 0xC00000) }
            inProgress = try make { format_set_font_color($0, 0x9C5700) }
        }
    }

    /// One worksheet: cells are written row by row, in order (constant-memory mode).
    struct Sheet {
        let pointer: UnsafeMutablePointer<lxw_worksheet>
        let name: String
        let path: String

        /// A string cell, made inert (`SpreadsheetSafety.inert`) and fit for Excel (see `cellText`).
        func text(_ row: Int, _ column: Int, _ value: String, _ format: Format? = nil) throws {
            let safe = XLSXReport.cellText(value)
            let result = safe.withCString {
                worksheet_write_string(pointer, lxw_row_t(row), lxw_col_t(column), $0, format)
            }
            try check(result, row: row)
        }

        func number(_ row: Int, _ column: Int, _ value: Double, _ format: Format? = nil) throws {
            try check(worksheet_write_number(pointer, lxw_row_t(row), lxw_col_t(column), value, format), row: row)
        }

        /// Hours as a number: hundredths / 100, which a Double holds as the exact two-decimal text.
        func hours(_ row: Int, _ column: Int, _ value: Hours, _ format: Format) throws {
            try number(row, column, Double(value.hundredths) / 100, format)
        }

        func integer(_ row: Int, _ column: Int, _ value: Int, _ format: Format) throws {
            try number(row, column, Double(value), format)
        }

        func width(_ first: Int, _ last: Int, _ width: Double) throws {
            try check(worksheet_set_column(pointer, lxw_col_t(first), lxw_col_t(last), width, nil), row: nil)
        }

        func freeze(rows: Int, columns: Int = 0) {
            worksheet_freeze_panes(pointer, lxw_row_t(rows), lxw_col_t(columns))
        }

        func check(_ result: lxw_error, row: Int?) throws {
            guard result != LXW_NO_ERROR else { return }
            let place = row.map { "工作表“\(name)”第 \($0 + 1) 行" } ?? "工作表“\(name)”"
            throw XLSXReportError(path: path, code: result, detail: place)
        }
    }

    /// A column of a people sheet: its header and width.
    struct Column {
        var header: String
        var width: Double
    }

    /// A sheet of people, header on the first row, that goes on in continuation sheets ("明细（续2）")
    /// when it reaches the rows a sheet can hold. Every page gets the header, the widths, the frozen
    /// header row and an autofilter.
    struct PagedSheet {
        let book: Book
        let baseName: String
        let columns: [Column]
        private(set) var sheet: Sheet
        private var page = 1
        /// The row the next line goes to.
        private var next = 1

        init(book: Book, name: String, columns: [Column]) throws {
            self.book = book
            self.baseName = name
            self.columns = columns
            self.sheet = try Self.start(book: book, name: name, columns: columns)
        }

        /// The sheet and row to write the next line to.
        mutating func nextRow() throws -> (Sheet, Int) {
            if next >= book.rowsPerSheet {
                finishPage()
                page += 1
                sheet = try Self.start(book: book, name: "\(baseName)（续\(page)）", columns: columns)
                next = 1
            }
            defer { next += 1 }
            return (sheet, next)
        }

        /// Sets the last page's autofilter; call once the lines are written.
        func finish() { finishPage() }

        private func finishPage() {
            guard !columns.isEmpty else { return }
            worksheet_autofilter(sheet.pointer, 0, 0, lxw_row_t(max(next - 1, 0)), lxw_col_t(columns.count - 1))
        }

        private static func start(book: Book, name: String, columns: [Column]) throws -> Sheet {
            let sheet = try book.addSheet(name)
            for (index, column) in columns.enumerated() { try sheet.width(index, index, column.width) }
            for (index, column) in columns.enumerated() { try sheet.text(0, index, column.header, book.formats.header) }
            sheet.freeze(rows: 1)
            // Printed: landscape, the header row on every page.
            worksheet_set_landscape(sheet.pointer)
            try sheet.check(worksheet_repeat_rows(sheet.pointer, 0, 0), row: nil)
            return sheet
        }
    }

    // MARK: - Text

    /// Excel's limit on the characters of a cell (UTF-16 code units).
    static let cellTextLimit = 32_767

    /// Text as it goes into a cell: inert (`SpreadsheetSafety.inert`: a leading = + - @ tab or CR gets an
    /// apostrophe), without the control characters XML cannot carry (each becomes U+FFFD, so that the
    /// reader sees something was there), and cut to Excel's 32,767 characters, ending with "…".
    static func cellText(_ value: String) -> String {
        let inert = SpreadsheetSafety.inert(value)
        var clean = true
        for byte in inert.utf8 where byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D { clean = false; break }
        if clean && inert.utf8.count <= cellTextLimit { return inert }  // UTF-8 bytes ≥ UTF-16 units
        var text = inert
        if !clean {
            var scalars = String.UnicodeScalarView()
            for scalar in inert.unicodeScalars {
                let v = scalar.value
                scalars.append(v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D ? "\u{FFFD}" : scalar)
            }
            text = String(scalars)
        }
        guard text.utf16.count > cellTextLimit else { return text }
        var cut = ""
        var units = 0
        for character in text {
            let size = character.utf16.count
            if units + size > cellTextLimit - 1 { break }
            cut.append(character)
            units += size
        }
        return cut + "…"
    }

    /// The width of a text in Excel's column units, about: CJK and other wide characters count two.
    static func displayWidth(_ text: String) -> Int {
        var width = 0
        for scalar in text.unicodeScalars {
            let v = scalar.value
            width += v < 0x1100 ? 1 : (v >= 0x1100 && v <= 0x115F) || (v >= 0x2E80 && v <= 0xA4CF)
                || (v >= 0xAC00 && v <= 0xD7A3) || (v >= 0xF900 && v <= 0xFAFF) || (v >= 0xFE30 && v <= 0xFE4F)
                || (v >= 0xFF00 && v <= 0xFF60) || (v >= 0xFFE0 && v <= 0xFFE6) || v >= 0x20000 ? 2 : 1
        }
        return width
    }

    /// A column width for texts: the widest (plus a margin), within `range`.
    static func columnWidth(_ texts: some Sequence<String>, within range: ClosedRange<Int>) -> Double {
        var widest = 0
        for text in texts {
            widest = max(widest, displayWidth(text))
            if widest >= range.upperBound { break }
        }
        return Double(min(max(widest + 2, range.lowerBound), range.upperBound))
    }
}
