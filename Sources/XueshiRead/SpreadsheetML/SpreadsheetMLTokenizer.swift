/// One item from `SpreadsheetMLTokenizer`, by offsets into the window of bytes it was read from (valid
/// until the window is refilled).
enum SpreadsheetMLToken {
    /// A start tag or an empty-element tag (`tag.kind` tells), and the element's depth: 1 for the root.
    case start(XLSXTag, depth: Int)
    /// An end tag, and the depth of the element it closes.
    case end(XLSXTag, depth: Int)
    /// Character data `[start, end)`, still entity-encoded. A long run may come in several pieces, each
    /// ending where decoding can resume (never inside an entity or between a CR and its LF).
    case text(Int, Int)
    /// The content of a CDATA section, `[start, end)`, taken literally.
    case cdata(Int, Int)
}

/// A pull tokenizer over the UTF-8 text of an Excel 2003 XML file. The caller hands it a window of bytes
/// and takes tokens one at a time until it answers nil, then keeps the unread tail, appends the next
/// chunk and asks again: a tag cut by the end of a chunk is read whole the next time, a text run is
/// handed on in pieces. Comments, processing instructions and the DOCTYPE are passed over.
///
/// It checks what a streaming reader must not take on trust: end tags match their start tags (by local
/// name), elements nest no deeper than `maximumDepth`, nothing but white space stands outside the root,
/// and the file does not end inside an element.
struct SpreadsheetMLTokenizer {
    /// Excel's files nest about 8 deep (rich text in a cell's `<Data>` a few more).
    static let maximumDepth = 64

    /// Hashes of the local names of the open elements, outermost first.
    private var open: [UInt32] = []
    private(set) var sawRoot = false
    /// Whether the root element has ended: what follows it is not read.
    private(set) var isFinished = false

    /// Bytes kept back at the end of a window in case they start an entity (`&#12345678;` is the longest
    /// that decodes).
    private static let entityLookBack = 12

    /// The next token from `b[p..<end]`, advancing `p`; nil when the window holds no whole token (ask
    /// again with more bytes) or, `atEnd`, when the text is over.
    mutating func next(_ b: UnsafePointer<UInt8>, _ p: inout Int, end: Int,
                       atEnd: Bool) throws(SpreadsheetMLError) -> SpreadsheetMLToken? {
        while !isFinished && p < end {
            if b[p] != XLSXXMLBytes.lt {
                let start = p
                let stop: Int
                if let lt = XLSXXMLBytes.find(XLSXXMLBytes.lt, b, from: p, to: end) {
                    stop = lt
                } else {
                    stop = atEnd ? end : Self.resumableEnd(b, start, end)
                    if stop == start { return nil }
                }
                p = stop
                if open.isEmpty {
                    try Self.requireSpace(b, start, stop, afterRoot: sawRoot)
                    continue
                }
                return .text(start, stop)
            }
            let scanned: XLSXTag?
            do {
                scanned = try XLSXXMLBytes.scanTag(b, at: p, end: end)
            } catch {
                throw .malformed(error.detail)
            }
            guard let tag = scanned else {
                if atEnd { throw .truncated("文件在一个标签的中间结束") }
                return nil
            }
            p = tag.end
            switch tag.kind {
            case .open:
                guard open.count < Self.maximumDepth else {
                    throw .malformed("元素嵌套超过 \(Self.maximumDepth) 层")
                }
                sawRoot = true
                open.append(Self.hash(b, tag))
                return .start(tag, depth: open.count)
            case .empty:
                sawRoot = true
                if open.isEmpty { isFinished = true }
                return .start(tag, depth: open.count + 1)
            case .close:
                guard let top = open.popLast() else {
                    throw .malformed("多余的结束标签 </\(Self.name(b, tag))>")
                }
                guard top == Self.hash(b, tag) else {
                    throw .malformed("结束标签 </\(Self.name(b, tag))> 与它前面的开始标签不配对")
                }
                if open.isEmpty { isFinished = true }
                return .end(tag, depth: open.count + 1)
            case .cdata:
                guard !open.isEmpty else { throw .malformed("CDATA 段落在根元素之外") }
                return .cdata(tag.attrStart, tag.attrEnd)
            case .other:
                continue
            }
        }
        return nil
    }

    /// Called once the text is over: a file that ends inside the workbook, or holds no element, is refused.
    func finish() throws(SpreadsheetMLError) {
        if isFinished { return }
        if !sawRoot { throw .notSpreadsheet("文件里没有任何 XML 元素") }
        throw .truncated("文件在工作簿结束（</Workbook>）之前就结束了")
    }

    /// Where a text run that reaches the end of the window can be cut: before a `&` that may begin an
    /// entity the next chunk completes, and before a final CR whose LF may follow.
    private static func resumableEnd(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var stop = end
        var i = end - 1
        let low = max(start, end - entityLookBack)
        while i >= low {
            if b[i] == 0x3B { break }                  // ';': any entity before it is complete
            if b[i] == XLSXXMLBytes.amp { stop = i; break }
            i -= 1
        }
        if stop > start && b[stop - 1] == XLSXXMLBytes.cr { stop -= 1 }
        return stop
    }

    private static func requireSpace(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int,
                                     afterRoot: Bool) throws(SpreadsheetMLError) {
        for i in start..<end where !XLSXXMLBytes.isSpace(b[i]) {
            if afterRoot { throw .malformed("根元素之后还有文字") }
            throw .notSpreadsheet("文件开头不是 XML")
        }
    }

    /// FNV-1a of the local name: end tags are matched against start tags without keeping the names.
    @inline(__always)
    private static func hash(_ b: UnsafePointer<UInt8>, _ tag: XLSXTag) -> UInt32 {
        var h: UInt32 = 0x811C_9DC5
        var i = tag.nameStart
        while i < tag.nameEnd {
            h = (h ^ UInt32(b[i])) &* 0x0100_0193
            i += 1
        }
        return h
    }

    static func name(_ b: UnsafePointer<UInt8>, _ tag: XLSXTag) -> String {
        let count = min(tag.nameEnd - tag.nameStart, 64)
        return String(decoding: UnsafeBufferPointer(start: b + tag.nameStart, count: count), as: UTF8.self)
    }
}
