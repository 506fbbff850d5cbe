/// The text of an Excel 2003 XML file as UTF-8, read in chunks and tokenized as it comes: a byte-order
/// mark, else the XML declaration's `encoding`, says how the bytes are decoded (UTF-8 when neither
/// does; GB2312, GBK and GB18030 as GB18030, which contains the other two; other names through iconv).
///
/// Memory: a chunk, the decoded chunk, and the one token cut by a chunk's end.
struct SpreadsheetMLSource {
    let path: String
    let displayName: String
    /// Bytes per read(2). Tests make it tiny to cut tags, entities and characters.
    var chunkSize: Int

    /// A single tag, comment or CDATA section longer than this is refused rather than buffered.
    static let maximumTokenBytes = 4 << 20
    /// Enough of the file's start to hold its byte-order mark and XML declaration.
    static let headBytes = 1024

    /// Calls `body` with each token and the window its offsets point into, in order, until the root
    /// element ends or `body` answers false. Errors thrown by `body` propagate unchanged.
    func forEachToken(_ body: (SpreadsheetMLToken, UnsafePointer<UInt8>) throws -> Bool) throws {
        let size = max(1, chunkSize)
        let file = try CSVFile(path: path, displayName: displayName)
        let raw = CSVByteBuffer(capacity: size + 16)
        let text = CSVByteBuffer(capacity: 2 * size + 64)

        var eof = false
        func read(into buffer: CSVByteBuffer) throws {
            buffer.reserve(size)
            let n = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer.free[..<size]))
            buffer.end += n
            eof = n == 0
        }
        while raw.count < Self.headBytes && !eof { try read(into: raw) }
        let encoding = try Self.encoding(of: raw)
        raw.start += encoding.byteOrderMark

        var transcoder: TextEncoding.Transcoder?
        if let name = encoding.iconvName {
            guard let made = TextEncoding.Transcoder(from: name) else {
                throw SpreadsheetMLError.encoding("文件声明的编码“\(encoding.declared)”本机无法识别，无法读取；请用 Excel 或 WPS 打开后另存为 .xlsx 再导入")
            }
            transcoder = made
        }
        func decode() throws {
            guard let transcoder else {
                text.reserve(raw.count)
                text.free.copyMemory(from: UnsafeRawBufferPointer(raw.bytes))
                text.end += raw.count
                raw.start = raw.end
                return
            }
            try Self.transcode(raw, into: text, with: transcoder, declared: encoding.declared)
        }
        try decode()

        var tokenizer = SpreadsheetMLTokenizer()
        while true {
            let atEnd = eof && raw.count == 0
            if text.count > 0 {
                let window = text.bytes
                let base = window.baseAddress!
                var p = 0
                var stopped = false
                while let token = try tokenizer.next(base, &p, end: window.count, atEnd: atEnd) {
                    if try !body(token, base) { stopped = true; break }
                }
                text.start += p
                if stopped || tokenizer.isFinished { return }
            }
            if eof {
                if raw.count > 0 {
                    throw SpreadsheetMLError.truncated("文件在一个 \(encoding.declared) 字符的中间结束")
                }
                try tokenizer.finish()
                return
            }
            if text.count > Self.maximumTokenBytes {
                throw SpreadsheetMLError.malformed("一个标签、注释或 CDATA 段落超过 \(Self.maximumTokenBytes >> 20) MB 仍未结束")
            }
            if transcoder == nil {
                try read(into: text)
            } else {
                try read(into: raw)
                try decode()
            }
        }
    }

    /// How the file's bytes are decoded.
    struct Encoding {
        /// nil: UTF-8, read as it is.
        var iconvName: String?
        /// The name for messages: as the file declares it, or the one the byte-order mark gave.
        var declared: String
        var byteOrderMark = 0
    }

    static func encoding(of head: CSVByteBuffer) throws -> Encoding {
        if head.hasPrefix([0xEF, 0xBB, 0xBF]) { return Encoding(iconvName: nil, declared: "UTF-8", byteOrderMark: 3) }
        if head.hasPrefix([0xFF, 0xFE]) { return Encoding(iconvName: "UTF-16LE", declared: "UTF-16", byteOrderMark: 2) }
        if head.hasPrefix([0xFE, 0xFF]) { return Encoding(iconvName: "UTF-16BE", declared: "UTF-16", byteOrderMark: 2) }
        // "<?" in UTF-16 without a byte-order mark.
        if head.hasPrefix([0x3C, 0x00, 0x3F, 0x00]) { return Encoding(iconvName: "UTF-16LE", declared: "UTF-16") }
        if head.hasPrefix([0x00, 0x3C, 0x00, 0x3F]) { return Encoding(iconvName: "UTF-16BE", declared: "UTF-16") }
        guard let declared = declaredEncoding(head.bytes) else { return Encoding(iconvName: nil, declared: "UTF-8") }
        switch TextEncoding(name: declared) {
        case .utf8:
            return Encoding(iconvName: nil, declared: declared)
        case .gb18030:
            return Encoding(iconvName: TextEncoding.gb18030.iconvName(), declared: declared)
        case .utf16:
            // The bytes read "<?xml" one byte a character, so they are not UTF-16 whatever the
            // declaration says (.NET writers declare utf-16 for text they then save as UTF-8).
            return Encoding(iconvName: nil, declared: declared)
        case nil:
            let key = declared.lowercased().filter { $0 != "-" && $0 != "_" }
            if key == "ascii" || key == "usascii" { return Encoding(iconvName: nil, declared: declared) }
            return Encoding(iconvName: declared, declared: declared)
        }
    }

    /// The `encoding` of an XML declaration at the very start of `head`, if there is one.
    static func declaredEncoding(_ head: UnsafeBufferPointer<UInt8>) -> String? {
        guard let b = head.baseAddress, head.count >= 6, XLSXXMLBytes.equals(b, 0, 5, "<?xml"),
              let close = XLSXXMLBytes.find("?>", b, from: 5, to: head.count),
              let key = XLSXXMLBytes.find("encoding", b, from: 5, to: close) else { return nil }
        var p = key + 8
        while p < close && XLSXXMLBytes.isSpace(b[p]) { p += 1 }
        guard p < close, b[p] == XLSXXMLBytes.equals else { return nil }
        p += 1
        while p < close && XLSXXMLBytes.isSpace(b[p]) { p += 1 }
        guard p < close, b[p] == XLSXXMLBytes.quote || b[p] == XLSXXMLBytes.apos,
              let end = XLSXXMLBytes.find(b[p], b, from: p + 1, to: close), end > p + 1 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: b + p + 1, count: end - p - 1), as: UTF8.self)
    }

    /// Converts what `raw` holds into `text`; a character cut by the end of the chunk stays in `raw`.
    private static func transcode(_ raw: CSVByteBuffer, into text: CSVByteBuffer, with transcoder: TextEncoding.Transcoder,
                                  declared: String) throws {
        // GB18030 takes at most 1.5 bytes of UTF-8 per byte, UTF-16 at most 1.5, single-byte ones 3.
        var room = 3 * raw.count + 16
        while raw.count > 0 {
            text.reserve(room)
            let step = transcoder.convert(UnsafeRawBufferPointer(raw.bytes), into: text.free)
            raw.start += step.read
            text.end += step.written
            switch step.outcome {
            case .invalid:
                let hint = TextEncoding(name: declared) == .gb18030 ? "（文件可能实为 UTF-8 编码，声明写错了）" : ""
                throw SpreadsheetMLError.encoding("文件声明为 \(declared) 编码，但含有不是 \(declared) 的字节\(hint)，无法读取；请用 WPS 或 Excel 打开核对后另存为 .xlsx 再导入")
            case .outputFull:
                room *= 2
            case .complete, .incomplete:
                return
            }
        }
    }
}
