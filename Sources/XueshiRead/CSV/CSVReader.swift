/// Reads the rows of a CSV file, streaming: the file is read in large chunks, decoded to UTF-8 (by
/// iconv for GB18030 and UTF-16), and split into rows by scanning bytes, so memory stays about a
/// chunk large whatever the size of the file.
///
/// Every field becomes `.text` with its text exactly as in the file (quotes removed, doubled quotes
/// undone, nothing trimmed), an empty field `.empty`. A blank line is a row of one empty cell, and
/// counts in the row numbers, as in a spreadsheet.
///
/// ```swift
/// let detection = try CSVReader.detect(path: path, displayName: name) { profile.isHeader($0) }
/// guard let format = detection.format else { … show detection.sampleRows … }
/// var reader = try CSVReader(path: path, displayName: name, format: format)
/// reader.onRawChunk = { hasher.update(bufferPointer: $0) }
/// try reader.forEachRow { row in … }
/// ```
public struct CSVReader: RowReader {
    public let path: String
    /// The file as the user knows it: the name errors give.
    public let displayName: String
    public let format: CSVFormat

    /// Called with every chunk of the file's raw bytes as they are read (before decoding), in order,
    /// so the caller can hash the file (SHA-256) and show progress in the same pass. The bytes are
    /// only valid during the call.
    public var onRawChunk: ((UnsafeRawBufferPointer) -> Void)?

    /// How many bytes one read(2) asks for. Tests make it tiny to cut characters and line breaks.
    var chunkSize = 1 << 20
    /// A record longer than this is an error (an unclosed quote, or not a CSV file) rather than a
    /// reason to hold the whole file in memory.
    var maxRecordSize = 16 << 20

    /// Checks that the file can be opened; reading starts with `forEachRow`.
    public init(path: String, displayName: String, format: CSVFormat) throws {
        self.path = path
        self.displayName = displayName
        self.format = format
        _ = try CSVFile(path: path, displayName: displayName)
    }

    public func forEachRow(_ body: (RawRow) throws -> Void) throws {
        try forEachRecord { try body($0.rawRow()) }
    }

    /// Calls `body` with each record as its fields' bytes, in order, without making strings.
    public func forEachRecord(_ body: (borrowing CSVFields) throws -> Void) throws {
        let file = try CSVFile(path: path, displayName: displayName)
        if format.encoding == .utf8 {
            try readUTF8(file, body)
        } else {
            try readTranscoded(file, body)
        }
    }

