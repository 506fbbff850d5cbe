#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits UTF-8 bytes into CSV records (RFC 4180, plus what Excel and sloppy exporters write) and
/// makes each one a `RawRow`.
///
/// It is fed the bytes in pieces: `parse` turns every complete record of the bytes it is given into
/// a row and returns how many bytes those records took; the caller keeps the rest (the start of an
/// unfinished record) and gives it again, with more bytes after it, on the next call. That record is
/// then scanned again from its start: cheap for records of a few hundred bytes against chunks of a
/// megabyte, and bounded by the reader's cap on a record's size. It scans bytes and makes one String
/// per non-empty field.
struct CSVParser {
    let delimiter: UInt8
    /// Whether fields must be checked as UTF-8 (bytes straight from a file; iconv's output is valid).
    let validatesUTF8: Bool
    /// The file as the user knows it, for errors.
    let file: String
    /// The number of the record being parsed, as a spreadsheet shows it (1-based).
    private(set) var rowNumber = 1
    /// Whether the last `parse` stopped inside a quoted field.
    private(set) var stoppedInQuotes = false
    /// The last record ended with a CR at the very end of the bytes: an LF that opens the next
    /// bytes belongs to that line break.
    private var skipsLineFeed = false
    /// The current record's fields, and the bytes of those that had quotes to undo.
    private var spans: [CSVFields.Span] = []
    private var scratch: [UInt8] = []

    private static let quote: UInt8 = 0x22
    private static let lineFeed: UInt8 = 0x0A
    private static let carriageReturn: UInt8 = 0x0D

    init(delimiter: UInt8, validatesUTF8: Bool, file: String) {
        self.delimiter = delimiter
        self.validatesUTF8 = validatesUTF8
        self.file = file
    }

    /// Calls `body` with each complete record of `buffer`, and with the last one, unterminated,
    /// when `atEnd` says that no bytes follow. Returns the count of bytes consumed.
    mutating func parse(
        _ buffer: UnsafeBufferPointer<UInt8>, atEnd: Bool, _ body: (RawRow) throws -> Void
    ) throws -> Int {
        try parseFields(buffer, atEnd: atEnd) { try body($0.rawRow()) }
    }

    /// Like `parse`, but hands over each record as its fields' bytes, without making strings: the
    /// importer's fast path reads the common rows straight from them. Fields are checked to be valid
    /// UTF-8 here, whichever way they are read.
    mutating func parseFields(
        _ buffer: UnsafeBufferPointer<UInt8>, atEnd: Bool, _ body: (borrowing CSVFields) throws -> Void
    ) throws -> Int {
        stoppedInQuotes = false
        guard let p = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let n = buffer.count
        let quote = CSVParser.quote, lf = CSVParser.lineFeed, cr = CSVParser.carriageReturn
        let delimiter = self.delimiter
        // Bytes above this one are never special outside quotes (Chinese text is all above it).
        let plainAbove = max(delimiter, cr)

        var i = 0
        if skipsLineFeed {
            skipsLineFeed = false
            if p[0] == lf { i = 1 }
        }
        var recordStart = i
        spans.removeAll(keepingCapacity: true)
        scratch.removeAll(keepingCapacity: true)

        while true {
            // A field starts at i; `end` becomes the index of the byte after it (its terminator or n).
            let end: Int
            if i < n && p[i] == quote {
                var j = i + 1
                var escaped = false
                var close: Int
                while true {
                    guard let found = memchr(p + j, Int32(quote), n - j) else {
                        if atEnd { throw unterminatedQuote() }
                        stoppedInQuotes = true
                        return recordStart
                    }
                    let q = UnsafeRawPointer(found) - UnsafeRawPointer(p)
                    if q + 1 < n {
                        if p[q + 1] == quote {
                            escaped = true
                            j = q + 2
                            continue
                        }
                    } else if !atEnd {
                        stoppedInQuotes = true  // the next byte decides: a doubled quote or the closing one
                        return recordStart
                    }
                    close = q
                    break
                }
                // Text between the closing quote and the delimiter is kept, as Excel does.
                var k = close + 1
                while k < n {
                    let c = p[k]
                    if c == delimiter || c == lf || c == cr { break }
                    k += 1
                }
                if k == n && !atEnd { return recordStart }
                end = k
                if !escaped && k == close + 1 {
                    try addField(p + i + 1, offset: i + 1, count: close - i - 1, ascii: false)
                } else {
                    try addUnescapedField(p, open: i, close: close, end: k)
                }
            } else {
                // Unquoted: a quote inside is an ordinary character.
                var k = i
                var bits: UInt8 = 0  // the bytes OR-ed together: ASCII text needs no UTF-8 check
                while k < n {
                    let c = p[k]
                    bits |= c
                    if c > plainAbove { k += 1; continue }
                    if c == delimiter || c == lf || c == cr { break }
                    k += 1
                }
                if k == n {
                    if !atEnd { return recordStart }
                    if k == recordStart { return n }  // nothing after the last line break
                }
                end = k
                try addField(p + i, offset: i, count: k - i, ascii: bits < 0x80)
            }

            if end < n && p[end] == delimiter {
                i = end + 1
                continue
            }
            // The record ends: at a line break, or at the end of the data.
            try spans.withUnsafeBufferPointer { spans in
                try scratch.withUnsafeBufferPointer { scratch in
                    try body(CSVFields(number: rowNumber, base: p, scratch: scratch.baseAddress, spans: spans))
                }
            }
            rowNumber += 1
            spans.removeAll(keepingCapacity: true)
            scratch.removeAll(keepingCapacity: true)
            if end == n { return n }
            i = end + 1
            if p[end] == cr {
                if i < n {
                    if p[i] == lf { i += 1 }
                } else if !atEnd {
                    skipsLineFeed = true
                }
            }
            recordStart = i
        }
    }

