import Foundation

/// Reads xl/sharedStrings.xml into an `XLSXStringTable`, streaming: each `<si>` item is decoded as soon as
/// its end tag has arrived; only the incomplete tail of a chunk is kept between chunks. Rich-text runs are
/// joined, phonetic runs (`<rPh>`) are left out.
struct XLSXSharedStrings {
    private var bytes: [UInt8] = []
    private var ends: [Int] = []
    private var carry: [UInt8] = []
    private var scratch: [UInt8] = []
    private var started = false
    private var finished = false

    /// Upper bound of the up-front reservation taken from `uniqueCount`, whatever the file claims.
    private static let maximumReservation = 1 << 20
    /// One item's XML at most: Excel holds at most 32,767 characters in a cell (under 100 KB of UTF-8);
    /// with rich-text markup around them, 1 MiB is generous. A longer item is no export's (Apache POI's
    /// shared-strings attack holds a single string of 200 MB), and waiting for its end would cost time
    /// and memory for nothing.
    static let maximumItemBytes = 1 << 20
    /// All items' text together, and their number: a city's export holds tens of MB in some hundred
    /// thousand strings.
    static let maximumTableBytes = 512 << 20
    static let maximumItems = 16 << 20

    init() {}

    /// The strings read so far.
    func table() -> XLSXStringTable { XLSXStringTable(bytes: bytes, ends: ends) }

    mutating func consume(_ chunk: Data) throws {
        if finished { return }

        if carry.isEmpty {
            let consumed = try chunk.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return try scan(base.assumingMemoryBound(to: UInt8.self), count: raw.count)
            }
            if consumed < chunk.count { carry.append(contentsOf: chunk[(chunk.startIndex + consumed)...]) }
        } else {
            carry.append(contentsOf: chunk)
            var local = carry
            carry = []
            let consumed = try local.withUnsafeBufferPointer { buf -> Int in
                try scan(buf.baseAddress!, count: buf.count)
            }
            local.removeSubrange(0..<consumed)
            carry = local
        }
        try checkLimits()
    }

    /// Each limit refused with its name, so that the message says why.
    private func checkLimits() throws(XLSXSyntaxError) {
        if carry.count > Self.maximumItemBytes {
            throw XLSXSyntaxError(detail: "其中一项超过 \(Self.maximumItemBytes >> 20) MiB（Excel 一个单元格最多 32,767 个字符），不像是系统导出的文件")
        }
        if bytes.count > Self.maximumTableBytes {
            throw XLSXSyntaxError(detail: "文字合计超过 \(Self.maximumTableBytes >> 20) MiB，不像是系统导出的文件")
        }
        if ends.count > Self.maximumItems {
            throw XLSXSyntaxError(detail: "超过 \(Self.maximumItems) 项，不像是系统导出的文件")
        }
    }

    /// Checks that the document ended where it may.
    func finish() throws(XLSXSyntaxError) {
        if !finished && carry.contains(XLSXXMLBytes.lt) {
            throw XLSXSyntaxError(detail: "共享字符串表（sharedStrings.xml）不完整")
        }
    }

    /// Decodes every complete `<si>` in `[0, count)`; returns how many bytes were consumed.
    private mutating func scan(_ b: UnsafePointer<UInt8>, count end: Int) throws(XLSXSyntaxError) -> Int {
        var p = 0
        while !finished, let lt = XLSXXMLBytes.find(XLSXXMLBytes.lt, b, from: p, to: end) {
            guard let tag = try XLSXXMLBytes.scanTag(b, at: lt, end: end) else { return lt }
            if XLSXXMLBytes.nameIs(b, tag, "si") {
                if tag.kind == .empty {
                    ends.append(bytes.count)
                    p = tag.end
                    continue
                }
                guard tag.kind == .open else { p = tag.end; continue }
                scratch.removeAll(keepingCapacity: true)
                guard let next = try XLSXXMLBytes.collectRichText(b, from: tag.end, end: end, container: "si",
                                                                   into: &scratch) else { return lt }
                // Invalid UTF-8 is repaired here, once, as a String would repair it: the fast path
                // reads these bytes as they are.
                if scratch.withUnsafeBufferPointer(UTF8Check.isValid) {
                    bytes.append(contentsOf: scratch)
                } else {
                    bytes.append(contentsOf: String(decoding: scratch, as: UTF8.self).utf8)
                }
                ends.append(bytes.count)
                p = next
            } else if XLSXXMLBytes.nameIs(b, tag, "sst") {
                if tag.kind == .open && !started {
                    started = true
                    var pos = tag.attrStart
                    while let a = try XLSXXMLBytes.nextAttribute(b, &pos, end: tag.attrEnd) {
                        if XLSXXMLBytes.equals(b, a.localStart, a.nameEnd, "uniqueCount"),
                           let n = XLSXXMLBytes.parseInt(b, a.valueStart, a.valueEnd) {
                            ends.reserveCapacity(min(n, Self.maximumReservation))
                        }
                    }
                } else if tag.kind == .close || tag.kind == .empty {
                    finished = true
                }
                p = tag.end
            } else {
                p = tag.end
            }
        }
        // Plain text between items (white space) is dropped.
        return end
    }
}
