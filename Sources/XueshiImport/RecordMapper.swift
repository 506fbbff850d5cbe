import XueshiModel
import XueshiRead

/// Makes hour records from the data rows of one file, applying DOMAIN.md's rules: every text trimmed,
/// IDs normalised and checked, dates in all their forms, exact hours, the profile's words for
/// categories and statuses. A row is a record, a row to skip (blank, total, a repeated header), or a
/// list of errors, each naming the file, the row as a spreadsheet shows it, the column and the reason.
public struct RecordMapper {
    public enum Outcome: Sendable {
        case record(HourRecord)
        case skipped(SkipReason)
        case invalid([RowError])
    }

    public enum SkipReason: Sendable, Hashable {
        case blank
        /// A closing total row (合计 / 总计), and the footer rows after it.
        case total
        case repeatedHeader
    }

    public let header: HeaderMap
    public let file: String
    var closedByTotal = false
    let profile: ImportProfile
    private let markers: [String]
    /// First characters a total marker can start with (after canonicalising): most cells are told
    /// apart from a total row by their first character, without building a canonical string.
    let markerFirstScalars: Set<Unicode.Scalar>
    /// The column of each field, indexed by the field's position in Field.allCases: looked up about
    /// twenty times per row, so an array rather than a dictionary.
    let columnOf: [Int?]
    /// The profile's words as bytes, for the fast path (RecordMapper+Plain.swift).
    let plainWords: PlainWords

    public init(header: HeaderMap, file: String) {
        self.header = header
        self.file = file
        self.profile = header.profile
        self.markers = header.profile.totalMarkers.map(ImportProfile.canonicalKey)
        // A cell may also start with white space or a full-width form that canonicalising removes or
        // folds: those take the slow path.
        self.markerFirstScalars = Set(markers.compactMap(\.unicodeScalars.first))
        self.columnOf = Field.allCases.map { header.columns[$0] }
        self.plainWords = PlainWords(header)
    }