    static let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF]
    static let utf16LEBOM: [UInt8] = [0xFF, 0xFE]
    static let utf16BEBOM: [UInt8] = [0xFE, 0xFF]

    /// UTF-8 needs no decoding: the bytes are read straight into the buffer the parser scans.
    private func readUTF8(_ file: CSVFile, _ body: (borrowing CSVFields) throws -> Void) throws {
        let buffer = CSVByteBuffer(capacity: 2 * chunkSize)
        var parser = CSVParser(delimiter: format.delimiter, validatesUTF8: true, file: displayName)
        var atStart = true
        while true {
            buffer.reserve(chunkSize)
            let n = try read(file, into: buffer)
            let atEnd = n == 0
            if atStart {
                if buffer.count < CSVReader.utf8BOM.count && !atEnd { continue }
                if buffer.hasPrefix(CSVReader.utf8BOM) { buffer.start += CSVReader.utf8BOM.count }
                atStart = false
            }
            buffer.start += try parser.parseFields(buffer.bytes, atEnd: atEnd, body)
            if atEnd { return }
            try checkRecordSize(buffer.count, parser)
        }
    }

    /// GB18030 and UTF-16: raw chunks go through iconv into the buffer the parser scans; a
    /// character cut by the end of a chunk waits in `raw` for the next one.
    private func readTranscoded(_ file: CSVFile, _ body: (borrowing CSVFields) throws -> Void) throws {
        let raw = CSVByteBuffer(capacity: chunkSize + 16)
        let text = CSVByteBuffer(capacity: 2 * chunkSize)
        var parser = CSVParser(delimiter: format.delimiter, validatesUTF8: false, file: displayName)
        var transcoder: TextEncoding.Transcoder?
        while true {
            raw.reserve(chunkSize)
            let n = try read(file, into: raw)
            let atEnd = n == 0
            let current: TextEncoding.Transcoder
            if let transcoder {
                current = transcoder
            } else {
                if raw.count < 2 && !atEnd { continue }  // a UTF-16 byte-order mark decides the byte order
                current = try makeTranscoder(skippingBOMOf: raw)
                transcoder = current
            }
            // GB18030 and UTF-16 never take more than 1.5 bytes of UTF-8 per byte.
            var room = 2 * raw.count + 16
            while raw.count > 0 {
                text.reserve(room)
                let step = current.convert(UnsafeRawBufferPointer(raw.bytes), into: text.free)
                raw.start += step.read
                text.end += step.written
                if step.outcome == .invalid {
                    text.start += try parser.parseFields(text.bytes, atEnd: false, body)
                    throw invalidBytes(at: parser.rowNumber)
                }
                if step.outcome != .outputFull { break }
                room *= 2
            }
            // Left in `raw` now: a character that the next chunk completes.
            text.start += try parser.parseFields(text.bytes, atEnd: atEnd && raw.count == 0, body)
            if atEnd {
                if raw.count > 0 { throw truncatedCharacter(at: parser.rowNumber) }
                return
            }
            try checkRecordSize(text.count, parser)
        }
    }

    private func read(_ file: CSVFile, into buffer: CSVByteBuffer) throws -> Int {
        let n = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer.free[..<chunkSize]))
        if n > 0, let onRawChunk {
            onRawChunk(UnsafeRawBufferPointer(rebasing: buffer.free[..<n]))
        }
        buffer.end += n
        return n
    }

    private func makeTranscoder(skippingBOMOf raw: CSVByteBuffer) throws -> TextEncoding.Transcoder {
        var bigEndian = format.bigEndian
        if format.encoding == .utf16 {
            if raw.hasPrefix(CSVReader.utf16LEBOM) {
                raw.start += 2
            } else if raw.hasPrefix(CSVReader.utf16BEBOM) {
                raw.start += 2
                bigEndian = true
            }
        }
        guard let name = format.encoding.iconvName(bigEndian: bigEndian),
              let transcoder = TextEncoding.Transcoder(from: name)
        else {
            throw ReadError(file: displayName, reason: "本机的 iconv 不支持 \(format.encoding.displayName) 编码，无法读取这个文件。")
        }
        return transcoder
    }

    private func checkRecordSize(_ pending: Int, _ parser: CSVParser) throws {
        guard pending > maxRecordSize else { return }
        let limit = maxRecordSize >= 1 << 20 ? "\(maxRecordSize >> 20) MiB" : "\(maxRecordSize) 字节"
        if parser.stoppedInQuotes {
            throw ReadError(file: displayName, reason: "第 \(parser.rowNumber) 行：引号未闭合，从这一行起的带引号字段超过 \(limit) 仍未结束。"
                + "请检查这一行的双引号是否成对（字段中的引号应写成两个 \"\"）。")
        }
        throw ReadError(file: displayName, reason: "第 \(parser.rowNumber) 行超过 \(limit) 仍未结束：这不像是 CSV 文件。")
    }

    private func invalidBytes(at row: Int) -> ReadError {
        switch format.encoding {
        case .gb18030 where row <= CSVParser.rowsThatTellTheEncoding:
            return ReadError(file: displayName, reason: "第 \(row) 行含有无效的 GB18030 字节：文件可能是 UTF-8 编码。",
                             remedy: .pinEncoding(.utf8))
        case .gb18030:
            // The rows before it were GBK: one damaged line (a byte lost, text pasted from elsewhere),
            // not a file in another encoding.
            return ReadError(file: displayName, reason: "第 \(row) 行有不是 GB18030/GBK 字符的字节，而此前的 \(row - 1) 行都能正常读出："
                + "这一行可能已损坏，或混入了其他编码的文字。请用 Excel 或 WPS 打开文件、改正这一行后另存为 CSV 或 .xlsx 再导入。")
        default:
            return ReadError(file: displayName, reason: "第 \(row) 行含有无效的 \(format.encoding.displayName) 数据：请确认文件的编码。",
                             remedy: .pinEncoding(nil))
        }
    }

    private func truncatedCharacter(at row: Int) -> ReadError {
        ReadError(file: displayName, reason: "第 \(row) 行：文件在一个 \(format.encoding.displayName) 字符的中间结束，"
            + "文件可能不完整，或者编码不是 \(format.encoding.displayName)。")
    }
}
