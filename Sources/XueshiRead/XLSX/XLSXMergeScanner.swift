import Foundation

/// A merged range of a sheet, 1-based rows and 0-based columns, inclusive.
struct XLSXMergedRange: Equatable, Sendable {
    var firstRow: Int
    var lastRow: Int
    var firstColumn: Int
    var lastColumn: Int
}

/// The cheap first pass over a worksheet entry: finds the `<mergeCell ref="A3:A7"/>` elements (which come
/// after `<sheetData>`) without parsing anything else. Streams: only a short tail of each chunk is kept.
struct XLSXMergeScanner {
    private(set) var ranges: [XLSXMergedRange] = []
    private var carry: [UInt8] = []

    /// How many bytes before a possible match are kept between chunks (for `<prefix:` and the needle).
    private static let tailKeep = 64
    /// A `<mergeCell …>` tag longer than this is refused rather than scanned again with every chunk.
    static let maximumTagBytes = 1 << 20

    init() {}

    mutating func consume(_ chunk: Data) throws {
        if carry.isEmpty {
            let keepFrom = try chunk.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return try scan(base.assumingMemoryBound(to: UInt8.self), count: raw.count)
            }
            if keepFrom < chunk.count { carry.append(contentsOf: chunk[(chunk.startIndex + keepFrom)...]) }
        } else {
            var local = carry
            carry = []
            local.append(contentsOf: chunk)
            let keepFrom = try local.withUnsafeBufferPointer { buf -> Int in
                try scan(buf.baseAddress!, count: buf.count)
            }
            local.removeSubrange(0..<keepFrom)
            carry = local
        }
        // Only an unfinished tag is kept: one this long is no merged range.
        if carry.count > Self.maximumTagBytes {
            throw XLSXSyntaxError(detail: "一个标签超过 \(Self.maximumTagBytes >> 20) MiB（上限 maximumTagBytes），不像是系统导出的文件")
        }
    }

    /// Scans `[0, end)`; returns where the tail to keep starts.
    private mutating func scan(_ b: UnsafePointer<UInt8>, count end: Int) throws(XLSXSyntaxError) -> Int {
        let n = 9 // "mergeCell"
        var p = 0
        while p < end {
            guard let j = Self.findMergeCell(b, from: p, to: end) else { break }
            guard j + n < end else { return max(p, j - Self.tailKeep) }
            let after = b[j + n]
            guard after == XLSXXMLBytes.slash || after == XLSXXMLBytes.gt || XLSXXMLBytes.isSpace(after),
                  let lt = tagStart(b, before: j, from: p) else {
                p = j + n
                continue
            }
            guard let tag = try XLSXXMLBytes.scanTag(b, at: lt, end: end) else { return max(p, lt) }
            if tag.kind == XLSXTag.Kind.open || tag.kind == XLSXTag.Kind.empty {
                var pos = tag.attrStart
                while let a = try XLSXXMLBytes.nextAttribute(b, &pos, end: tag.attrEnd) {
                    if XLSXXMLBytes.equals(b, a.localStart, a.nameEnd, "ref"),
                       let range = Self.parseRange(b, a.valueStart, a.valueEnd) {
                        ranges.append(range)
                    }
                }
            }
            p = tag.end
        }
        return max(p, end - Self.tailKeep)
    }

    /// The offset of the next "mergeCell" in `[from, end)`. The capital C is rare in sheet XML, so the
    /// search runs on memchr for it and checks the letters around each hit.
    @inline(__always)
    static func findMergeCell(_ b: UnsafePointer<UInt8>, from: Int, to end: Int) -> Int? {
        var p = from + 5
        while p + 4 <= end {
            guard let raw = memchr(b + p, 0x43, end - p) else { return nil }
            let c = b.distance(to: raw.assumingMemoryBound(to: UInt8.self))
            if c + 4 <= end && XLSXXMLBytes.equals(b, c - 5, c, "merge") && XLSXXMLBytes.equals(b, c + 1, c + 4, "ell") {
                return c - 5
            }
            p = c + 1
        }
        return nil
    }

    /// The `<` that opens the tag whose (local) name starts at `j`: `<mergeCell` or `<x:mergeCell`; nil when
    /// the name is not a tag name (text that happens to contain the word).
    private func tagStart(_ b: UnsafePointer<UInt8>, before j: Int, from lowest: Int) -> Int? {
        guard j > lowest else { return nil }
        if b[j - 1] == XLSXXMLBytes.lt { return j - 1 }
        guard b[j - 1] == XLSXXMLBytes.colon else { return nil }
        var k = j - 2
        let limit = max(lowest, j - Self.tailKeep + 2)
        while k >= limit {
            let c = b[k]
            if c == XLSXXMLBytes.lt { return k }
            if c == XLSXXMLBytes.gt || c == XLSXXMLBytes.slash || XLSXXMLBytes.isSpace(c) || c == XLSXXMLBytes.quote {
                return nil
            }
            k -= 1
        }
        return nil
    }

    /// "A3:B7" (or "A3" alone, a range of one cell) → the range, corners put in order.
    static func parseRange(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> XLSXMergedRange? {
        let colon = XLSXXMLBytes.find(XLSXXMLBytes.colon, b, from: start, to: end)
        let first = XLSXXMLBytes.parseCellReference(b, start, colon ?? end)
        let second = colon.map { XLSXXMLBytes.parseCellReference(b, $0 + 1, end) } ?? first
        guard let c1 = first.column, let r1 = first.row, let c2 = second.column, let r2 = second.row,
              r1 >= 1, r2 >= 1 else { return nil }
        return XLSXMergedRange(firstRow: min(r1, r2), lastRow: max(r1, r2),
                               firstColumn: min(c1, c2), lastColumn: max(c1, c2))
    }
}
