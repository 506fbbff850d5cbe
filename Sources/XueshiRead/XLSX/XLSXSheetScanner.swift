import Foundation

/// The main pass over a worksheet entry: a hand-written byte scanner fed with the decompressed chunks.
/// Each `<row>` is decoded and handed on as soon as its `</row>` has arrived; between chunks only the
/// incomplete tail (the start of the row in progress) is kept, so memory stays bounded by the largest
/// row whatever the size of the sheet.
///
/// A row's cells are first noted as where their bytes are (`XLSXPlainRow.Cell`), making no string. A
/// caller with a fast path is lent the row so (`XLSXPlainRow`) when every cell is plain and no merged
/// range reaches the row; a row it declines, and every other row, is made a `RawRow`.
struct XLSXSheetScanner {
    /// Takes a plain row and returns true, or returns false to get it as a `RawRow`.
    typealias PlainBody = (borrowing XLSXPlainRow) throws -> Bool
    typealias Cell = XLSXPlainRow.Cell

    private let sharedStrings: XLSXStringTable
    private let styles: XLSXStyles
    private let date1904: Bool
    private var merges: XLSXMergeFiller

    private enum Phase { case prolog, rows, done }
    private var phase = Phase.prolog
    /// The number of the last complete row (for rows without `r` and for error messages).
    private(set) var lastRow = 0
    /// The number of the row being decoded, for an error inside it.
    private(set) var rowInProgress: Int?
    private var carry: [UInt8] = []
    private var scratch: [UInt8] = []
    private var widthHint = 8
    /// The carry's size at which the row in progress is decoded again (0: at the next chunk).
    private var rescanAt = 0
    /// The row being decoded: its cells, the values of those that are not plain, and the bytes of
    /// texts that had entities to decode.
    private var cells: [Cell] = []
    private var others: [RawCell] = []
    private var rowBytes: [UInt8] = []

    /// A row longer than this (in XML bytes) is refused rather than buffered: Excel's own limits
    /// (16,384 columns of 32,767 characters) allow more, but an export's row is a few KB.
    static let maximumRowBytes = 64 << 20
    /// A cell's text (a `<v>` or an inline string) longer than this is refused, as a shared string is
    /// (`XLSXSharedStrings.maximumItemBytes`): Excel holds at most 32,767 characters in a cell.
    static let maximumCellBytes = 1 << 20
    /// Elements nested inside a row deeper than this are refused: a sheet's row holds cells, their
    /// values and rich text, a handful of levels.
    static let maximumDepth = 64
    /// Excel's last column, XFD.
    static let maximumColumn = 16383
    /// A row still incomplete at this size is decoded again only once its bytes have doubled.
    static let rescanThreshold = 64 << 10

    init(sharedStrings: XLSXStringTable, styles: XLSXStyles, date1904: Bool, merges: XLSXMergeFiller) {
        self.sharedStrings = sharedStrings
        self.styles = styles
        self.date1904 = date1904
        self.merges = merges
    }

    /// Whether `</sheetData>` has been seen: nothing more will be emitted.
    var isDone: Bool { phase == .done }

