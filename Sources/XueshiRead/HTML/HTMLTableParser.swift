/// The tables of a page from its tokens, forgiving as a browser is: `</td>`, `</tr>` and `</table>` may be
/// missing (the next cell, row or table ends the one before), `<th>` is a cell, a cell outside any
/// `<tr>` starts a row, `<thead>`/`<tbody>`/`<tfoot>` group rows. Tables are numbered by their start tags
/// in the page's order, nested ones included.
///
/// A table in a cell of another is a table of its own: none of its text joins the outer cell, which keeps
/// its own text before and after it, on separate lines. A table whose cells hold nothing but other
/// tables is a frame for laying the page out, and is not listed.
///
/// Two uses: listing the tables (`target` nil), or the rows of one table (`target` its number), handed
/// to `onRow` as each row ends. A row still open when the file ends may have been cut short, and is left
/// out; `</body>` or `</html>` end the page and whatever tables are open.
struct HTMLTableParser: HTMLTokenSink {
    /// Deeper nesting is refused: pages nest a table or two for layout, not more.
    static let maximumNesting = 16
    /// More tables than this is no export.
    static let maximumTables = 10_000

    /// A table the listing found.
    struct Table: Equatable {
        var number: Int
        /// Its cells hold only other tables.
        var isFrame: Bool
    }

    private struct OpenTable {
        var number: Int
        var rows = 0
        var rowOpen = false
        var cell: OpenCell?
        var hasText = false
        var hasTables = false
    }

    private struct OpenCell {
        var text = HTMLCellText()
        var column = 0
        var colspan = 1
        var rowspan = 1
        var value: String?
        var format: String?
    }

    let target: Int?
    var onRow: ((RawRow) throws -> Void)?
    /// The tables listed, in page order (listing only).
    private(set) var tables: [Table] = []
    /// The target table has ended: nothing more is wanted from the page.
    private(set) var isDone = false

    private var open: [OpenTable] = []
    private var tablesSeen = 0
    private var grid = HTMLTableGrid()
    /// Asked for every run of text and every cell: kept up to date by `refresh` rather than read from
    /// `open`, whose elements (with their cell's text) would be copied to answer.
    private(set) var wantsText = false
    private var readsTop = false

    init(target: Int?, onRow: ((RawRow) throws -> Void)? = nil) {
        self.target = target
        self.onRow = onRow
    }

    /// Where the page is being read, for a message: "表格2第 15 行".
    var position: String {
        if let t = open.indices.last {
            let number = open[t].number, rows = open[t].rows
            return rows > 0 ? "表格\(number)第 \(rows) 行" : "表格\(number)的开头"
        }
        return tablesSeen == 0 ? "第一个表格之前" : "表格\(tablesSeen)之后"
    }

    /// The row and column of the target table's cell being read, when there is one: "第 15 行第 3 列".
    var cellPosition: String? {
        guard let t = open.indices.last, readsTop, let column = open[t].cell?.column else { return nil }
        return "第 \(open[t].rows) 行第 \(column + 1) 列"
    }

    // MARK: - Tokens

    mutating func startTag(_ tag: HTMLTag, attributes: HTMLAttributes) throws {
        switch tag {
        case .table:
            if let t = open.indices.last, open[t].cell == nil {
                // A table where a row or cell should be: a browser ends the current table first.
                try closeTable()
            }
            try openTable()
        case .tr:
            guard !open.isEmpty else { return }
            try endCell()
            try endRow()
            try startRow()
        case .td, .th:
            guard !open.isEmpty else { return }
            try endCell()
            if !open[open.count - 1].rowOpen { try startRow() }
            try startCell(attributes)
        case .thead, .tbody, .tfoot:
            try endRowGroup()
        case .br:
            lineBreak()
        case .block:
            blockBoundary()
        case .meta, .body, .rawText, .other:
            break
        }
    }

