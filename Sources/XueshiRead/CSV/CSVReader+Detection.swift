extension CSVReader {
    /// What `detect` found at the start of a file.
    public struct Detection: Sendable {
        /// The encoding and delimiter under which some row of the file's start passed `accept`; nil
        /// when none did.
        public var format: CSVFormat?
        /// The first rows of the file (at most 100), decoded with `format` or, when it is nil, with
        /// the best guess: what to show a user whose file was not recognised.
        public var sampleRows: [RawRow]

        public init(format: CSVFormat?, sampleRows: [RawRow]) {
            self.format = format
            self.sampleRows = sampleRows
        }
    }

    static let sampleByteLimit = 64 << 10
    static let sampleRowLimit = 100

    /// Detects the format from the start of the file (its first 64 KiB, at most 100 rows).
    ///
    /// A byte-order mark decides the encoding (UTF-8, UTF-16 LE or BE). Otherwise each candidate
    /// encoding is tried in order, UTF-8 (only when the sample is valid UTF-8) then GB18030, with
    /// each delimiter (comma, tab, semicolon), and a candidate is taken only when some row, decoded
    /// with it, satisfies `accept` (the caller checks that the row is a header row it knows):
    /// the GBK bytes of many short Chinese texts are valid UTF-8 too, so "it decoded" proves nothing.
    /// `pinned` fixes the encoding (the user's `--encoding`); the delimiter is still detected.
    public static func detect(
        path: String, displayName: String, pinned: TextEncoding? = nil, accept: (RawRow) -> Bool
    ) throws -> Detection {
        let file = try CSVFile(path: path, displayName: displayName)
        // One byte more than the sample tells whether the sample is the whole file.
        var bytes = [UInt8](repeating: 0, count: sampleByteLimit + 1)
        let count = try bytes.withUnsafeMutableBytes { try file.readFully(into: $0) }
        let wholeFile = count <= sampleByteLimit
        bytes.removeSubrange(min(count, sampleByteLimit)...)

        let candidates: [TextEncoding]
        var bigEndian = false
        if let pinned {
            candidates = [pinned]
            bigEndian = pinned == .utf16 && encodingMarked(bytes) == nil && looksLikeUTF16(bytes, bigEndian: true)
        } else if let marked = encodingMarked(bytes) {
            candidates = [marked]
        } else if looksLikeUTF16(bytes, bigEndian: false) {
            candidates = [.utf16]
        } else if looksLikeUTF16(bytes, bigEndian: true) {
            candidates = [.utf16]
            bigEndian = true
        } else {
            candidates = (isUTF8(bytes, cut: !wholeFile) ? [.utf8] : []) + [.gb18030]
        }

        var guess: (rows: [RawRow], width: Int, format: CSVFormat)?
        for encoding in candidates {
            let (text, complete) = decodeSample(bytes, as: encoding, wholeFile: wholeFile, bigEndian: bigEndian)
            for delimiter in CSVFormat.delimiters {
                let format = CSVFormat(encoding: encoding, delimiter: delimiter, bigEndian: bigEndian)
                let rows = sampleRows(text, format: format, complete: complete, file: displayName)
                if rows.contains(where: accept) {
                    return Detection(format: format, sampleRows: rows)
                }
                // The best guess: the first candidate encoding, with the delimiter that splits some
                // row into the most cells.
                let width = rows.map(\.cells.count).max() ?? 0
                if guess == nil || (encoding == guess!.format.encoding && width > guess!.width) {
                    guess = (rows, width, format)
                }
            }
        }
        return Detection(format: nil, sampleRows: guess?.rows ?? [])
    }

    /// The encoding a byte-order mark at the start of `bytes` names.
    static func encodingMarked(_ bytes: [UInt8]) -> TextEncoding? {
        if bytes.starts(with: utf8BOM) { return .utf8 }
        if bytes.starts(with: utf16LEBOM) || bytes.starts(with: utf16BEBOM) { return .utf16 }
        return nil
    }

    /// UTF-16 without a byte-order mark, as some programs save "Unicode text": neither UTF-8 nor GB18030
    /// text ever holds a zero byte, and the ASCII of an export (digits of IDs and dates, commas) puts one
    /// beside nearly every such character: after it (odd offsets) little-endian, before it (even) big-endian.
    static func looksLikeUTF16(_ bytes: [UInt8], bigEndian: Bool) -> Bool {
        var odd = 0, even = 0
        for (index, byte) in bytes.prefix(4096).enumerated() where byte == 0 {
            if index % 2 == 1 { odd += 1 } else { even += 1 }
        }
        return bigEndian ? even >= 8 && odd * 10 <= even : odd >= 8 && even * 10 <= odd
    }

    /// Whether `bytes` is valid UTF-8, ignoring, when `cut`, a multi-byte sequence that the end of
    /// the sample cut short.
    static func isUTF8(_ bytes: [UInt8], cut: Bool) -> Bool {
        var end = bytes.count
        if cut {
            // Find the lead byte of the last sequence (at most 3 bytes back) and drop it if unfinished.
            var i = end - 1
            while i >= 0 && i >= end - 3 && bytes[i] & 0xC0 == 0x80 { i -= 1 }
            if i >= 0 {
                let lead = bytes[i]
                let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
                if i + length > end { end = i }
            }
        }
        return bytes.withUnsafeBufferPointer {
            UTF8Check.isValid(UnsafeBufferPointer(rebasing: $0[..<end]))
        }
    }

    /// The sample as UTF-8, without its byte-order mark, up to the first byte that is not valid in
    /// `encoding`; `complete` when that is the whole file.
    static func decodeSample(_ bytes: [UInt8], as encoding: TextEncoding, wholeFile: Bool, bigEndian noMarkBigEndian: Bool = false) -> (text: [UInt8], complete: Bool) {
        switch encoding {
        case .utf8:
            return (Array(bytes.starts(with: utf8BOM) ? bytes.dropFirst(utf8BOM.count) : bytes[...]), wholeFile)
        case .gb18030, .utf16:
            var input = bytes[...]
            var bigEndian = noMarkBigEndian
            if encoding == .utf16 {
                if bytes.starts(with: utf16LEBOM) {
                    input = bytes.dropFirst(2)
                } else if bytes.starts(with: utf16BEBOM) {
                    input = bytes.dropFirst(2)
                    bigEndian = true
                }
            }
            guard let name = encoding.iconvName(bigEndian: bigEndian),
                  let transcoder = TextEncoding.Transcoder(from: name)
            else { return ([], false) }
            var output = [UInt8](repeating: 0, count: 2 * input.count + 16)
            let step = input.withUnsafeBytes { source in
                output.withUnsafeMutableBytes { transcoder.convert(source, into: $0) }
            }
            output.removeSubrange(step.written...)
            return (output, wholeFile && step.outcome == .complete)
        }
    }

    /// The first rows of `text` (at most `sampleRowLimit`); those before an error when there is one.
    static func sampleRows(_ text: [UInt8], format: CSVFormat, complete: Bool, file: String) -> [RawRow] {
        struct Enough: Error {}
        var rows: [RawRow] = []
        var parser = CSVParser(delimiter: format.delimiter, validatesUTF8: format.encoding == .utf8, file: file)
        do {
            _ = try text.withUnsafeBufferPointer { buffer in
                try parser.parse(buffer, atEnd: complete) { row in
                    rows.append(row)
                    if rows.count == sampleRowLimit { throw Enough() }
                }
            }
        } catch {
            // Enough rows, or a row the rest of the file would fail on anyway: show what came before.
        }
        return rows
    }
}
