/// The text of a page file as UTF-8, a chunk at a time: read with read(2), the byte-order mark skipped,
/// converted from the page's charset by iconv (UTF-8 as well, so that bytes invalid in it are found
/// rather than passed on). A character cut by a chunk's end waits for the next chunk; one cut by the end
/// of the file is dropped with it, as the rest of a truncated page is.
struct HTMLTextDecoder {
    let path: String
    let displayName: String
    let charset: HTMLCharset
    let chunkSize: Int

    /// Bytes kept from one chunk for the next: the start of a character (a few bytes in any charset).
    private static let maximumCarry = 64

    /// Calls `body` with each piece of converted text, in order, until the file ends or `body` returns
    /// false. Bytes invalid in the charset are an `HTMLProblem` of kind `.invalidBytes`, thrown after the
    /// text before them has been handed on.
    func forEachChunk(_ body: (UnsafeBufferPointer<UInt8>) throws -> Bool) throws {
        let file = try CSVFile(path: path, displayName: displayName)
        guard let transcoder = TextEncoding.Transcoder(from: charset.iconvName) else {
            throw ReadError(file: displayName, reason: "本机的 iconv 不支持 \(charset.name) 字符集，无法读取这个网页文件；请用 Excel 或 WPS 打开后另存为 .xlsx 再导入")
        }
        let size = max(1, chunkSize)
        var raw = [UInt8](repeating: 0, count: size + Self.maximumCarry)
        // No charset takes more than 3 bytes of UTF-8 per byte.
        var text = [UInt8](repeating: 0, count: 3 * (size + Self.maximumCarry) + 16)
        var carried = 0
        var markLeft = charset.byteOrderMarkLength
        while true {
            let n = try raw.withUnsafeMutableBytes { buffer in
                try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[carried..<(carried + size)]))
            }
            if n == 0 { return }
            let available = carried + n
            var start = 0
            if markLeft > 0 {
                start = min(markLeft, available)
                markLeft -= start
            }
            convert: while start < available {
                let step = raw.withUnsafeBytes { input in
                    text.withUnsafeMutableBytes { output in
                        transcoder.convert(UnsafeRawBufferPointer(rebasing: input[start..<available]), into: output)
                    }
                }
                start += step.read
                if step.written > 0 {
                    let more = try text.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[0..<step.written])) }
                    if !more { return }
                }
                switch step.outcome {
                case .complete, .incomplete: break convert
                case .outputFull: continue convert
                case .invalid: throw HTMLProblem(kind: .invalidBytes, detail: "")
                }
            }
            carried = available - start
            guard carried <= Self.maximumCarry else { throw HTMLProblem(kind: .invalidBytes, detail: "") }
            for k in 0..<carried { raw[k] = raw[start + k] }
        }
    }
}