    mutating func endTag(_ tag: HTMLTag) throws {
        switch tag {
        case .table:
            if !open.isEmpty { try closeTable() }
        case .tr:
            guard !open.isEmpty else { return }
            try endCell()
            try endRow()
        case .td, .th:
            guard !open.isEmpty else { return }
            try endCell()
        case .thead, .tbody, .tfoot:
            try endRowGroup()
        case .br:
            // "</br>" is read as "<br>" by browsers.
            lineBreak()
        case .block:
            blockBoundary()
        case .body:
            while !open.isEmpty && !isDone { try closeTable() }
        case .meta, .rawText, .other:
            break
        }
    }

    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        try open[open.count - 1].cell!.text.append(bytes)
    }

    mutating func character(_ scalar: Unicode.Scalar) throws {
        try open[open.count - 1].cell!.text.append(scalar)
    }

    /// The end of the page: open tables end there, their open rows left out.
    mutating func finish() {
        while let top = open.popLast() {
            listIfListing(top)
            if top.number == target { isDone = true }
        }
        refresh()
    }

    /// Recomputes what depends on the innermost table, after it or its cell changed.
    private mutating func refresh() {
        guard let t = open.indices.last else {
            wantsText = false
            readsTop = false
            return
        }
        readsTop = open[t].number == target
        let cellOpen = open[t].cell != nil
        wantsText = cellOpen && (target == nil ? !open[t].hasText : readsTop)
    }

    // MARK: - Structure

    private mutating func openTable() throws {
        guard open.count < Self.maximumNesting else {
            throw HTMLProblem.limit("表格嵌套超过 \(Self.maximumNesting) 层，不像是导出的数据")
        }
        guard tablesSeen < Self.maximumTables else {
            throw HTMLProblem.limit("网页里的表格超过 \(Self.maximumTables) 个，不像是导出的数据")
        }
        if !open.isEmpty {
            open[open.count - 1].hasTables = true
            // A table is a block: the outer cell's text before and after it is on separate lines.
            blockBoundary()
        }
        tablesSeen += 1
        open.append(OpenTable(number: tablesSeen))
        if tablesSeen == target { grid = HTMLTableGrid() }
        refresh()
    }

    private mutating func closeTable() throws {
        try endCell()
        try endRow()
        let top = open.removeLast()
        listIfListing(top)
        if top.number == target { isDone = true }
        refresh()
        blockBoundary()
    }

    private mutating func listIfListing(_ table: OpenTable) {
        guard target == nil else { return }
        let entry = Table(number: table.number, isFrame: table.hasTables && !table.hasText)
        let index = tables.lastIndex { $0.number < entry.number }.map { $0 + 1 } ?? 0
        tables.insert(entry, at: index)
    }

    private mutating func startRow() throws {
        let t = open.count - 1
        open[t].rows += 1
        open[t].rowOpen = true
        if readsTop { try grid.startRow(open[t].rows) }
    }

    private mutating func endRow() throws {
        let t = open.count - 1
        guard open[t].rowOpen else { return }
        open[t].rowOpen = false
        if readsTop, let onRow { try onRow(grid.finishRow()) }
    }

    private mutating func endRowGroup() throws {
        guard !open.isEmpty else { return }
        try endCell()
        try endRow()
        if readsTop { grid.endRowGroup() }
    }

    private mutating func startCell(_ attributes: HTMLAttributes) throws {
        var cell = OpenCell()
        cell.colspan = attributes.integer(.colspan).map { $0 == 0 ? 1 : min($0, HTMLTableGrid.maximumColspan) } ?? 1
        // rowspan="0" spans the rest of the row group.
        cell.rowspan = attributes.integer(.rowspan).map { $0 == 0 ? HTMLTableGrid.maximumRowspan : min($0, HTMLTableGrid.maximumRowspan) } ?? 1
        if readsTop {
            cell.value = attributes[.sdval]
            cell.format = attributes[.sdnum]
            cell.column = try grid.beginCell(colspan: cell.colspan)
        }
        open[open.count - 1].cell = cell
        refresh()
    }

    private mutating func endCell() throws {
        let t = open.count - 1
        guard let cell = open[t].cell else { return }
        open[t].cell = nil
        if readsTop {
            try grid.endCell(at: cell.column, colspan: cell.colspan, rowspan: cell.rowspan, value: Self.value(of: cell))
        } else if target == nil && !open[t].hasText && !RawCell.text(cell.text.text).isBlank {
            open[t].hasText = true
        }
        refresh()
    }

    private mutating func lineBreak() {
        guard !open.isEmpty, open[open.count - 1].cell != nil else { return }
        open[open.count - 1].cell!.text.lineBreak()
    }

    private mutating func blockBoundary() {
        guard !open.isEmpty, open[open.count - 1].cell != nil else { return }
        open[open.count - 1].cell!.text.blockBoundary()
    }

    /// A cell's value: its text, except where a spreadsheet program saved a date: then the serial it
    /// wrote beside the text, which shows the date in a locale's form ("03/05/24") that cannot be read
    /// back without guessing. That is what an .xlsx of the same sheet holds (`RawCell.date`).
    private static func value(of cell: OpenCell) -> RawCell {
        if let format = cell.format, let serial = cell.value.map(XLSXXMLBytes.trim), isSerial(serial),
           let code = dateFormatCode(format), XLSXStyles.isDateFormat(code) {
            return .date(serial)
        }
        return cell.text.isEmpty ? .empty : .text(cell.text.text)
    }

    /// The number format of an `sdnum` attribute, "LANGUAGE;SYSTEM-LANGUAGE;FORMAT": what follows the
    /// second ";" (nil when there is none: the default format).
    private static func dateFormatCode(_ sdnum: String) -> String? {
        let parts = sdnum.split(separator: ";", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[2].isEmpty else { return nil }
        return String(parts[2])
    }

    /// "45356" or "45721.375": a serial day number as the program writes it.
    private static func isSerial(_ text: String) -> Bool {
        let pieces = text.utf8.split(separator: 0x2E, maxSplits: 1, omittingEmptySubsequences: false)
        func digits(_ part: Substring.UTF8View.SubSequence) -> Bool { !part.isEmpty && part.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        guard let whole = pieces.first, whole.count <= 7, digits(whole) else { return false }
        return pieces.count == 1 || digits(pieces[1])
    }
}
