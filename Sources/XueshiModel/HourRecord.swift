/// One registered block of continuing-education hours, as the normaliser makes it from a row of an
/// export and as the ledger stores it.
public struct HourRecord: Hashable, Sendable {
    public var id: ResidentID
    public var name: String
    public var unit: String
    public var year: Int
    public var category: Category
    public var form: LearningForm?
    /// The form as the export wrote it, kept when it mapped to `other`.
    public var formText: String?
    public var title: String
    public var organizer: String?
    public var start: CalendarDate?
    public var end: CalendarDate?
    public var hours: Hours
    public var status: RecordStatus
    public var registered: CalendarDate?

    public init(id: ResidentID, name: String, unit: String, year: Int, category: Category,
                form: LearningForm? = nil, formText: String? = nil, title: String, organizer: String? = nil,
                start: CalendarDate? = nil, end: CalendarDate? = nil, hours: Hours,
                status: RecordStatus = .approved, registered: CalendarDate? = nil) {
        self.id = id; self.name = name; self.unit = unit; self.year = year; self.category = category
        self.form = form; self.formText = formText; self.title = title; self.organizer = organizer
        self.start = start; self.end = end; self.hours = hours; self.status = status; self.registered = registered
    }

    /// The date that decides whether a record counts as of a day: its end, else its start, else the day
    /// it was registered (DOMAIN.md).
    public var effectiveDate: CalendarDate? { end ?? start ?? registered }

    /// The identity of a record (DOMAIN.md): the same person, year, category, title, dates and hours
    /// are the same record, however often and from whichever export it is imported.
    public var key: RecordKey {
        RecordKey(id: id, year: year, category: category, title: title, start: start, end: end, hours: hours)
    }
}

/// The natural key of a record.
public struct RecordKey: Hashable, Sendable {
    public var id: ResidentID
    public var year: Int
    public var category: Category
    public var title: String
    public var start: CalendarDate?
    public var end: CalendarDate?
    public var hours: Hours

    public init(id: ResidentID, year: Int, category: Category, title: String, start: CalendarDate?, end: CalendarDate?, hours: Hours) {
        self.id = id; self.year = year; self.category = category; self.title = title
        self.start = start; self.end = end; self.hours = hours
    }

    /// A stable 64-bit digest of the key (FNV-1a over a fixed byte layout), stored in the ledger under a
    /// UNIQUE index: eight bytes per record instead of the whole key. Part of the ledger's format: it
    /// must never change. A rare collision of two different keys is resolved by the ledger, which
    /// compares the fields and probes further (see XueshiLedger).
    public var digest: Int64 {
        var id = id.value, title = title
        return id.withUTF8 { id in
            title.withUTF8 { title in
                Self.digest(id: id, year: year, category: category, title: title, start: start?.yyyymmdd ?? 0,
                            end: end?.yyyymmdd ?? 0, hours: hours.hundredths)
            }
        }
    }

    /// The digest from the key's parts as bytes (dates as yyyymmdd, 0 for none): what `digest` computes,
    /// for the importer's fast path, which has the bytes and no strings.
    public static func digest(id: UnsafeBufferPointer<UInt8>, year: Int, category: Category,
                              title: UnsafeBufferPointer<UInt8>, start: Int, end: Int, hours: Int64) -> Int64 {
        var hash = FNV1a()
        @inline(__always) func mixByte(_ byte: UInt8) { hash.add(byte) }
        // A unit separator after each field, so that "ab"+"c" differs from "a"+"bc".
        @inline(__always) func mixBytes(_ bytes: UnsafeBufferPointer<UInt8>) {
            for byte in bytes { mixByte(byte) }
            mixByte(0x1F)
        }
        /// The decimal digits of a number, as String(number) would write them, without making one.
        func mixNumber(_ number: Int64) {
            if number < 0 { mixByte(UInt8(ascii: "-")) }
            var magnitude = number.magnitude
            var divisor: UInt64 = 1
            while magnitude / divisor >= 10 { divisor *= 10 }
            while divisor > 0 {
                mixByte(UInt8(magnitude / divisor) + 0x30)
                magnitude %= divisor
                divisor /= 10
            }
            mixByte(0x1F)
        }
        mixBytes(id)
        mixNumber(Int64(year))
        let code: StaticString
        switch category {
        case .generalPublic: code = "general_public"
        case .industryPublic: code = "industry_public"
        case .professional: code = "professional"
        }
        code.withUTF8Buffer { mixBytes($0) }
        mixBytes(title)
        mixNumber(Int64(start))
        mixNumber(Int64(end))
        mixNumber(hours)
        return Int64(bitPattern: hash.value)
    }
}

/// FNV-1a, 64 bits: a quick hash of a few bytes, for the record key's digest and the import's maps.
public struct FNV1a {
    public var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    @inlinable @inline(__always)
    public mutating func add(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }

    @inlinable
    public mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
        for byte in bytes { add(byte) }
    }
}

/// A row of an export that could not be made into a record, and why: enough to find and fix it.
public struct RowError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// The row number as a spreadsheet shows it (1-based, counting title rows and blank rows).
    public var row: Int
    /// The column header as the file writes it (e.g. 身份证号), or nil when the row as a whole is wrong.
    public var column: String?
    /// The problem, in words for the user.
    public var reason: String

    public init(file: String, row: Int, column: String?, reason: String) {
        self.file = file; self.row = row; self.column = column; self.reason = reason
    }

    /// "exports/2024.csv 第 17 行，列「身份证号」：…"
    public var description: String {
        "\(file) 第 \(row) 行" + (column.map { "，列「\($0)」" } ?? "") + "：\(reason)"
    }
}
