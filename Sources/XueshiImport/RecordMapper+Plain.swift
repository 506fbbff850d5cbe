import XueshiModel
import XueshiRead

/// The fast path: a row written the way nearly every provincial export writes it (an 18-digit ID,
/// dates as 2024-03-05 or a workbook's date cells, hours as 8 or 8.5, the profile's own words for
/// category, status and form) is made into a record straight from its bytes, with no string made for
/// any cell. Anything else (an unusual form of a value, an error, a blank, total or repeated header
/// row) is left to `map`, which applies every rule and says what is wrong. The two must agree on every
/// row the fast path takes: RecordMapperPlainTests checks that they do, for CSV and for workbooks.
extension RecordMapper {
    /// Appends the row's record to `batch` and returns true, or returns false (and appends nothing)
    /// when the row must go through `map`.
    public func mapPlain<Row: PlainRow & ~Copyable>(_ row: borrowing Row, into batch: RecordBatch) -> Bool {
        if closedByTotal { return false }
        // A cell that could open a total row (合计, 总计…) or starts oddly: let `map` decide.
        for index in 0..<min(4, row.count) {
            let bytes = row.bytes(index)
            guard !bytes.isEmpty, let first = Self.firstScalar(bytes) else { continue }
            if markerFirstScalars.contains(first) || Text.isSpace(first) || (0xFF01...0xFF5E).contains(first.value) { return false }
        }
        @inline(__always) func cell(_ field: Field) -> UnsafeBufferPointer<UInt8>? {
            columnOf[field.ordinal].map { row.bytes($0) }
        }
        @inline(__always) func text(_ field: Field) -> UnsafeBufferPointer<UInt8>? {
            guard let bytes = cell(field) else { return nil }
            let trimmed = Self.trim(bytes)
            return trimmed.isEmpty ? nil : trimmed
        }
        // `map` reads a workbook's number in a text column as its literal, and a number in the ID
        // column by rules of its own: left to it, as is a date cell anywhere but in a date column.
        for field in Self.textFields {
            if let column = columnOf[field.ordinal], row.kind(column) != .text { return false }
        }
        if let column = columnOf[Field.hours.ordinal], row.kind(column) == .date { return false }
        if let column = columnOf[Field.year.ordinal], row.kind(column) == .date { return false }
        // White space inside a text (a line break in a title) is folded by `map`, which makes a string.
        for field in Self.foldedFields {
            if let bytes = text(field), Text.needsFolding(bytes) { return false }
        }

        guard let idBytes = cell(.id), case .valid(let personKey) = ResidentID.checkPlain(idBytes),
              !plainWords.idHeader.withUnsafeBufferPointer(idBytes.hasSameBytes),
              let name = text(.name), let unit = text(.unit), let title = text(.title),
              let categoryWord = text(.category), let category = plainWords.category(categoryWord),
              let hoursText = text(.hours), let hundredths = Hours.plainDecimal(hoursText)
        else { return false }
        let hours = Hours(hundredths: hundredths)
        guard hours > .zero, hours <= profile.maxHoursPerRecord else { return false }

        var status = RecordStatus.approved
        if columnOf[Field.status.ordinal] != nil {
            guard let word = text(.status), let value = plainWords.status(word) else { return false }
            status = value
        }
        var form: LearningForm?
        if let word = text(.form) {
            guard let value = plainWords.form(word) else { return false }
            form = value
        }
        /// 0 for no date; nil when the cell is not a plain date. Only an empty cell is no date here:
        /// `map` decides what a cell of white space is.
        func date(_ field: Field) -> Int32? {
            guard let column = columnOf[field.ordinal] else { return 0 }
            let bytes = row.bytes(column)
            if bytes.isEmpty { return 0 }
            if row.kind(column) != .text { return Self.serialDate(bytes).map { Int32($0.yyyymmdd) } }
            guard case .date(let date) = CalendarDate.parsePlain(bytes) else { return nil }
            return Int32(date.yyyymmdd)
        }
        guard let start = date(.start), let end = date(.end), let registered = date(.registered) else { return false }
        if start != 0 && end != 0 && end < start { return false }

        let year: Int
        if let yearText = text(.year) {
            guard yearText.count == 4, let value = Self.digits(yearText), (1990...2100).contains(value) else { return false }
            year = value
        } else if end != 0 {
            year = Int(end) / 10_000
        } else if start != 0 {
            year = Int(start) / 10_000
        } else {
            return false
        }

        let organizer = text(.organizer)
        let digest = RecordKey.digest(id: idBytes, year: year, category: category, title: title, start: Int(start),
                                      end: Int(end), hours: hundredths)
        batch.append(RecordBatch.Entry(
            row: row.number, digest: digest, personKey: personKey, year: year, category: category, status: status,
            form: form, hours: hours, start: start, end: end, registered: registered,
            id: batch.store(idBytes), name: batch.store(name), unit: batch.store(unit), title: batch.store(title),
            organizer: organizer.map { batch.store($0) } ?? .none, formText: .none))
        return true
    }

