/// The text of one table cell as a browser shows it: each run of white space (space, tab, line feed,
/// carriage return, form feed) one space, none at the start or end; `<br>` a line break ("\n"), and a
/// block such as `<p>` or `<div>` on a line of its own; no white space around a line break. The no-break
/// space (`&nbsp;`) and the ideographic space are characters, kept as they are; later stages fold them.
/// Other control characters count as white space: a browser shows none of them, and a spreadsheet
/// program saving a sheet as a web page writes U+0001 where a cell had a tab. NUL is dropped.
struct HTMLCellText {
    /// A cell's text may not grow past this: no export writes one, and a damaged file (say, an unclosed
    /// cell before a megabyte of script) should be refused rather than held in memory.
    static let maximumBytes = 1 << 20

    private(set) var bytes: [UInt8] = []
    private var pendingSpace = false
    /// Line breaks to write before the next character: none at the start of the cell, and none at its end.
    private var pendingBreaks = 0

    var isEmpty: Bool { bytes.isEmpty }

    mutating func append(_ run: UnsafeBufferPointer<UInt8>) throws {
        var i = 0
        let n = run.count
        while i < n {
            let c = run[i]
            if Self.isSpace(c) {
                if c != 0 { pendingSpace = true }
                i += 1
                continue
            }
            var j = i + 1
            while j < n && !Self.isSpace(run[j]) { j += 1 }
            try flushPending(adding: j - i)
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: run[i..<j]))
            i = j
        }
    }

    mutating func append(_ scalar: Unicode.Scalar) throws {
        if scalar.isASCII, Self.isSpace(UInt8(scalar.value)) {
            if scalar.value != 0 { pendingSpace = true }
            return
        }
        let utf8 = Array(String(scalar).utf8)
        try flushPending(adding: utf8.count)
        bytes.append(contentsOf: utf8)
    }

    /// `<br>`.
    mutating func lineBreak() {
        pendingBreaks += 1
        pendingSpace = false
    }

    /// The start or end of a block element: what follows starts a new line, once however many blocks meet.
    mutating func blockBoundary() {
        if pendingBreaks == 0 { pendingBreaks = 1 }
        pendingSpace = false
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// White space and the other C0 control characters (and DEL).
    @inline(__always)
    private static func isSpace(_ c: UInt8) -> Bool { c <= 0x20 || c == 0x7F }

    private mutating func flushPending(adding count: Int) throws {
        var extra = 0
        if !bytes.isEmpty { extra = pendingBreaks > 0 ? pendingBreaks : (pendingSpace ? 1 : 0) }
        guard bytes.count + extra + count <= Self.maximumBytes else {
            throw HTMLProblem.limit("单元格内容超过 \(Self.maximumBytes >> 20) MiB，不像是导出的数据（可能是单元格未结束）")
        }
        if !bytes.isEmpty {
            if pendingBreaks > 0 {
                bytes.append(contentsOf: repeatElement(0x0A, count: pendingBreaks))
            } else if pendingSpace {
                bytes.append(0x20)
            }
        }
        pendingBreaks = 0
        pendingSpace = false
    }
}
