import XueshiModel
import XueshiRead

/// Makes roster entries and internal trainings from the data rows of a roster or an attendance sheet,
/// with the hour export's rules: every text trimmed and folded, IDs checked, dates in all their forms,
/// exact hours; a bad row is a list of errors naming the file, the row, the column and the reason.
public struct StaffMapper {
    public enum Outcome: Sendable {
        case roster(RosterEntry)
        case training(InternalTraining)
        case skipped(RecordMapper.SkipReason)
        case invalid([RowError])
    }

    public let header: HeaderMap
    public let file: String
    private var closedByTotal = false
    private let markers: [String]
    /// The row each ID was first seen on, in a roster: a person listed twice is an error.
    private var rosterRows: [String: Int] = [:]

    public init(header: HeaderMap, file: String) {
        self.header = header
        self.file = file
        markers = header.profile.totalMarkers.map(ImportProfile.canonicalKey)
    }

    /// Separators between names in one attendees cell: 、，,;；/ and white space.
    static let nameSeparators: Set<Character> = ["、", "，", ",", ";", "；", "/", "／", " ", "\u{3000}", "\n", "\t"]

    public mutating func map(_ row: RawRow) -> Outcome {
        if row.isBlank { return .skipped(.blank) }
        if closedByTotal { return .skipped(.total) }
        if row.cells.prefix(4).contains(where: { cell in
            let key = ImportProfile.canonicalKey(cell.text)
            return !key.isEmpty && markers.contains { key.hasPrefix($0) }
        }) {
            closedByTotal = true
            return .skipped(.total)
        }
        if let column = header.columns[.name] ?? header.columns[.title], let written = header.headerTexts[column],
           Text.trim(row[column].text) == written {
            return .skipped(.repeatedHeader)
        }
        var errors: [RowError] = []
        func fail(_ field: Field, _ reason: String) {
            errors.append(RowError(file: file, row: row.number, column: header.columnName(field), reason: reason))
        }
        func cell(_ field: Field) -> RawCell? { header.columns[field].map { row[$0] } }
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
        for field in Field.allCases {
            guard case .error(let value)? = cell(field) else { continue }
            fail(field, RecordMapper.errorCellReason(value))
        }
        if !errors.isEmpty { return .invalid(errors) }
        func residentID() -> ResidentID? {
            guard let raw = cell(.id), !raw.isBlank else { return nil }
            switch RecordMapper.residentID(from: raw) {
            case .success(let value): return value
            case .failure(let problem): fail(.id, problem.description); return nil
            }
        }
        func date(_ field: Field) -> CalendarDate? {
            guard let raw = cell(field), !raw.isBlank else { return nil }
            // A number such as 2015.07 is a year and month, never an Excel serial (that would be 1905).
            if case .number(let literal) = raw, let whole = RecordMapper.excelSerial(literal), (1950...2100).contains(whole) {
                if let value = Self.yearMonth(literal) { return value }
            }
            if let value = RecordMapper.date(from: raw) ?? Self.yearMonth(Text.canonical(raw.text)) { return value }
            fail(field, "无法识别的日期「\(Text.excerpt(Text.trim(raw.text)))」；可用的写法如 2024-03-05、2024/3/5、2024.03、2024年3月")
            return nil
        }
        func word<V>(_ field: Field, _ table: [UTF8Key: V], _ what: String) -> V? {
            guard let raw = text(field) else { return nil }
            if let value = table[UTF8Key(raw)] ?? table[UTF8Key(ImportProfile.canonicalKey(raw))] { return value }
            fail(field, "不认识的\(what)「\(Text.excerpt(raw))」")
            return nil
        }

        switch header.profile.kind {
        case .roster:
            let name = required(.name)
            let unit = required(.unit)
            let id = residentID()
            if cell(.id).map(\.isBlank) ?? true { fail(.id, "身份证号为空") }
            let workStart = date(.workStart)
            let employment = word(.employment, header.profile.employments, "在职状态") ?? .active
            let applicant = word(.applicant, header.profile.applicantAnswers, "是否申报的取值")
            if let id, let first = rosterRows[id.value] {
                fail(.id, "同一身份证号在第 \(first) 行已经出现过：花名册里每人只能有一行")
            }
            guard errors.isEmpty, let id, let name, let unit else { return .invalid(errors) }
            rosterRows[id.value] = row.number
            return .roster(RosterEntry(id: id, name: name, unit: unit, department: text(.department), workStart: workStart,
                                       employment: employment, applicant: applicant))
        case .trainings:
            let title = required(.title)
            let start = date(.start)
            if cell(.start).map(\.isBlank) ?? true { fail(.start, "\(header.columnName(.start))为空") }
            let end = date(.end) ?? start
            if let start, let end, end < start { fail(.end, "结束日期 \(end) 早于开始日期 \(start)") }
            var hours: Hours?
            if let raw = required(.hours) {
                switch RecordMapper.hours(cell(.hours), text: raw) {
                case .success(let value) where value > .zero: hours = value
                case .success: fail(.hours, "学时必须大于 0，实为「\(Text.excerpt(raw))」")
                case .failure(.tooPrecise): fail(.hours, "学时「\(Text.excerpt(raw))」超过两位小数")
                case .failure: fail(.hours, "学时「\(Text.excerpt(raw))」不是数字")
                }
            }
            var attendees: [InternalTraining.Attendee] = []
            if let names = text(.attendees) {
                attendees = names.split(whereSeparator: { Self.nameSeparators.contains($0) }).map { .init(name: String($0)) }
            }
            if let name = text(.name) {
                attendees.append(.init(name: name, id: residentID()))
            } else if header.columns[.name] != nil, header.columns[.attendees] == nil {
                fail(.name, "\(header.columnName(.name))为空")
            }
            if attendees.isEmpty && errors.isEmpty { fail(header.columns[.attendees] != nil ? .attendees : .name, "没有参训人员") }
            guard errors.isEmpty, let title, let start, let end, let hours else { return .invalid(errors) }
            return .training(InternalTraining(title: title, start: start, end: end, hours: hours, unit: text(.unit), attendees: attendees))
        case .hours:
            preconditionFailure("hour exports are mapped by RecordMapper")
        }
    }

    /// "2015.07", "2015-7", "2015年7月", "201507": a roster often gives only the month work started; the
    /// first of the month is taken.
    static func yearMonth(_ text: String) -> CalendarDate? {
        var digits: [Int] = []
        var current = ""
        for ch in text {
            if ch.isASCIIDigit { current.append(ch) } else if !current.isEmpty { digits.append(Int(current)!); current = "" }
        }
        if !current.isEmpty { digits.append(Int(current) ?? 0) }
        if digits.count == 1, String(digits[0]).count == 6 { return CalendarDate(year: digits[0] / 100, month: digits[0] % 100, day: 1) }
        guard digits.count == 2, (1950...2100).contains(digits[0]) else { return nil }
        return CalendarDate(year: digits[0], month: digits[1], day: 1)
    }
}