    /// Scans one chunk, calling `plain`, and `body` for the rows it declines, for each row completed in it.
    mutating func consume(_ chunk: Data, plain: PlainBody, _ body: (RawRow) throws -> Void) throws {
        if phase == .done { return }
        if carry.isEmpty {
            let consumed = try chunk.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return try scan(base.assumingMemoryBound(to: UInt8.self), count: raw.count, plain, body)
            }
            if consumed < chunk.count { carry.append(contentsOf: chunk[(chunk.startIndex + consumed)...]) }
        } else {
            carry.append(contentsOf: chunk)
            try checkRowSize()
            // A row in progress is decoded again from its start: only once it has doubled, so that a
            // long row costs time in proportion to its length, not to its length squared.
            if carry.count < rescanAt { return }
            try scanCarry(plain, body)
        }
        rescanAt = carry.count >= Self.rescanThreshold ? carry.count * 2 : 0
        try checkRowSize()
    }

    /// Checks, once the entry has been read, that the sheet data was complete; first decodes the row
    /// that waited for more bytes.
    mutating func finish(plain: PlainBody, _ body: (RawRow) throws -> Void) throws {
        if phase == .rows && !carry.isEmpty { try scanCarry(plain, body) }
        if phase == .rows { throw XLSXSyntaxError(detail: "工作表数据在中途结束，缺少 </sheetData>") }
    }

    private mutating func scanCarry(_ plain: PlainBody, _ body: (RawRow) throws -> Void) throws {
        var local = carry
        carry = []
        let consumed = try local.withUnsafeBufferPointer { buf -> Int in
            try scan(buf.baseAddress!, count: buf.count, plain, body)
        }
        local.removeSubrange(0..<consumed)
        carry = local
    }

    @inline(__always)
    private static func checkCellSize(_ bytes: Int) throws(XLSXSyntaxError) {
        if bytes > maximumCellBytes {
            throw XLSXSyntaxError(detail: "一个单元格超过 \(maximumCellBytes >> 20) MiB（上限 maximumCellBytes；Excel 一个单元格最多 32,767 个字符），不像是系统导出的文件")
        }
    }

    private func checkRowSize() throws(XLSXSyntaxError) {
        if carry.count > Self.maximumRowBytes {
            throw XLSXSyntaxError(detail: "一行的数据超过 \(Self.maximumRowBytes >> 20) MiB（上限 maximumRowBytes），不像是系统导出的文件")
        }
    }

    // MARK: - Scanning

    private mutating func scan(_ b: UnsafePointer<UInt8>, count end: Int, _ plain: PlainBody,
                               _ body: (RawRow) throws -> Void) throws -> Int {
        var p = 0
        while phase != .done {
            guard let lt = XLSXXMLBytes.find(XLSXXMLBytes.lt, b, from: p, to: end) else { return end }
            guard let tag = try XLSXXMLBytes.scanTag(b, at: lt, end: end) else { return lt }
            switch phase {
            case .prolog:
                if XLSXXMLBytes.nameIs(b, tag, "sheetData") {
                    if tag.kind == .open { phase = .rows } else if tag.kind == .empty { phase = .done }
                }
                p = tag.end
            case .rows:
                if tag.kind == .open || tag.kind == .empty, XLSXXMLBytes.nameIs(b, tag, "row") {
                    guard let next = try parseRow(b, tag, end: end, plain, body) else { return lt }
                    p = next
                } else if tag.kind == .close, XLSXXMLBytes.nameIs(b, tag, "sheetData") {
                    phase = .done
                    p = tag.end
                } else {
                    p = tag.end
                }
            case .done:
                break
            }
        }
        return end
    }

    /// Decodes the row whose start tag is `rowTag`; returns the offset after `</row>`, or nil when the
    /// bytes end first (nothing is changed then: the row is decoded again with more bytes).
    private mutating func parseRow(_ b: UnsafePointer<UInt8>, _ rowTag: XLSXTag, end: Int, _ plain: PlainBody,
                                   _ body: (RawRow) throws -> Void) throws -> Int? {
        var rowNumber = lastRow + 1
        var pos = rowTag.attrStart
        while let a = try XLSXXMLBytes.nextAttribute(b, &pos, end: rowTag.attrEnd) {
            if a.nameEnd - a.localStart == 1 && b[a.localStart] == 0x72,
               let r = XLSXXMLBytes.parseInt(b, a.valueStart, a.valueEnd), r >= 1 {
                rowNumber = r
            }
        }
        rowInProgress = rowNumber
        cells.removeAll(keepingCapacity: true)
        others.removeAll(keepingCapacity: true)
        rowBytes.removeAll(keepingCapacity: true)
        var p = rowTag.end
        if rowTag.kind == .open {
            cells.reserveCapacity(widthHint)
            var column = -1
            while true {
                guard let lt = XLSXXMLBytes.find(XLSXXMLBytes.lt, b, from: p, to: end) else { return nil }
                // Fast path: an unprefixed <c …> (nearly every tag in a row).
                if lt + 2 < end && b[lt + 1] == 0x63 {
                    let after = b[lt + 2]
                    if XLSXXMLBytes.isSpace(after) || after == XLSXXMLBytes.gt || after == XLSXXMLBytes.slash {
                        guard let (c, value, next) = try parseCell(b, attributesFrom: lt + 2, tag: nil,
                                                                   end: end, previousColumn: column) else { return nil }
                        column = c
                        p = next
                        Self.place(value, at: c, in: &cells)
                        continue
                    }
                }
                guard let tag = try XLSXXMLBytes.scanTag(b, at: lt, end: end) else { return nil }
                switch tag.kind {
                case .close:
                    p = tag.end
                    if XLSXXMLBytes.nameIs(b, tag, "row") { break }
                    continue
                case .open, .empty:
                    if XLSXXMLBytes.nameIs(b, tag, "c") {
                        guard let (c, value, next) = try parseCell(b, attributesFrom: tag.attrStart, tag: tag,
                                                                   end: end, previousColumn: column) else { return nil }
                        column = c
                        p = next
                        Self.place(value, at: c, in: &cells)
                    } else if tag.kind == .open {
                        guard let next = try skipElement(b, tag, end: end) else { return nil }
                        p = next
                    } else {
                        p = tag.end
                    }
                    continue
                case .cdata, .other:
                    p = tag.end
                    continue
                }
                break
            }
        }
        lastRow = rowNumber
        rowInProgress = nil
        while let last = cells.last, last.source == .empty { cells.removeLast() }
        widthHint = max(widthHint, cells.count)
        // A row a merged range reaches goes to `body`: the merge's value is filled into it, or taken
        // from it for the rows below.
        if !cells.contains(where: { $0.source == .other }), merges.isIdle(atRow: rowNumber) {
            if cells.isEmpty { return p }
            let strings = sharedStrings.base
            let taken = try rowBytes.withUnsafeBufferPointer { scratch in
                try cells.withUnsafeBufferPointer { cells in
                    try plain(XLSXPlainRow(number: rowNumber, xml: b, scratch: scratch.baseAddress, strings: strings,
                                           cells: cells))
                }
            }
            if taken { return p }
        }
        var values = rawCells(b)
        var filled: [Int: Int] = [:]
        if !merges.isEmpty { filled = merges.fill(row: rowNumber, cells: &values) }
        if !values.isEmpty {
            var row = RawRow(number: rowNumber, cells: values)
            row.mergedFrom = filled
            try body(row)
        }
        return p
    }

    /// The row's cells as values: what the general path reads.
    private func rawCells(_ b: UnsafePointer<UInt8>) -> [RawCell] {
        var values: [RawCell] = []
        values.reserveCapacity(cells.count)
        for cell in cells {
            switch cell.source {
            case .empty:
                values.append(.empty)
            case .other:
                values.append(others[cell.offset])
            case .strings:
                values.append(.text(String(decoding: UnsafeBufferPointer(start: sharedStrings.base + cell.offset,
                                                                         count: Int(cell.count)), as: UTF8.self)))
            case .xml, .scratch:
                let text: String
                if cell.source == .xml {
                    text = String(decoding: UnsafeBufferPointer(start: b + cell.offset, count: Int(cell.count)), as: UTF8.self)
                } else {
                    text = rowBytes.withUnsafeBufferPointer {
                        String(decoding: UnsafeBufferPointer(rebasing: $0[cell.offset..<cell.offset + Int(cell.count)]), as: UTF8.self)
                    }
                }
                switch cell.kind {
                case .text: values.append(.text(text))
                case .number: values.append(.number(text))
                case .date: values.append(.date(text))
                }
            }
        }
        return values
    }

    /// Puts a cell in its column; trailing empties are not kept (a row runs from column A to its last
    /// non-empty cell).
    @inline(__always)
    private static func place(_ value: Cell, at column: Int, in cells: inout [Cell]) {
        if column < cells.count {
            cells[column] = value
        } else if value.source == .empty {
            return
        } else {
            while cells.count < column { cells.append(.empty) }
            cells.append(value)
        }
    }

    /// A value the fast path does not read, kept aside for `rawCells`.
    private mutating func other(_ value: RawCell) -> Cell {
        if case .empty = value { return .empty }
        others.append(value)
        return Cell(offset: others.count - 1, count: 0, source: .other, kind: .text)
    }

    /// A text of the XML at `[start, end)`: in place when it holds nothing to decode, else decoded into
    /// the row's bytes, exactly as `XLSXXMLBytes.decodeText` decodes it. Bytes that are not UTF-8 make
    /// it a value of its own, repaired as a String repairs them.
    private mutating func textCell(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Cell {
        var i = start
        var bits: UInt8 = 0
        while i < end {
            let c = b[i]
            if c == XLSXXMLBytes.amp || c == XLSXXMLBytes.cr || c == XLSXXMLBytes.underscore { break }
            bits |= c
            i &+= 1
        }
        if i == end {
            let bytes = UnsafeBufferPointer(start: b + start, count: end - start)
            if bits >= 0x80 && !UTF8Check.isValid(bytes) { return other(.text(String(decoding: bytes, as: UTF8.self))) }
            return Cell(offset: start, count: Int32(end - start), source: .xml, kind: .text)
        }
        let offset = rowBytes.count
        XLSXXMLBytes.appendDecoded(b, start, end, into: &rowBytes)
        let valid = rowBytes.withUnsafeBufferPointer { UTF8Check.isValid(UnsafeBufferPointer(rebasing: $0[offset...])) }
        if !valid {
            let text = String(decoding: rowBytes[offset...], as: UTF8.self)
            rowBytes.removeSubrange(offset...)
            return other(.text(text))
        }
        return Cell(offset: offset, count: Int32(rowBytes.count - offset), source: .scratch, kind: .text)
    }

    private enum CellType { case number, shared, inline, string, boolean, error, isoDate }

    /// Applies one attribute of a `<c>`: r (reference), s (style), t (type); others are ignored.
    @inline(__always)
    private static func cellAttribute(_ b: UnsafePointer<UInt8>, _ nameStart: Int, _ nameEnd: Int, _ valueStart: Int,
                                      _ valueEnd: Int, column: inout Int, style: inout Int, type: inout CellType) {
        guard nameEnd - nameStart == 1 else { return }
        switch b[nameStart] {
        case 0x72: // r
            if let c = XLSXXMLBytes.parseCellReference(b, valueStart, valueEnd).column { column = c }
        case 0x73: // s
            style = XLSXXMLBytes.parseInt(b, valueStart, valueEnd) ?? 0
        case 0x74: // t
            type = cellType(b, valueStart, valueEnd)
        default:
            break
        }
    }

    /// Decodes one cell: its column, value and the offset after it; nil when the bytes end first. With
    /// `tag` nil (the fast path, an unprefixed `<c`), the attributes are read straight from
    /// `attributesFrom` up to the tag's `>`; otherwise from the scanned tag.
    @inline(__always)
    private mutating func parseCell(_ b: UnsafePointer<UInt8>, attributesFrom: Int, tag: XLSXTag?,
                                    end: Int, previousColumn: Int) throws -> (Int, Cell, Int)? {
        var column = previousColumn + 1
        var style = 0
        var type = CellType.number
        var isEmptyElement = false
        var p: Int

        if let tag {
            var pos = tag.attrStart
            while let a = try XLSXXMLBytes.nextAttribute(b, &pos, end: tag.attrEnd) {
                Self.cellAttribute(b, a.localStart, a.nameEnd, a.valueStart, a.valueEnd,
                                   column: &column, style: &style, type: &type)
            }
            isEmptyElement = tag.kind == .empty
            p = tag.end
        } else {
            p = attributesFrom
            while true {
                guard p < end else { return nil }
                let ch = b[p]
                if XLSXXMLBytes.isSpace(ch) { p += 1; continue }
                if ch == XLSXXMLBytes.gt { p += 1; break }
                if ch == XLSXXMLBytes.slash {
                    guard p + 1 < end else { return nil }
                    guard b[p + 1] == XLSXXMLBytes.gt else { throw XLSXSyntaxError(detail: "标签未闭合") }
                    p += 2
                    isEmptyElement = true
                    break
                }
                if ch == XLSXXMLBytes.lt { throw XLSXSyntaxError(detail: "标签未闭合") }
                let nameStart = p
                var localStart = p
                while p < end {
                    let c = b[p]
                    if c == XLSXXMLBytes.equals || XLSXXMLBytes.isSpace(c) { break }
                    if c == XLSXXMLBytes.colon { localStart = p + 1 }
                    if c == XLSXXMLBytes.gt || c == XLSXXMLBytes.lt { throw XLSXSyntaxError(detail: "属性缺少“=”") }
                    p += 1
                }
                let nameEnd = p
                while p < end && XLSXXMLBytes.isSpace(b[p]) { p += 1 }
                guard p < end else { return nil }
                guard b[p] == XLSXXMLBytes.equals, nameEnd > nameStart else { throw XLSXSyntaxError(detail: "属性缺少“=”") }
                p += 1
                while p < end && XLSXXMLBytes.isSpace(b[p]) { p += 1 }
                guard p < end else { return nil }
                let q = b[p]
                guard q == XLSXXMLBytes.quote || q == XLSXXMLBytes.apos else { throw XLSXSyntaxError(detail: "属性值缺少引号") }
                guard let close = XLSXXMLBytes.find(q, b, from: p + 1, to: end) else { return nil }
                Self.cellAttribute(b, localStart, nameEnd, p + 1, close, column: &column, style: &style, type: &type)
                p = close + 1
            }
        }
        guard column <= Self.maximumColumn else {
            throw XLSXSyntaxError(detail: "单元格列号超出 Excel 的最大列 XFD")
        }
        if isEmptyElement { return (column, .empty, p) }
        let contentStart = p

        var vStart = -1, vEnd = -1
        var slowText: String?     // <v> text with CDATA or comments inside
        var inlineText: String?   // <is> content
        var formula = false       // an <f> child: the value, if any, is the cached result
        var closed = false

        // Fast path: <v>…</v></c>.
        if p + 3 <= end && b[p] == XLSXXMLBytes.lt && b[p + 1] == 0x76 && b[p + 2] == XLSXXMLBytes.gt {
            guard let lt2 = XLSXXMLBytes.find(XLSXXMLBytes.lt, b, from: p + 3, to: end) else { return nil }
            guard lt2 + 8 <= end else { return nil }
            if b[lt2 + 1] == XLSXXMLBytes.slash && b[lt2 + 2] == 0x76 && b[lt2 + 3] == XLSXXMLBytes.gt {
                vStart = p + 3
                vEnd = lt2
                try Self.checkCellSize(vEnd - vStart)
                p = lt2 + 4
                if b[p] == XLSXXMLBytes.lt && b[p + 1] == XLSXXMLBytes.slash && b[p + 2] == 0x63 && b[p + 3] == XLSXXMLBytes.gt {
                    p += 4
                    closed = true
                    // Nearly every cell: a value and nothing else, read where it lies.
                    if let cell = try plainCell(b, type: type, style: style, vStart, vEnd) { return (column, cell, p) }
                }
            }
        } else if type == .inline && p + 7 <= end && XLSXXMLBytes.equals(b, p, p + 7, "<is><t>") {
            // Fast path: <is><t>…</t></is></c> (openpyxl's strings).
            guard let lt2 = XLSXXMLBytes.find(XLSXXMLBytes.lt, b, from: p + 7, to: end) else { return nil }
            guard lt2 + 13 <= end else { return nil }
            if XLSXXMLBytes.equals(b, lt2, lt2 + 9, "</t></is>") {
                let textStart = p + 7
                try Self.checkCellSize(lt2 - textStart)
                p = lt2 + 9
                if XLSXXMLBytes.equals(b, p, p + 4, "</c>") {
                    return (column, textCell(b, textStart, lt2), p + 4)
                }
                inlineText = XLSXXMLBytes.decodeText(b, textStart, lt2)
            }
        }

        while !closed {
            guard let lt = XLSXXMLBytes.find(XLSXXMLBytes.lt, b, from: p, to: end) else { return nil }
            guard let child = try XLSXXMLBytes.scanTag(b, at: lt, end: end) else { return nil }
            p = child.end
            switch child.kind {
            case .close:
                if XLSXXMLBytes.nameIs(b, child, "c") { closed = true }
            case .empty:
                if XLSXXMLBytes.nameIs(b, child, "f") { formula = true }
                if XLSXXMLBytes.nameIs(b, child, "v") { vStart = child.end; vEnd = child.end }
                else if XLSXXMLBytes.nameIs(b, child, "is") { inlineText = "" }
            case .open:
                if XLSXXMLBytes.nameIs(b, child, "v") {
                    guard let lt2 = XLSXXMLBytes.find(XLSXXMLBytes.lt, b, from: child.end, to: end),
                          let next = try XLSXXMLBytes.scanTag(b, at: lt2, end: end) else { return nil }
                    if next.kind == .close {
                        vStart = child.end
                        vEnd = lt2
                        p = next.end
                    } else {
                        scratch.removeAll(keepingCapacity: true)
                        guard let after = try Self.collectPlainText(b, from: child.end, end: end, into: &scratch)
                        else { return nil }
                        slowText = String(decoding: scratch, as: UTF8.self)
                        p = after
                    }
                } else if XLSXXMLBytes.nameIs(b, child, "is") {
                    scratch.removeAll(keepingCapacity: true)
                    guard let after = try XLSXXMLBytes.collectRichText(b, from: child.end, end: end, container: "is",
                                                                       into: &scratch) else { return nil }
                    inlineText = String(decoding: scratch, as: UTF8.self)
                    p = after
                } else {
                    if XLSXXMLBytes.nameIs(b, child, "f") { formula = true }
                    // <f> (the cached <v> is the value), <extLst>, anything else.
                    guard let after = try skipElement(b, child, end: end) else { return nil }
                    p = after
                }
            case .cdata, .other:
                break
            }
        }
        try Self.checkCellSize(p - contentStart)

        let value: RawCell
        let hasValue = vStart >= 0 || slowText != nil
        switch type {
        case .shared:
            if let slowText {
                guard let index = Int(XLSXXMLBytes.trim(slowText)) else {
                    throw XLSXSyntaxError(detail: "共享字符串编号“\(slowText)”不是数字")
                }
                value = try sharedString(index)
            } else if vStart >= 0 {
                guard let index = try sharedIndex(b, vStart, vEnd) else { return (column, .empty, p) }
                value = try sharedString(index)
            } else {
                value = .empty
            }
        case .number:
            var s = vStart, e = vEnd
            if let slowText {
                value = numberValue(XLSXXMLBytes.trim(slowText), style: style)
            } else if s >= 0 {
                while s < e && XLSXXMLBytes.isSpace(b[s]) { s += 1 }
                while e > s && XLSXXMLBytes.isSpace(b[e - 1]) { e -= 1 }
                if s == e {
                    value = .empty
                } else {
                    value = numberValue(String(decoding: UnsafeBufferPointer(start: b + s, count: e - s), as: UTF8.self),
                                        style: style)
                }
            } else {
                value = .empty
            }
        case .inline:
            if let inlineText { value = .text(inlineText) }
            else if let slowText { value = .text(slowText) }
            else if vStart >= 0 { value = .text(XLSXXMLBytes.decodeText(b, vStart, vEnd)) }
            else { value = .empty }
        case .boolean:
            if hasValue {
                let text = slowText ?? XLSXXMLBytes.decodeText(b, vStart, vEnd)
                switch XLSXXMLBytes.trim(text).lowercased() {
                case "1", "true": value = .boolean(true)
                case "0", "false": value = .boolean(false)
                case "": value = .empty
                default: value = .text(text)
                }
            } else {
                value = .empty
            }
        case .error:
            value = hasValue ? .error(slowText ?? XLSXXMLBytes.decodeText(b, vStart, vEnd)) : .empty
        case .string, .isoDate:
            value = hasValue ? .text(slowText ?? XLSXXMLBytes.decodeText(b, vStart, vEnd)) : .empty
        }
        // A formula whose result was never computed: openpyxl writes none, XlsxWriter a 0 for every
        // formula. Reading either as the value would make an empty cell or 0 hours of a formula.
        if formula {
            switch value {
            case .empty, .number("0"): return (column, other(.error(RawCell.uncalculatedFormula)), p)
            default: break
            }
        }
        return (column, other(value), p)
    }

    /// The cell of a `<v>` that is the cell's only content, as `parseCell` would read it, where its bytes
    /// are; nil for a boolean or an error, which are read as values.
    @inline(__always)
    private mutating func plainCell(_ b: UnsafePointer<UInt8>, type: CellType, style: Int,
                                    _ vStart: Int, _ vEnd: Int) throws(XLSXSyntaxError) -> Cell? {
        switch type {
        case .shared:
            guard let index = try sharedIndex(b, vStart, vEnd) else { return .empty }
            try checkShared(index)
            let (offset, count) = sharedStrings.span(index)
            return Cell(offset: offset, count: Int32(count), source: .strings, kind: .text)
        case .number:
            var s = vStart, e = vEnd
            while s < e && XLSXXMLBytes.isSpace(b[s]) { s += 1 }
            while e > s && XLSXXMLBytes.isSpace(b[e - 1]) { e -= 1 }
            if s == e { return .empty }
            guard styles.isDate(style: style) else { return Cell(offset: s, count: Int32(e - s), source: .xml, kind: .number) }
            if date1904 {
                let literal = String(decoding: UnsafeBufferPointer(start: b + s, count: e - s), as: UTF8.self)
                return other(.date(Self.shift1904(literal)))
            }
            return Cell(offset: s, count: Int32(e - s), source: .xml, kind: .date)
        case .inline, .string, .isoDate:
            return textCell(b, vStart, vEnd)
        case .boolean, .error:
            return nil
        }
    }

    /// The index a shared-string cell's `<v>` holds; nil when it holds only white space.
    @inline(__always)
    private func sharedIndex(_ b: UnsafePointer<UInt8>, _ vStart: Int, _ vEnd: Int) throws(XLSXSyntaxError) -> Int? {
        if let index = XLSXXMLBytes.parseInt(b, vStart, vEnd) { return index }
        if XLSXXMLBytes.trim(XLSXXMLBytes.decodeText(b, vStart, vEnd)).isEmpty { return nil }
        throw XLSXSyntaxError(detail: "共享字符串编号“\(XLSXXMLBytes.decodeText(b, vStart, vEnd))”不是数字")
    }

    @inline(__always)
    private func checkShared(_ index: Int) throws(XLSXSyntaxError) {
        guard index >= 0 && index < sharedStrings.count else {
            throw XLSXSyntaxError(detail: "共享字符串编号 \(index) 超出范围，共享字符串表只有 \(sharedStrings.count) 项")
        }
    }

    private func sharedString(_ index: Int) throws(XLSXSyntaxError) -> RawCell {
        try checkShared(index)
        return .text(sharedStrings.string(index))
    }

    @inline(__always)
    private func numberValue(_ literal: String, style: Int) -> RawCell {
        guard styles.isDate(style: style) else { return .number(literal) }
        return .date(date1904 ? Self.shift1904(literal) : literal)
    }

    /// A serial of the 1904 date system as the 1900 system's serial (+1462 days), as text, keeping any
    /// fraction exactly as written.
    static func shift1904(_ literal: String) -> String {
        let utf8 = Array(literal.utf8)
        var i = 0
        while i < utf8.count && utf8[i] >= 0x30 && utf8[i] <= 0x39 { i += 1 }
        let rest = utf8[i...]
        let fractionIsPlain = rest.isEmpty || (rest.first == 0x2E && rest.dropFirst().allSatisfy { $0 >= 0x30 && $0 <= 0x39 })
        if i > 0 && i <= 15 && fractionIsPlain, let days = Int(String(decoding: utf8[..<i], as: UTF8.self)) {
            return String(days + 1462) + String(decoding: rest, as: UTF8.self)
        }
        guard let value = Double(literal) else { return literal }
        let shifted = value + 1462
        if shifted == shifted.rounded(), abs(shifted) < 1e15 { return String(Int(shifted)) }
        return String(shifted)
    }

    private static func cellType(_ b: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> CellType {
        switch e - s {
        case 1:
            switch b[s] {
            case 0x73: return .shared      // s
            case 0x6E: return .number      // n
            case 0x62: return .boolean     // b
            case 0x65: return .error       // e
            case 0x64: return .isoDate     // d
            default: return .string
            }
        case 3 where XLSXXMLBytes.equals(b, s, e, "str"):
            return .string
        case 9 where XLSXXMLBytes.equals(b, s, e, "inlineStr"):
            return .inline
        default:
            return XLSXXMLBytes.equals(b, s, e, "") ? .number : .string
        }
    }

    /// Skips the element whose start tag is `open`: returns the offset after its end tag, or nil.
    private func skipElement(_ b: UnsafePointer<UInt8>, _ open: XLSXTag, end: Int) throws(XLSXSyntaxError) -> Int? {
        var depth = 1
        var p = open.end
        while true {
            guard let lt = XLSXXMLBytes.find(XLSXXMLBytes.lt, b, from: p, to: end) else { return nil }
            guard let tag = try XLSXXMLBytes.scanTag(b, at: lt, end: end) else { return nil }
            p = tag.end
            if tag.kind == .open {
                depth += 1
                guard depth <= Self.maximumDepth else {
                    throw XLSXSyntaxError(detail: "元素嵌套超过 \(Self.maximumDepth) 层（上限 maximumDepth）")
                }
            } else if tag.kind == .close {
                depth -= 1
                if depth == 0 { return p }
            }
        }
    }

    /// The text of an element (`<v>`) that holds CDATA sections or comments: appends the decoded text to
    /// `out` and returns the offset after the element's end tag, or nil.
    private static func collectPlainText(_ b: UnsafePointer<UInt8>, from: Int, end: Int,
                                         into out: inout [UInt8]) throws(XLSXSyntaxError) -> Int? {
        var p = from
        var depth = 0
        while true {
            guard let lt = XLSXXMLBytes.find(XLSXXMLBytes.lt, b, from: p, to: end) else { return nil }
            if depth == 0 { XLSXXMLBytes.appendDecoded(b, p, lt, into: &out) }
            guard let tag = try XLSXXMLBytes.scanTag(b, at: lt, end: end) else { return nil }
            p = tag.end
            switch tag.kind {
            case .cdata:
                if depth == 0 {
                    out.append(contentsOf: UnsafeBufferPointer(start: b + tag.attrStart, count: tag.attrEnd - tag.attrStart))
                }
            case .open: depth += 1
            case .close:
                if depth == 0 { return p }
                depth -= 1
            case .empty, .other: break
            }
        }
    }
}