    /// Notes a field at `offset` in the buffer, checking that it is UTF-8.
    @inline(__always)
    private mutating func addField(_ start: UnsafePointer<UInt8>, offset: Int, count: Int, ascii: Bool) throws {
        try checkLimits(adding: count)
        if validatesUTF8 && !ascii && count > 0 && !UTF8Check.isValid(UnsafeBufferPointer(start: start, count: count)) {
            throw invalidUTF8()
        }
        spans.append(CSVFields.Span(offset: Int32(offset), count: Int32(count), inScratch: false))
    }

    /// A quoted field with doubled quotes inside or text after its closing quote: `p[open]` is the
    /// opening quote, `p[close]` the closing one, `p[end]` the byte after the field. Its bytes, the
    /// quotes undone, go to the record's scratch bytes.
    private mutating func addUnescapedField(_ p: UnsafePointer<UInt8>, open: Int, close: Int, end: Int) throws {
        let offset = scratch.count
        var j = open + 1
        while j < close {
            let c = p[j]
            scratch.append(c)
            // Between the quotes, every quote is the first of a doubled pair (parse found them so).
            j += c == CSVParser.quote ? 2 : 1
        }
        scratch.append(contentsOf: UnsafeBufferPointer(start: p + close + 1, count: end - close - 1))
        let count = scratch.count - offset
        try checkLimits(adding: count)
        if validatesUTF8 {
            let valid = scratch.withUnsafeBufferPointer { UTF8Check.isValid(UnsafeBufferPointer(rebasing: $0[offset...])) }
            if !valid { throw invalidUTF8() }
        }
        spans.append(CSVFields.Span(offset: Int32(offset), count: Int32(count), inScratch: true))
    }

    /// A field longer than Excel's cell can be (32,767 characters) by far, or a record with more fields
    /// than Excel has columns, is no export: refused, naming the limit, before it costs memory.
    static let maximumFieldBytes = 1 << 20
    static let maximumFields = 16_384

    @inline(__always)
    private func checkLimits(adding count: Int) throws {
        if count > Self.maximumFieldBytes {
            throw ReadError(file: file, reason: "第 \(rowNumber) 行第 \(spans.count + 1) 个字段超过 \(Self.maximumFieldBytes >> 20) MiB"
                + "（上限 maximumFieldBytes；Excel 一个单元格最多 32,767 个字符）：这不像是系统导出的文件。")
        }
        if spans.count >= Self.maximumFields {
            throw ReadError(file: file, reason: "第 \(rowNumber) 行的字段多于 \(Self.maximumFields) 个"
                + "（上限 maximumFields，即 Excel 的最大列数 XFD）：这不像是系统导出的文件。")
        }
    }

