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
    private var cellCapacity = 16
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
        var cells: [RawCell] = []
        cells.reserveCapacity(cellCapacity)

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
                    cells.append(try cell(p + i + 1, count: close - i - 1))
                } else {
                    cells.append(try unescapedCell(p, open: i, close: close, end: k))
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
                cells.append(try cell(p + i, count: k - i, ascii: bits < 0x80))
            }

            if end < n && p[end] == delimiter {
                i = end + 1
                continue
            }
            // The record ends: at a line break, or at the end of the data.
            try body(RawRow(number: rowNumber, cells: cells))
            rowNumber += 1
            cellCapacity = cells.count
            cells = []
            cells.reserveCapacity(cellCapacity)
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

    @inline(__always)
    private func cell(_ start: UnsafePointer<UInt8>, count: Int, ascii: Bool = false) throws -> RawCell {
        if count == 0 { return .empty }
        let bytes = UnsafeBufferPointer(start: start, count: count)
        if validatesUTF8 && !ascii {
            guard let text = CSVParser.validatedString(bytes) else { throw invalidUTF8() }
            return .text(text)
        }
        return .text(String(decoding: bytes, as: UTF8.self))
    }

    /// A quoted field with doubled quotes inside or text after its closing quote: `p[open]` is the
    /// opening quote, `p[close]` the closing one, `p[end]` the byte after the field.
    private mutating func unescapedCell(_ p: UnsafePointer<UInt8>, open: Int, close: Int, end: Int) throws -> RawCell {
        scratch.removeAll(keepingCapacity: true)
        var j = open + 1
        while j < close {
            let c = p[j]
            scratch.append(c)
            // Between the quotes, every quote is the first of a doubled pair (parse found them so).
            j += c == CSVParser.quote ? 2 : 1
        }
        scratch.append(contentsOf: UnsafeBufferPointer(start: p + close + 1, count: end - close - 1))
        return try scratch.withUnsafeBufferPointer { try cell($0.baseAddress!, count: $0.count) }
    }

    /// The text of `bytes` when they are valid UTF-8.
    static func validatedString(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        // Decoding replaces each invalid sequence with U+FFFD, whose own bytes (EF BF BD) are valid:
        // the bytes come back unchanged exactly when they were valid. (`String(validating:as:)` is
        // generic, unspecialised in the standard library, and three times slower here.)
        guard let base = bytes.baseAddress, bytes.count > 0 else { return "" }
        var text = String(decoding: bytes, as: UTF8.self)
        let unchanged = text.withUTF8 {
            $0.count == bytes.count && memcmp($0.baseAddress!, base, bytes.count) == 0
        }
        return unchanged ? text : nil
    }

    private func unterminatedQuote() -> ReadError {
        ReadError(file: file, reason: "第 \(rowNumber) 行：引号未闭合，从这一行起的带引号字段一直延续到文件末尾。"
            + "请检查这一行的双引号是否成对（字段中的引号应写成两个 \"\"）。")
    }

    private func invalidUTF8() -> ReadError {
        ReadError(file: file, reason: "第 \(rowNumber) 行含有无效的 UTF-8 字节：文件可能是 GB18030/GBK 编码"
            + "（Excel 在中文 Windows 上另存的 CSV 就是这样），请加上 --encoding gb18030 再试。")
    }
}