    public mutating func map(_ row: RawRow) -> Outcome {
        if row.isBlank { return .skipped(.blank) }
        if closedByTotal { return .skipped(.total) }
        if isTotalRow(row) { closedByTotal = true; return .skipped(.total) }
        if isRepeatedHeader(row) { return .skipped(.repeatedHeader) }

        var errors: [RowError] = []
        func fail(_ field: Field?, _ reason: String) {
            errors.append(RowError(file: file, row: row.number, column: field.map(header.columnName), reason: reason))
        }
        func cell(_ field: Field) -> RawCell? { columnOf[field.ordinal].map { row[$0] } }
        /// A text field, trimmed and its inner white space folded; nil when the column is absent or the cell empty.
        func text(_ field: Field) -> String? {
            guard let cell = cell(field) else { return nil }
            let value = Text.folded(cell.text)
            return value.isEmpty ? nil : value
        }
        func required(_ field: Field) -> String? {
            if let value = text(field) { return value }
            fail(field, "\(header.columnName(field))为空")
            return nil
        }

        // An error value or an uncalculated formula in a column that is read: said as such, once,
        // rather than as an empty or unreadable value.
        for field in Field.allCases {
            guard case .error(let value)? = cell(field) else { continue }
            fail(field, Self.errorCellReason(value))
        }
        if !errors.isEmpty { return .invalid(errors) }

        let name = required(.name)
        let unit = required(.unit)
        let title = required(.title)

        var id: ResidentID?
        if let raw = cell(.id) {
            switch Self.residentID(from: raw) {
            case .success(let value): id = value
            case .failure(let problem): fail(.id, problem.description)
            }
        } else {
            fail(.id, "身份证号为空")
        }

        var category: Category?
        if let raw = required(.category) {
            category = profile.categories[UTF8Key(raw)] ?? profile.categories[UTF8Key(ImportProfile.canonicalKey(raw))]
            if category == nil { fail(.category, "不认识的科目类别「\(Text.excerpt(raw))」；可用的有：\(accepted(.category))") }
        }

        var status = RecordStatus.approved
        if header.columns[.status] != nil {
            if let raw = required(.status) {
                if let value = profile.statuses[UTF8Key(raw)] ?? profile.statuses[UTF8Key(ImportProfile.canonicalKey(raw))] { status = value }
                else { fail(.status, "不认识的审核状态「\(Text.excerpt(raw))」；可用的有：\(accepted(.status))") }
            }
        }

        var form: LearningForm?, formText: String?
        if let raw = text(.form) {
            if let value = profile.forms[UTF8Key(raw)] ?? profile.forms[UTF8Key(ImportProfile.canonicalKey(raw))] { form = value }
            else { form = .other; formText = raw }
        }

        var hours: Hours?
        if let raw = required(.hours) {
            switch Self.hours(cell(.hours), text: raw) {
            case .success(let value) where value <= .zero:
                fail(.hours, "学时必须大于 0，实为「\(Text.excerpt(raw))」")
            case .success(let value) where value > profile.maxHoursPerRecord:
                fail(.hours, "学时 \(value) 超过单条记录上限 \(profile.maxHoursPerRecord)，疑为录入错误")
            case .success(let value):
                hours = value
            case .failure(.tooPrecise):
                fail(.hours, "学时「\(Text.excerpt(raw))」超过两位小数")
            case .failure:
                fail(.hours, "学时「\(Text.excerpt(raw))」不是数字")
            }
        }

        func date(_ field: Field) -> CalendarDate? {
            guard let raw = cell(field), !raw.isBlank else { return nil }
            if let value = Self.date(from: raw) { return value }
            fail(field, "无法识别的日期「\(Text.excerpt(Text.trim(raw.text)))」；可用的写法如 2024-03-05、2024/3/5、2024.03.05、2024年3月5日")
            return nil
        }
        let start = date(.start)
        let end = date(.end)
        let registered = date(.registered)
        if let start, let end, end < start { fail(.end, "结束日期 \(end) 早于开始日期 \(start)") }

        var year: Int?
        if let raw = text(.year) {
            year = Self.year(from: raw)
            if year == nil { fail(.year, "年度「\(Text.excerpt(raw))」不是有效的年份") }
        } else if let fromDates = end?.year ?? start?.year {
            year = fromDates
        } else if errors.isEmpty {
            fail(header.columns[.year] != nil ? .year : nil, "没有年度，也没有开始或结束日期，无法确定记录计入哪一年")
        }

        guard errors.isEmpty, let id, let name, let unit, let title, let category, let hours, let year else {
            return .invalid(errors)
        }
        return .record(HourRecord(id: id, name: name, unit: unit, year: year, category: category,
                                  form: form, formText: formText, title: title, organizer: text(.organizer),
                                  start: start, end: end, hours: hours, status: status, registered: registered))
    }

    /// The words a value map accepts, in the order the profile lists them.
    private func accepted(_ field: Field) -> String {
        switch field {
        case .category: return profile.categoryWords.joined(separator: "、")
        case .status: return profile.statusWords.joined(separator: "、")
        default: return ""
        }
    }

    private func isTotalRow(_ row: RawRow) -> Bool {
        for cell in row.cells.prefix(4) {
            guard case .text(let text) = cell else { continue }
            guard let first = text.unicodeScalars.first else { continue }
            guard markerFirstScalars.contains(first) || Text.isSpace(first) || (0xFF01...0xFF5E).contains(first.value) else { continue }
            let key = ImportProfile.canonicalKey(text)
            if markers.contains(where: { key.hasPrefix($0) }) { return true }
        }
        return false
    }

    private func isRepeatedHeader(_ row: RawRow) -> Bool {
        guard let column = header.columns[.id], let written = header.headerTexts[column] else { return false }
        return Text.trim(row[column].text) == written
    }

    // MARK: - Cells to values

    /// What an error cell says: an uncalculated formula (`RawCell.uncalculatedFormula`), or Excel's error value.
    static func errorCellReason(_ value: String) -> String {
        value == RawCell.uncalculatedFormula
            ? "这一格是公式，文件里没有保存它的计算结果（有的程序写出的文件是这样）：请用 Excel 或 WPS 打开这个文件、保存后再导入"
            : "这一格是 Excel 的错误值 \(value)：请在表格里改正这一格"
    }