    /// The text fields whose inner white space `map` folds.
    static let foldedFields: [Field] = [.name, .unit, .title, .organizer]
    /// The fields the fast path reads only from text cells.
    static let textFields: [Field] = [.id, .name, .unit, .title, .organizer, .category, .status, .form]

    /// The day of a workbook's serial written plainly ("45356", "45356.375"), exactly as `map` reads a
    /// number or date cell in a date column; nil for any other literal, which `map` must look at.
    static func serialDate(_ bytes: UnsafeBufferPointer<UInt8>) -> CalendarDate? {
        // Eight characters could be a date written as digits (20240305): `map` decides.
        guard let p = bytes.baseAddress, bytes.count != 8 else { return nil }
        var whole = 0, i = 0
        while i < bytes.count, p[i] >= 0x30 && p[i] <= 0x39 {
            guard i < 7 else { return nil }
            whole = whole * 10 + Int(p[i] - 0x30)
            i += 1
        }
        guard i > 0 else { return nil }
        if i < bytes.count {
            guard p[i] == UInt8(ascii: "."), i + 1 < bytes.count else { return nil }
            for k in (i + 1)..<bytes.count where !(p[k] >= 0x30 && p[k] <= 0x39) { return nil }
        }
        return CalendarDate(excelSerial: whole)
    }

    /// The bytes without surrounding white space, exactly as `Text.trim` trims (the bytes are valid UTF-8).
    static func trim(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard let p = bytes.baseAddress else { return bytes }
        var start = 0, end = bytes.count
        while start < end {
            let (scalar, length) = scalar(at: start, in: p, end: end)
            guard Text.isSpace(scalar) else { break }
            start += length
        }
        while end > start {
            var lead = end - 1
            while lead > start && p[lead] & 0xC0 == 0x80 { lead -= 1 }
            guard Text.isSpace(scalar(at: lead, in: p, end: end).scalar) else { break }
            end = lead
        }
        return UnsafeBufferPointer(start: p + start, count: end - start)
    }

    static func firstScalar(_ bytes: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
        guard let p = bytes.baseAddress, !bytes.isEmpty else { return nil }
        return scalar(at: 0, in: p, end: bytes.count).scalar
    }

    /// The scalar whose first byte is at `index` of valid UTF-8, and its length in bytes.
    @inline(__always)
    static func scalar(at index: Int, in p: UnsafePointer<UInt8>, end: Int) -> (scalar: Unicode.Scalar, length: Int) {
        let lead = UInt32(p[index])
        if lead < 0x80 { return (Unicode.Scalar(UInt8(lead)), 1) }
        var value: UInt32, length: Int
        if lead >= 0xF0 { value = lead & 0x07; length = 4 } else if lead >= 0xE0 { value = lead & 0x0F; length = 3 } else { value = lead & 0x1F; length = 2 }
        length = min(length, end - index)
        for k in 1..<max(length, 1) { value = value << 6 | UInt32(p[index + k] & 0x3F) }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    static func digits(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

}

/// The profile's words for categories, statuses and forms as bytes, exactly as `map` first looks them
/// up (the text as written, trimmed): a dozen words, so a scan beats hashing.
struct PlainWords {
    var categories: [([UInt8], Category)] = []
    var statuses: [([UInt8], RecordStatus)] = []
    var forms: [([UInt8], LearningForm)] = []
    /// The ID column's header as written: a repeated header row is left to `map`.
    var idHeader: [UInt8] = []

    init(_ header: HeaderMap) {
        categories = header.profile.categories.map { (Array($0.key.text.utf8), $0.value) }
        statuses = header.profile.statuses.map { (Array($0.key.text.utf8), $0.value) }
        forms = header.profile.forms.map { (Array($0.key.text.utf8), $0.value) }
        if let column = header.columns[.id], let written = header.headerTexts[column] { idHeader = Array(written.utf8) }
    }

    private static func find<Value>(_ bytes: UnsafeBufferPointer<UInt8>, in words: [([UInt8], Value)]) -> Value? {
        for (word, value) in words where word.withUnsafeBufferPointer(bytes.hasSameBytes) { return value }
        return nil
    }

    func category(_ bytes: UnsafeBufferPointer<UInt8>) -> Category? { Self.find(bytes, in: categories) }
    func status(_ bytes: UnsafeBufferPointer<UInt8>) -> RecordStatus? { Self.find(bytes, in: statuses) }
    func form(_ bytes: UnsafeBufferPointer<UInt8>) -> LearningForm? { Self.find(bytes, in: forms) }
}