    private func unterminatedQuote() -> ReadError {
        ReadError(file: file, reason: "第 \(rowNumber) 行：引号未闭合，从这一行起的带引号字段一直延续到文件末尾。"
            + "请检查这一行的双引号是否成对（字段中的引号应写成两个 \"\"）。")
    }

    /// At the top of the file, the whole file is in another encoding (a GBK file read as UTF-8); further
    /// down, after rows that were valid UTF-8, one line is damaged or pasted from another encoding, and
    /// reading the file as GBK would only garble the rest.
    private func invalidUTF8() -> ReadError {
        if rowNumber <= Self.rowsThatTellTheEncoding {
            return ReadError(file: file, reason: "第 \(rowNumber) 行含有无效的 UTF-8 字节：文件可能是 GB18030/GBK 编码"
                + "（Excel 在中文 Windows 上另存的 CSV 就是这样）。", remedy: .pinEncoding(.gb18030))
        }
        return ReadError(file: file, reason: "第 \(rowNumber) 行含有无效的 UTF-8 字节，而此前的 \(rowNumber - 1) 行都是有效的 UTF-8："
            + "这一行可能已损坏，或混入了其他编码（如 GBK）的文字。请用 Excel 或 WPS 打开文件、改正这一行后另存为 CSV（UTF-8）再导入。")
    }

    /// Rows before the first bad byte beyond which the file's encoding is taken as known.
    static let rowsThatTellTheEncoding = 3
}

/// One CSV record as its fields' bytes, lent for the duration of a call: valid UTF-8 (checked), quotes
/// removed, doubled quotes undone, nothing trimmed.
public struct CSVFields: PlainRow, ~Copyable {
    struct Span {
        var offset: Int32
        var count: Int32
        var inScratch: Bool
    }

    /// The row number as a spreadsheet shows it.
    public let number: Int
    let base: UnsafePointer<UInt8>
    let scratch: UnsafePointer<UInt8>?
    let spans: UnsafeBufferPointer<Span>

    public var count: Int { spans.count }

    /// The bytes of field `index`; empty past the last field.
    @inline(__always)
    public func bytes(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        guard index < spans.count else { return UnsafeBufferPointer(start: nil, count: 0) }
        let span = spans[index]
        let start = span.inScratch ? scratch! + Int(span.offset) : base + Int(span.offset)
        return UnsafeBufferPointer(start: start, count: Int(span.count))
    }

    /// Every field is text.
    @inline(__always)
    public func kind(_ index: Int) -> PlainCellKind { .text }

    /// The record as a row of text cells: what the general path reads.
    public func rawRow() -> RawRow {
        var cells: [RawCell] = []
        cells.reserveCapacity(spans.count)
        for index in 0..<spans.count {
            let field = bytes(index)
            cells.append(field.isEmpty ? .empty : .text(String(decoding: field, as: UTF8.self)))
        }
        return RawRow(number: number, cells: cells)
    }
}

/// UTF-8 validation without making a string (RFC 3629: no overlong forms, no surrogates, nothing past
/// U+10FFFF).
enum UTF8Check {
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = bytes.baseAddress else { return true }
        let n = bytes.count
        var i = 0
        while i < n {
            let lead = p[i]
            if lead < 0x80 { i += 1; continue }
            @inline(__always) func continuation(_ k: Int) -> Bool { i + k < n && p[i + k] & 0xC0 == 0x80 }
            switch lead {
            case 0xC2...0xDF:
                guard continuation(1) else { return false }
                i += 2
            case 0xE0...0xEF:
                guard continuation(1), continuation(2) else { return false }
                let second = p[i + 1]
                if lead == 0xE0 && second < 0xA0 { return false }  // overlong
                if lead == 0xED && second > 0x9F { return false }  // surrogates
                i += 3
            case 0xF0...0xF4:
                guard continuation(1), continuation(2), continuation(3) else { return false }
                let second = p[i + 1]
                if lead == 0xF0 && second < 0x90 { return false }  // overlong
                if lead == 0xF4 && second > 0x8F { return false }  // past U+10FFFF
                i += 4
            default:
                return false
            }
        }
        return true
    }
}
