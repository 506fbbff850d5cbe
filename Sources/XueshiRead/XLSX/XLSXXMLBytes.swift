// Byte-level XML helpers shared by the XLSX readers: no Foundation XML, no DOM. Everything works on a
// pointer to UTF-8 bytes and integer offsets; a function that runs out of bytes before the end of what it
// scans returns nil ("incomplete"), so that a streaming caller can keep the tail and retry with more.

/// One markup item starting at a `<`: a start tag, an end tag, an empty-element tag, or something that is
/// no element (comment, processing instruction, CDATA section, DOCTYPE).
struct XLSXTag {
    enum Kind { case open, close, empty, cdata, other }
    var kind: Kind
    /// The local name (after any `prefix:`), `[nameStart, nameEnd)`.
    var nameStart: Int
    var nameEnd: Int
    /// The attribute text, `[attrStart, attrEnd)`; for `.cdata` the character data.
    var attrStart: Int
    var attrEnd: Int
    /// The offset just past the closing `>`.
    var end: Int
}

/// One attribute of a tag: qualified name `[nameStart, nameEnd)`, its local part starting at `localStart`,
/// and the raw (still entity-encoded) value `[valueStart, valueEnd)`.
struct XLSXAttribute {
    var nameStart: Int
    var localStart: Int
    var nameEnd: Int
    var valueStart: Int
    var valueEnd: Int
}

/// A scanning failure with a short description (Chinese), turned into a `ReadError` by the caller.
struct XLSXSyntaxError: Error {
    var detail: String
}

enum XLSXXMLBytes {
    static let lt: UInt8 = 0x3C, gt: UInt8 = 0x3E, slash: UInt8 = 0x2F, quote: UInt8 = 0x22
    static let apos: UInt8 = 0x27, equals: UInt8 = 0x3D, colon: UInt8 = 0x3A, amp: UInt8 = 0x26
    static let bang: UInt8 = 0x21, question: UInt8 = 0x3F, underscore: UInt8 = 0x5F, cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A

    /// `s` without leading and trailing ASCII white space.
    static func trim(_ s: String) -> String {
        var t = Substring(s)
        while let f = t.first, f == " " || f == "\t" || f == "\n" || f == "\r" { t.removeFirst() }
        while let l = t.last, l == " " || l == "\t" || l == "\n" || l == "\r" { t.removeLast() }
        return String(t)
    }