    /// Hours from a cell: a spreadsheet number within 1e-9 of two decimals, or text (`raw`, folded).
    static func hours(_ cell: RawCell?, text raw: String) -> Result<Hours, Hours.ParseError> {
        if case .number(let literal)? = cell { return Hours.parseSpreadsheetNumber(literal) }
        return Hours.parse(raw)
    }

    /// An ID from a cell. A number cell holds an ID only when it has at most 15 digits (Excel keeps 15
    /// significant digits, so an old 15-digit ID survives); an 18-digit ID stored as a number has
    /// lost its last digits and is refused, never guessed.
    static func residentID(from cell: RawCell) -> Result<ResidentID, ResidentID.Problem> {
        if case .number(let literal) = cell {
            let digits = literal.hasSuffix(".0") ? String(literal.dropLast(2)) : literal
            guard digits.count <= 15, digits.allSatisfy(\.isASCIIDigit) else { return .failure(.storedAsNumber(literal)) }
            return ResidentID.parse(digits)
        }
        return ResidentID.parse(Self.unwrappedText(cell.text))
    }

    /// A number kept as text the two ways people keep Excel from turning it into a number: written as a
    /// formula of a string, `="330106…"` (Excel shows the ID, a CSV holds the formula), or after an
    /// apostrophe, `'330106…`. Either is read as what it shows.
    static func unwrappedText(_ text: String) -> String {
        let trimmed = Text.canonical(text)
        if trimmed.hasPrefix("=\""), trimmed.hasSuffix("\""), trimmed.count >= 3 {
            return String(trimmed.dropFirst(2).dropLast())
        }
        if trimmed.hasPrefix("'"), trimmed.count > 1 { return String(trimmed.dropFirst()) }
        return text
    }

    /// A date from a cell: a date-formatted spreadsheet cell, an Excel serial number (as a number or
    /// as five digits of text), or text in one of the forms CalendarDate.parse reads.
    static func date(from cell: RawCell) -> CalendarDate? {
        switch cell {
        case .date(let serial), .number(let serial):
            if let value = CalendarDate.parse(serial), serial.count == 8 { return value }
            return excelSerial(serial).flatMap { CalendarDate(excelSerial: $0) }
        default:
            let text = Text.canonical(cell.text)
            if let value = CalendarDate.parse(text) { return value }
            if text.count == 5, let serial = Int(text) { return CalendarDate(excelSerial: serial) }
            return nil
        }
    }

    /// The whole days of a serial literal such as "45356" or "45356.375".
    static func excelSerial(_ literal: String) -> Int? {
        let whole = literal.split(separator: ".", maxSplits: 1).first.map(String.init) ?? literal
        return Int(whole)
    }

    /// A year from "2024", "2024年", "2024年度", "2024.0".
    static func year(from raw: String) -> Int? {
        if raw.utf8.count == 4, let year = Int(raw), (1990...2100).contains(year) { return year }
        var text = Text.canonical(raw)
        for suffix in ["年度", "年"] where text.hasSuffix(suffix) { text.removeLast(suffix.count); break }
        if text.hasSuffix(".0") { text.removeLast(2) }
        guard text.count == 4, let year = Int(text), (1990...2100).contains(year) else { return nil }
        return year
    }
}

extension Field {
    /// The field's position in Field.allCases (a test checks): asked about twenty times per row, so a
    /// switch rather than a search of allCases.
    var ordinal: Int {
        switch self {
        case .name: return 0
        case .id: return 1
        case .unit: return 2
        case .year: return 3
        case .category: return 4
        case .form: return 5
        case .title: return 6
        case .organizer: return 7
        case .start: return 8
        case .end: return 9
        case .hours: return 10
        case .status: return 11
        case .registered: return 12
        case .department: return 13
        case .workStart: return 14
        case .employment: return 15
        case .applicant: return 16
        case .attendees: return 17
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
