import CXlsxWriter
import Foundation
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
        /// What the top of every printed page says (a page header's codes: `&L` left, `&R` right).
        let pageHeader: String

        init(workbook: UnsafeMutablePointer<lxw_workbook>, path: String, rowsPerSheet: Int, pageHeader: String = "") throws {
            self.workbook = workbook
            self.path = path
            self.rowsPerSheet = rowsPerSheet
            self.formats = try Formats(workbook, path: path)
            self.pageHeader = pageHeader
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

    /// The cell formats the report uses, made once per workbook. Cells sit in the middle of their row,
    /// which a wrapped 说明 may make tall.
    struct Formats {
        let title, header, text, wrapped, status, integer, hours, percent: Format
        let totalText, totalInteger, totalHours, totalPercent: Format
        /// `short`, `inProgress`: a status in its colour (centred, as `status`).
        let note, short, inProgress: Format

        /// Hours have at most two decimals: Excel's built-in General format (number format 0) shows them as
        /// they are (90, 90.5, 115.13), where a fixed "0.00" shows 90.00 and "0.##" shows "90.".
        static let hoursFormatIndex: UInt8 = 0
        /// The height of a line of text in the default font, in points (the default row height, with room
        /// for CJK glyphs).
        static let lineHeight = 16.0
        static let percentFormat = "0.0%"
        static let titleFontSize = 14.0

        init(_ workbook: UnsafeMutablePointer<lxw_workbook>, path: String) throws {
            func make(_ configure: (Format) -> Void) throws -> Format {
                guard let format = workbook_add_format(workbook) else {
                    throw XLSXReportError(path: path, code: LXW_ERROR_MEMORY_MALLOC_FAILED)
                }
                configure(format)
                return format
            }
            func middle(_ format: Format) { format_set_align(format, UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue)) }
            func total(_ format: Format) {
                middle(format)
                format_set_bold(format)
                format_set_top(format, UInt8(LXW_BORDER_THIN.rawValue))
            }
            func centred(_ format: Format) { middle(format); format_set_align(format, UInt8(LXW_ALIGN_CENTER.rawValue)) }
            title = try make {
                format_set_bold($0); format_set_font_size($0, Self.titleFontSize); format_set_text_wrap($0)
                format_set_align($0, UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue))
            }
            header = try make {
                format_set_bold($0)
                format_set_bg_color($0, 0xDDEBF7)
                format_set_bottom($0, UInt8(LXW_BORDER_THIN.rawValue))
                format_set_align($0, UInt8(LXW_ALIGN_CENTER.rawValue))
                format_set_align($0, UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue))
                format_set_text_wrap($0)
            }
            text = try make { middle($0) }
            wrapped = try make { middle($0); format_set_text_wrap($0); format_set_indent($0, 1) }
            status = try make { centred($0) }
            integer = try make { middle($0); format_set_num_format($0, "0") }
            hours = try make { middle($0); format_set_num_format_index($0, Self.hoursFormatIndex) }
            percent = try make { middle($0); format_set_num_format($0, Self.percentFormat) }
            totalText = try make { total($0) }
            totalInteger = try make { total($0); format_set_num_format($0, "0") }
            totalHours = try make { total($0); format_set_num_format_index($0, Self.hoursFormatIndex) }
            totalPercent = try make { total($0); format_set_num_format($0, Self.percentFormat) }
            note = try make { middle($0); format_set_italic($0); format_set_font_color($0, 0x595959); format_set_text_wrap($0) }
            short = try make { centred($0); format_set_font_color($0, 0xC00000) }
            inProgress = try make { centred($0); format_set_font_color($0, 0x9C5700) }
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

        /// Makes a row `lines` lines of text high: spreadsheet programs do not all grow a row for its
        /// wrapped text when they open a file, nor ever for a merged cell. Call it before the row's cells.
        func height(_ row: Int, lines: Int, lineHeight: Double = Formats.lineHeight) throws {
            let points = min(Double(max(lines, 1)) * lineHeight, 409)  // Excel's highest row
            try check(worksheet_set_row(pointer, lxw_row_t(row), points, nil), row: row)
        }

        /// A text across `columns` of one row, wrapped, the row made `lines` lines high. Call it before
        /// anything else of the row.
        func banner(_ row: Int, _ columns: ClosedRange<Int>, _ value: String, _ format: Format, lines: Int,
                    lineHeight: Double = Formats.lineHeight) throws {
            try height(row, lines: lines, lineHeight: lineHeight)
            guard columns.count > 1 else { return try text(row, columns.lowerBound, value, format) }
            let safe = XLSXReport.cellText(value)
            let result = safe.withCString {
                worksheet_merge_range(pointer, lxw_row_t(row), lxw_col_t(columns.lowerBound), lxw_row_t(row),
                                      lxw_col_t(columns.upperBound), $0, format)
            }
            try check(result, row: row)
        }

        /// Printed: A4 landscape, one page wide and as many high as it takes, rows `repeating` on top of
        /// every page, `header` above them and the page number below.
        func printSetup(repeating rows: ClosedRange<Int>, header: String) throws {
            worksheet_set_landscape(pointer)
            worksheet_set_paper(pointer, 9)  // A4
            worksheet_fit_to_pages(pointer, 1, 0)
            try check(worksheet_repeat_rows(pointer, lxw_row_t(rows.lowerBound), lxw_row_t(rows.upperBound)), row: nil)
            if !header.isEmpty { try header.withCString { try check(worksheet_set_header(pointer, $0), row: nil) } }
            try XLSXReport.pageFooter.withCString { try check(worksheet_set_footer(pointer, $0), row: nil) }
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

    /// A sheet of people, header on the first row, that goes on in continuation sheets ("年度学时（续2）")
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
            try sheet.printSetup(repeating: 0...0, header: book.pageHeader)
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
        let text = clean ? inert : withoutControlCharacters(inert)
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

    /// `text` with each control character XML cannot carry (all but tab, LF and CR) as U+FFFD.
    static func withoutControlCharacters(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let v = scalar.value
            scalars.append(v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D ? "\u{FFFD}" : scalar)
        }
        return String(scalars)
    }

    // MARK: - Print

    /// At the foot of every printed page: the sheet's name, and "第 1 页，共 3 页".
    static let pageFooter = "&L&A&C第 &P 页，共 &N 页"

    /// At the top of every printed page: the policy's title on the left, the as-of day on the right. Text
    /// in a page header is not a cell (no formula can start there); an ampersand is doubled, since alone
    /// it starts a code, and the title is cut to keep within Excel's 255 characters.
    static func pageHeader(_ context: ReportContext) -> String {
        func literal(_ text: String, limit: Int) -> String {
            let plain = withoutControlCharacters(text).replacingOccurrences(of: "\n", with: " ")
                .replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\t", with: " ")
            let cut = plain.count > limit ? String(plain.prefix(limit - 1)) + "…" : plain
            return cut.replacingOccurrences(of: "&", with: "&&")
        }
        return "&L" + literal(context.policyTitle, limit: 100) + "&R" + literal("核查截至 \(context.asOf)", limit: 40)
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

    /// How many lines `text` takes in a wrapped cell `width` units wide, about: a CJK character is two
    /// units, as in Excel's default fonts (elsewhere it may be narrower, and a line then has room to
    /// spare); `scale`: the font's size over the default 11 points.
    static func wrappedLines(_ text: String, width: Double, scale: Double = 1) -> Int {
        let usable = max(width - 1, 1)
        return text.split(separator: "\n", omittingEmptySubsequences: false).reduce(0) { lines, line in
            lines + max(1, Int((Double(displayWidth(String(line))) * scale / usable).rounded(.up)))
        }
    }

    /// The width in pixels a column `width` units wide takes in Excel (7-pixel digits, 5 pixels padding).
    static func pixels(_ width: Double) -> Int { Int(width * 7 + 0.5) + 5 }

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