    @inline(__always)
    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }

    /// The offset of the next `byte` in `[from, end)`, or nil.
    @inline(__always)
    static func find(_ byte: UInt8, _ b: UnsafePointer<UInt8>, from: Int, to end: Int) -> Int? {
        var i = from
        while i < end {
            if b[i] == byte { return i }
            i &+= 1
        }
        return nil
    }

    /// The offset of the next occurrence of `needle` in `[from, end)`, or nil.
    static func find(_ needle: StaticString, _ b: UnsafePointer<UInt8>, from: Int, to end: Int) -> Int? {
        let n = needle.utf8CodeUnitCount
        let p = needle.utf8Start
        guard n > 0 else { return from }
        var i = from
        while i + n <= end {
            guard let j = find(p[0], b, from: i, to: end - n + 1) else { return nil }
            var k = 1
            while k < n && b[j + k] == p[k] { k += 1 }
            if k == n { return j }
            i = j + 1
        }
        return nil
    }

    /// Whether `[start, end)` holds exactly `literal` (ASCII).
    @inline(__always)
    static func equals(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard end - start == n else { return false }
        let p = literal.utf8Start
        var k = 0
        while k < n {
            if b[start + k] != p[k] { return false }
            k += 1
        }
        return true
    }

    /// Same as `equals`, ignoring ASCII case.
    static func equalsIgnoringCase(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard end - start == n else { return false }
        let p = literal.utf8Start
        var k = 0
        while k < n {
            if lower(b[start + k]) != lower(p[k]) { return false }
            k += 1
        }
        return true
    }

    @inline(__always)
    static func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }

    @inline(__always)
    static func nameIs(_ b: UnsafePointer<UInt8>, _ tag: XLSXTag, _ literal: StaticString) -> Bool {
        equals(b, tag.nameStart, tag.nameEnd, literal)
    }

    /// Scans the markup item that starts at `i` (where `b[i] == '<'`). Nil when the bytes end first.
    static func scanTag(_ b: UnsafePointer<UInt8>, at i: Int, end: Int) throws(XLSXSyntaxError) -> XLSXTag? {
        var p = i + 1
        guard p < end else { return nil }
        let first = b[p]
        if first == slash {
            p += 1
            let nameStart = p
            var localStart = p
            while p < end {
                let c = b[p]
                if c == gt || isSpace(c) { break }
                if c == colon { localStart = p + 1 }
                p += 1
            }
            guard p < end else { return nil }
            let nameEnd = p
            guard let close = find(gt, b, from: p, to: end) else { return nil }
            if nameEnd == nameStart { throw XLSXSyntaxError(detail: "结束标签缺少名称") }
            return XLSXTag(kind: .close, nameStart: localStart, nameEnd: nameEnd,
                          attrStart: nameEnd, attrEnd: close, end: close + 1)
        }
        if first == question {
            guard let q = find("?>", b, from: p, to: end) else { return nil }
            return XLSXTag(kind: .other, nameStart: p, nameEnd: p, attrStart: p, attrEnd: q, end: q + 2)
        }
        if first == bang {
            // <!-- comment -->, <![CDATA[ … ]]>, <!DOCTYPE …>
            if end - p < 3 { return nil }
            if b[p + 1] == 0x2D && b[p + 2] == 0x2D {
                guard let q = find("-->", b, from: p + 3, to: end) else { return nil }
                return XLSXTag(kind: .other, nameStart: p, nameEnd: p, attrStart: p, attrEnd: q, end: q + 3)
            }
            if end - p < 8 { return nil }
            if equals(b, p + 1, p + 8, "[CDATA[") {
                guard let q = find("]]>", b, from: p + 8, to: end) else { return nil }
                return XLSXTag(kind: .cdata, nameStart: p, nameEnd: p, attrStart: p + 8, attrEnd: q, end: q + 3)
            }
            // A DOCTYPE may hold an internal subset in brackets; none is expected in OOXML.
            var depth = 0
            var j = p + 1
            while j < end {
                let c = b[j]
                if c == 0x5B { depth += 1 } else if c == 0x5D { depth -= 1 } else if c == gt && depth <= 0 {
                    return XLSXTag(kind: .other, nameStart: p, nameEnd: p, attrStart: p, attrEnd: j, end: j + 1)
                }
                j += 1
            }
            return nil
        }
        // Start or empty-element tag.
        let nameStart = p
        var localStart = p
        while p < end {
            let c = b[p]
            if c == gt || c == slash || isSpace(c) { break }
            if c == colon { localStart = p + 1 }
            p += 1
        }
        guard p < end else { return nil }
        let nameEnd = p
        if nameEnd == nameStart { throw XLSXSyntaxError(detail: "“<”后缺少标签名") }
        let attrStart = p
        while p < end {
            let c = b[p]
            if c == gt {
                let isEmpty = p > attrStart && b[p - 1] == slash
                return XLSXTag(kind: isEmpty ? .empty : .open, nameStart: localStart, nameEnd: nameEnd,
                              attrStart: attrStart, attrEnd: isEmpty ? p - 1 : p, end: p + 1)
            }
            if c == quote || c == apos {
                guard let q = find(c, b, from: p + 1, to: end) else { return nil }
                p = q + 1
                continue
            }
            if c == lt { throw XLSXSyntaxError(detail: "标签未闭合") }
            p += 1
        }
        return nil
    }

    /// The next attribute in `[pos, end)` (the attribute text of a tag), advancing `pos`; nil at the end.
    @inline(__always)
    static func nextAttribute(_ b: UnsafePointer<UInt8>, _ pos: inout Int, end: Int) throws(XLSXSyntaxError) -> XLSXAttribute? {
        var p = pos
        while p < end && isSpace(b[p]) { p += 1 }
        guard p < end else { pos = end; return nil }
        let nameStart = p
        var localStart = p
        while p < end {
            let c = b[p]
            if c == equals || isSpace(c) { break }
            if c == colon { localStart = p + 1 }
            p += 1
        }
        let nameEnd = p
        while p < end && isSpace(b[p]) { p += 1 }
        guard p < end, b[p] == equals else { throw XLSXSyntaxError(detail: "属性缺少“=”") }
        p += 1
        while p < end && isSpace(b[p]) { p += 1 }
        guard p < end, b[p] == quote || b[p] == apos else { throw XLSXSyntaxError(detail: "属性值缺少引号") }
        let q = b[p]
        guard let close = find(q, b, from: p + 1, to: end) else { throw XLSXSyntaxError(detail: "属性值缺少结束引号") }
        pos = close + 1
        return XLSXAttribute(nameStart: nameStart, localStart: localStart, nameEnd: nameEnd,
                            valueStart: p + 1, valueEnd: close)
    }

    /// All attributes of a tag as (local name, decoded value) pairs; for the small parts (workbook, rels,
    /// styles), not for the hot path.
    static func attributes(_ b: UnsafePointer<UInt8>, _ tag: XLSXTag) throws(XLSXSyntaxError) -> [(qualified: String, local: String, value: String)] {
        var result: [(qualified: String, local: String, value: String)] = []
        var pos = tag.attrStart
        while let a = try nextAttribute(b, &pos, end: tag.attrEnd) {
            let qualified = String(decoding: UnsafeBufferPointer(start: b + a.nameStart, count: a.nameEnd - a.nameStart), as: UTF8.self)
            let local = String(decoding: UnsafeBufferPointer(start: b + a.localStart, count: a.nameEnd - a.localStart), as: UTF8.self)
            result.append((qualified, local, decodeText(b, a.valueStart, a.valueEnd, ooxmlEscapes: false)))
        }
        return result
    }

    /// Parses a non-negative decimal integer in `[start, end)`, allowing surrounding white space.
    @inline(__always)
    static func parseInt(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        var s = start, e = end
        while s < e && isSpace(b[s]) { s += 1 }
        while e > s && isSpace(b[e - 1]) { e -= 1 }
        guard s < e, e - s <= 18 else { return nil }
        var v = 0
        while s < e {
            let d = b[s] &- 0x30
            guard d < 10 else { return nil }
            v = v &* 10 &+ Int(d)
            s += 1
        }
        return v
    }

    /// A cell reference such as "B12" or "$AA$3": the 0-based column (nil when there are no letters) and
    /// the row (nil when there are no digits).
    @inline(__always)
    static func parseCellReference(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> (column: Int?, row: Int?) {
        var p = start
        while p < end && isSpace(b[p]) { p += 1 }
        if p < end && b[p] == 0x24 { p += 1 }
        var col = 0, letters = 0
        while p < end {
            let c = b[p] | 0x20
            guard c >= 0x61 && c <= 0x7A else { break }
            col = col &* 26 &+ Int(c - 0x60)
            letters += 1
            p += 1
            if letters > 4 { return (nil, nil) }
        }
        if p < end && b[p] == 0x24 { p += 1 }
        var row = 0, digits = 0
        while p < end {
            let d = b[p] &- 0x30
            guard d < 10 else { break }
            row = row &* 10 &+ Int(d)
            digits += 1
            p += 1
            if digits > 9 { return (letters > 0 ? col - 1 : nil, nil) }
        }
        return (letters > 0 ? col - 1 : nil, digits > 0 ? row : nil)
    }

    /// The text `[start, end)` with XML entities, `_xHHHH_` escapes (cell text only, not attribute values)
    /// and XML line-end normalisation applied.
    @inline(__always)
    static func decodeText(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int, ooxmlEscapes: Bool = true) -> String {
        var i = start
        while i < end {
            let c = b[i]
            if c == amp || c == cr || (c == underscore && ooxmlEscapes) { break }
            i &+= 1
        }
        if i == end {
            return String(decoding: UnsafeBufferPointer(start: b + start, count: end - start), as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(end - start)
        appendDecoded(b, start, end, into: &out, ooxmlEscapes: ooxmlEscapes)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the decoded text of `[start, end)` to `out` (see `decodeText`).
    static func appendDecoded(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int, into out: inout [UInt8],
                              ooxmlEscapes: Bool = true) {
        var i = start
        var runStart = start
        @inline(__always) func flush(_ upTo: Int) {
            if upTo > runStart { out.append(contentsOf: UnsafeBufferPointer(start: b + runStart, count: upTo - runStart)) }
        }
        while i < end {
            let c = b[i]
            if c == amp {
                flush(i)
                if let (scalar, next) = entity(b, i, end) {
                    appendUTF8(scalar, to: &out)
                    i = next
                } else {
                    out.append(amp)
                    i += 1
                }
                runStart = i
            } else if c == underscore && ooxmlEscapes {
                if let (unit, next) = ooxmlEscape(b, i, end) {
                    flush(i)
                    var scalarValue: UInt32 = UInt32(unit)
                    var after = next
                    if unit >= 0xD800 && unit <= 0xDBFF {
                        if let (low, next2) = ooxmlEscape(b, next, end), low >= 0xDC00 && low <= 0xDFFF {
                            scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                            after = next2
                        } else {
                            scalarValue = 0xFFFD
                        }
                    } else if unit >= 0xDC00 && unit <= 0xDFFF {
                        scalarValue = 0xFFFD
                    }
                    appendUTF8(Unicode.Scalar(scalarValue) ?? "\u{FFFD}", to: &out)
                    i = after
                    runStart = i
                } else {
                    i += 1
                }
            } else if c == cr {
                // XML end-of-line handling: CR LF and lone CR become LF.
                flush(i)
                out.append(lf)
                i += 1
                if i < end && b[i] == lf { i += 1 }
                runStart = i
            } else {
                i += 1
            }
        }
        flush(end)
    }

    /// `&name;` or `&#…;` at `i`: the scalar and the offset after the `;`.
    static func entity(_ b: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> (Unicode.Scalar, Int)? {
        let limit = min(end, i + 12)
        guard let semi = find(0x3B, b, from: i + 1, to: limit) else { return nil }
        let s = i + 1
        if equals(b, s, semi, "amp") { return ("&", semi + 1) }
        if equals(b, s, semi, "lt") { return ("<", semi + 1) }
        if equals(b, s, semi, "gt") { return (">", semi + 1) }
        if equals(b, s, semi, "quot") { return ("\"", semi + 1) }
        if equals(b, s, semi, "apos") { return ("'", semi + 1) }
        guard semi - s >= 2, b[s] == 0x23 else { return nil }
        var v: UInt32 = 0
        if b[s + 1] | 0x20 == 0x78 {
            guard semi - s >= 3 else { return nil }
            for k in (s + 2)..<semi {
                guard let h = hexValue(b[k]) else { return nil }
                v = v &* 16 &+ UInt32(h)
            }
        } else {
            for k in (s + 1)..<semi {
                let d = b[k] &- 0x30
                guard d < 10 else { return nil }
                v = v &* 10 &+ UInt32(d)
            }
        }
        return (Unicode.Scalar(v) ?? "\u{FFFD}", semi + 1)
    }

    /// `_xHHHH_` at `i`: the UTF-16 code unit and the offset after the closing `_`.
    @inline(__always)
    static func ooxmlEscape(_ b: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> (UInt16, Int)? {
        guard i + 7 <= end, b[i] == underscore, b[i + 1] | 0x20 == 0x78, b[i + 6] == underscore else { return nil }
        var v: UInt16 = 0
        for k in (i + 2)..<(i + 6) {
            guard let h = hexValue(b[k]) else { return nil }
            v = v << 4 | UInt16(h)
        }
        return (v, i + 7)
    }

    @inline(__always)
    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }

    static func appendUTF8(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        for unit in UTF8.encode(scalar)! { out.append(unit) }
    }

    /// Calls `body` with each markup item of a complete small document (workbook, rels, styles).
    static func forEachTag(in bytes: [UInt8], _ body: (UnsafePointer<UInt8>, XLSXTag) throws -> Void) throws {
        try bytes.withUnsafeBufferPointer { buf in
            guard let b = buf.baseAddress else { return }
            let end = buf.count
            var p = 0
            while let lt = find(lt, b, from: p, to: end) {
                guard let tag = try scanTag(b, at: lt, end: end) else {
                    throw XLSXSyntaxError(detail: "文件在标签中间结束")
                }
                try body(b, tag)
                p = tag.end
            }
        }
    }

    /// Collects the text of a rich-text container (`<si>` or `<is>`) whose start tag ended at `from`: the
    /// `<t>` elements, directly or inside `<r>` runs, but not those inside phonetic `<rPh>` runs. Returns
    /// the decoded bytes appended to `out` and the offset after the container's end tag, or nil when the
    /// bytes end first.
    static func collectRichText(_ b: UnsafePointer<UInt8>, from: Int, end: Int, container: StaticString,
                                into out: inout [UInt8]) throws(XLSXSyntaxError) -> Int? {
        var p = from
        var phoneticDepth = 0
        var inText = false
        while true {
            guard let lt = find(lt, b, from: p, to: end) else { return nil }
            if inText && phoneticDepth == 0 { appendDecoded(b, p, lt, into: &out) }
            guard let tag = try scanTag(b, at: lt, end: end) else { return nil }
            p = tag.end
            switch tag.kind {
            case .open:
                if nameIs(b, tag, "t") { inText = true } else if nameIs(b, tag, "rPh") { phoneticDepth += 1 }
            case .close:
                if nameIs(b, tag, "t") { inText = false } else if nameIs(b, tag, "rPh") {
                    phoneticDepth = max(0, phoneticDepth - 1)
                } else if equals(b, tag.nameStart, tag.nameEnd, container) {
                    return p
                }
            case .cdata:
                if inText && phoneticDepth == 0 {
                    out.append(contentsOf: UnsafeBufferPointer(start: b + tag.attrStart, count: tag.attrEnd - tag.attrStart))
                }
            case .empty, .other:
                break
            }
        }
    }
}
