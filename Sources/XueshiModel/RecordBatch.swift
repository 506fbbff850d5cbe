#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Records on their way from the reader to the ledger, about a thousand at a time, with all their
/// texts in one block of bytes. A million-row import would otherwise make and free four or five
/// strings per record on two threads; here a batch is one allocation that grows, and the ledger binds
/// the texts straight from it. Filled by one thread, then handed over and only read.
public final class RecordBatch: @unchecked Sendable {
    /// A text in the batch's bytes; `length` -1 for no text.
    public struct TextSpan: Sendable {
        public var offset: Int32
        public var length: Int32
        public static let none = TextSpan(offset: 0, length: -1)
        public var isNone: Bool { length < 0 }
    }

    /// One record: numbers as the ledger stores them, texts as spans.
    public struct Entry: Sendable {
        /// The row as a spreadsheet shows it.
        public var row: Int
        /// `RecordKey.digest`.
        public var digest: Int64
        /// `ResidentID.packed`.
        public var personKey: Int64
        public var year: Int
        public var category: Category
        public var status: RecordStatus
        public var form: LearningForm?
        public var hours: Hours
        /// yyyymmdd, 0 for no date.
        public var start: Int32, end: Int32, registered: Int32
        public var id: TextSpan, name: TextSpan, unit: TextSpan, title: TextSpan, organizer: TextSpan, formText: TextSpan

        public init(row: Int, digest: Int64, personKey: Int64, year: Int, category: Category, status: RecordStatus,
                    form: LearningForm?, hours: Hours, start: Int32, end: Int32, registered: Int32,
                    id: TextSpan, name: TextSpan, unit: TextSpan, title: TextSpan, organizer: TextSpan, formText: TextSpan) {
            self.row = row; self.digest = digest; self.personKey = personKey; self.year = year; self.category = category
            self.status = status; self.form = form; self.hours = hours; self.start = start; self.end = end
            self.registered = registered; self.id = id; self.name = name; self.unit = unit; self.title = title
            self.organizer = organizer; self.formText = formText
        }
    }

    public private(set) var entries: [Entry] = []
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var used = 0

    public init(expectedRecords: Int = 1024) {
        capacity = max(256, expectedRecords * 160)
        storage = .allocate(capacity: capacity)
        entries.reserveCapacity(expectedRecords)
    }

    deinit { storage.deallocate() }

    /// The start of the batch's bytes: spans are offsets from it. Stable once the batch is filled.
    public var base: UnsafePointer<UInt8> { UnsafePointer(storage) }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    /// The bytes of a span (nil for no text); valid as long as the batch lives and is not appended to.
    @inline(__always)
    public func bytes(_ span: TextSpan) -> UnsafeBufferPointer<UInt8>? {
        span.isNone ? nil : UnsafeBufferPointer(start: storage + Int(span.offset), count: Int(span.length))
    }

    /// The bytes of a span from a batch's `base`, for loops that read many entries of one batch.
    @inline(__always)
    public static func bytes(_ span: TextSpan, at base: UnsafePointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        span.isNone ? nil : UnsafeBufferPointer(start: base + Int(span.offset), count: Int(span.length))
    }

    public func string(_ span: TextSpan) -> String? {
        bytes(span).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Copies bytes (valid UTF-8) into the batch.
    public func store(_ bytes: UnsafeBufferPointer<UInt8>) -> TextSpan {
        reserve(bytes.count)
        if let base = bytes.baseAddress, bytes.count > 0 { (storage + used).update(from: base, count: bytes.count) }
        let span = TextSpan(offset: Int32(used), length: Int32(bytes.count))
        used += bytes.count
        return span
    }

    public func store(_ text: String?) -> TextSpan {
        guard var text else { return .none }
        return text.withUTF8 { store($0) }
    }

    private func reserve(_ more: Int) {
        guard used + more > capacity else { return }
        precondition(used + more < Int(Int32.max), "a record batch holds less than 2 GiB of text")
        var newCapacity = capacity * 2
        while newCapacity < used + more { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: storage, count: used)
        storage.deallocate()
        storage = grown
        capacity = newCapacity
    }

    public func append(_ entry: Entry) { entries.append(entry) }

    /// Adds a record made by the general path.
    public func append(_ record: HourRecord, row: Int, digest: Int64? = nil) {
        entries.append(Entry(
            row: row, digest: digest ?? record.key.digest, personKey: record.id.packed, year: record.year,
            category: record.category, status: record.status, form: record.form, hours: record.hours,
            start: Int32(record.start?.yyyymmdd ?? 0), end: Int32(record.end?.yyyymmdd ?? 0),
            registered: Int32(record.registered?.yyyymmdd ?? 0),
            id: store(record.id.value), name: store(record.name), unit: store(record.unit), title: store(record.title),
            organizer: store(record.organizer), formText: store(record.formText)))
    }

    /// The record at `index`, with strings: for tests and for the rare paths that need one.
    public func record(at index: Int) -> HourRecord {
        let entry = entries[index]
        func date(_ value: Int32) -> CalendarDate? { value == 0 ? nil : CalendarDate(yyyymmdd: Int(value)) }
        return HourRecord(id: ResidentID(trusted: string(entry.id)!), name: string(entry.name)!, unit: string(entry.unit)!,
                          year: entry.year, category: entry.category, form: entry.form, formText: string(entry.formText),
                          title: string(entry.title)!, organizer: string(entry.organizer), start: date(entry.start),
                          end: date(entry.end), hours: entry.hours, status: entry.status, registered: date(entry.registered))
    }
}

extension RecordBatch.Entry {
    /// The date a record counts on, as the verifier's query has it: its end, else its start, else its
    /// registration, else 1 January of its year (yyyymmdd).
    public var countedDate: Int32 {
        end != 0 ? end : start != 0 ? start : registered != 0 ? registered : Int32(year) * 10_000 + 101
    }
}
