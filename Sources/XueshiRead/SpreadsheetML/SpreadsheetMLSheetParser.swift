/// The main pass over one worksheet of an Excel 2003 XML file: takes the tokens of the whole file,
/// passes over the worksheets before the one it reads, and emits each `<Row>` of that one as a `RawRow`
/// once its end tag has come.
///
/// Where cells go, as the format says: a `<Row>` is row `ss:Index`, else the row after the previous one
/// (and the rows its `ss:Span` adds); a `<Cell>` is in column `ss:Index`, else just after the previous
/// cell and the columns its `ss:MergeAcross` takes. The cells a merge covers are not written, so the
/// cell after them carries an `ss:Index` (Excel writes one); a cell that lands on a covered cell with a
/// value is refused rather than read into a column it was not meant for. The rows an `ss:Span` adds
/// have no cells of their own and are not handed on, even under a merge from above: as in an .xlsx, a
/// merge fills the rows the file writes.
struct SpreadsheetMLSheetParser {
    /// Excel's last column, XFD, and last row.
    static let maximumColumns = 16_384
    static let maximumRows = 1_048_576
    /// Excel keeps at most 32,767 characters in a cell; far more than that is no cell of an export.
    static let maximumCellTextBytes = 1 << 20

    /// Which worksheet to read: 0 for the first in the file.
    let ordinal: Int
    let styles: SpreadsheetMLStyles

    private var worksheets = 0
    private var inSheet = false
    private var inTable = false
    private(set) var isDone = false

    private var tableStyle: String?
    /// Styles of columns (`<Column ss:StyleID>`), for cells that name none: 0-based column ranges.
    private var columnStyles: [(first: Int, last: Int, style: String)] = []
    private var nextColumn = 0

    // The row being read.
    private var inRow = false
    /// The last row the file has described so far (a row and those its span adds).
    private var lastRow = 0
    /// The row being read, or the last one read: for messages.
    private(set) var row = 0
    private var rowSpan = 0
    private var rowStyle: String?
    private var cells: [RawCell] = []
    private var lastColumn = -1
    private var merges = SpreadsheetMLMerges()
    private var widthHint = 8

    // The cell being read.
    private var inCell = false
    private var cellIndex: Int?
    private var cellAcross = 0
    private var cellDown = 0
    private var cellStyle: String?
    private var cellFormula = false
    private var value: RawCell?

    // Its <Data>.
    private var inData = false
    private var dataType = SpreadsheetMLValues.DataType.string
    private var text: [UInt8] = []

    init(ordinal: Int, styles: SpreadsheetMLStyles) {
        self.ordinal = ordinal
        self.styles = styles
    }

    /// Takes one token; answers false once the worksheet has been read (nothing after it is needed).
    mutating func consume(_ token: SpreadsheetMLToken, _ b: UnsafePointer<UInt8>,
                          _ emit: (RawRow) throws -> Void) throws -> Bool {
        switch token {
        case .text(let s, let e):
            if inData { try append(b, s, e, decode: true) }
        case .cdata(let s, let e):
            if inData { try append(b, s, e, decode: false) }
        case .start(let tag, let depth):
            let isEmpty = tag.kind == .empty
            switch depth {
            case 2 where XLSXXMLBytes.nameIs(b, tag, "Worksheet"):
                worksheets += 1
                if worksheets - 1 == ordinal {
                    inSheet = true
                    if isEmpty { isDone = true }
                }
            case 3 where inSheet && XLSXXMLBytes.nameIs(b, tag, "Table"):
                inTable = !isEmpty
                var pos = tag.attrStart
                while let a = try SpreadsheetMLAttributes.next(b, &pos, tag) {
                    if SpreadsheetMLAttributes.isNamed(b, a, "StyleID") { tableStyle = try SpreadsheetMLAttributes.string(b, a) }
                }
            case 4 where inTable:
                if XLSXXMLBytes.nameIs(b, tag, "Row") {
                    try startRow(b, tag)
                    if isEmpty { try finishRow(emit) }
                } else if XLSXXMLBytes.nameIs(b, tag, "Column") {
                    try column(b, tag)
                }
            case 5 where inRow && XLSXXMLBytes.nameIs(b, tag, "Cell"):
                try startCell(b, tag)
                if isEmpty { try finishCell() }
            case 6 where inCell && value == nil && XLSXXMLBytes.nameIs(b, tag, "Data"):
                dataType = .string
                var pos = tag.attrStart
                while let a = try SpreadsheetMLAttributes.next(b, &pos, tag) {
                    if SpreadsheetMLAttributes.isNamed(b, a, "Type") { dataType = SpreadsheetMLValues.dataType(b, a) }
                }
                text.removeAll(keepingCapacity: true)
                if isEmpty { try finishData() } else { inData = true }
            default:
                break
            }
        case .end(_, let depth):
            switch depth {
            case 6 where inData: try finishData()
            case 5 where inCell: try finishCell()
            case 4 where inRow: try finishRow(emit)
            case 3 where inTable: inTable = false; isDone = true
            case 2 where inSheet: inSheet = false; isDone = true
            default: break
            }
        }
        return !isDone
    }

    // MARK: - Columns

    private mutating func column(_ b: UnsafePointer<UInt8>, _ tag: XLSXTag) throws(SpreadsheetMLError) {
        var index: Int?
        var span = 0
        var style: String?
        var pos = tag.attrStart
        while let a = try SpreadsheetMLAttributes.next(b, &pos, tag) {
            if SpreadsheetMLAttributes.isNamed(b, a, "Index") { index = try SpreadsheetMLAttributes.integer(b, a, minimum: 1) - 1 }
            else if SpreadsheetMLAttributes.isNamed(b, a, "Span") { span = try SpreadsheetMLAttributes.integer(b, a, minimum: 0) }
            else if SpreadsheetMLAttributes.isNamed(b, a, "StyleID") { style = try SpreadsheetMLAttributes.string(b, a) }
        }
        let first = index ?? nextColumn
        // Columns only lend their style to cells: one out of order or past XFD is passed over.
        guard first >= nextColumn, first < Self.maximumColumns else { return }
        let last = min(first + min(span, Self.maximumColumns), Self.maximumColumns - 1)
        nextColumn = last + 1
        if let style { columnStyles.append((first, last, style)) }
    }

    private func columnStyle(_ column: Int) -> String? {
        var low = 0, high = columnStyles.count
        while low < high {
            let mid = (low + high) / 2
            if columnStyles[mid].last < column { low = mid + 1 } else { high = mid }
        }
        return low < columnStyles.count && columnStyles[low].first <= column ? columnStyles[low].style : nil
    }

    // MARK: - Rows

    private mutating func startRow(_ b: UnsafePointer<UInt8>, _ tag: XLSXTag) throws(SpreadsheetMLError) {
        var index: Int?
        rowSpan = 0
        rowStyle = nil
        var pos = tag.attrStart
        while let a = try SpreadsheetMLAttributes.next(b, &pos, tag) {
            if SpreadsheetMLAttributes.isNamed(b, a, "Index") { index = try SpreadsheetMLAttributes.integer(b, a, minimum: 1) }
            else if SpreadsheetMLAttributes.isNamed(b, a, "Span") { rowSpan = try SpreadsheetMLAttributes.integer(b, a, minimum: 0) }
            else if SpreadsheetMLAttributes.isNamed(b, a, "StyleID") { rowStyle = try SpreadsheetMLAttributes.string(b, a) }
        }
        let number = index ?? lastRow + 1
        guard number > lastRow else {
            throw .malformed("行号 ss:Index=\"\(number)\" 不大于前面已有的第 \(lastRow) 行，行的顺序错乱")
        }
        guard number <= Self.maximumRows, rowSpan <= Self.maximumRows - number else {
            throw .malformed("行号超出 Excel 的最大行 \(Self.maximumRows)")
        }
        row = number
        inRow = true
        lastColumn = -1
        cells.removeAll(keepingCapacity: true)
        merges.begin(row: number)
    }

    private mutating func finishRow(_ emit: (RawRow) throws -> Void) throws {
        inRow = false
        lastRow = row + rowSpan
        while let last = cells.last, case .empty = last { cells.removeLast() }
        var filled: [Int: Int] = [:]
        if !merges.isEmpty { filled = merges.fill(row: row, cells: &cells) }
        guard !cells.isEmpty else { return }
        widthHint = max(widthHint, cells.count)
        var raw = RawRow(number: row, cells: cells)
        raw.mergedFrom = filled
        cells = []
        cells.reserveCapacity(widthHint)
        try emit(raw)
    }

    // MARK: - Cells

    private mutating func startCell(_ b: UnsafePointer<UInt8>, _ tag: XLSXTag) throws(SpreadsheetMLError) {
        cellIndex = nil
        cellAcross = 0
        cellDown = 0
        cellStyle = nil
        cellFormula = false
        value = nil
        var pos = tag.attrStart
        while let a = try SpreadsheetMLAttributes.next(b, &pos, tag) {
            if SpreadsheetMLAttributes.isNamed(b, a, "Index") { cellIndex = try SpreadsheetMLAttributes.integer(b, a, minimum: 1) }
            else if SpreadsheetMLAttributes.isNamed(b, a, "MergeAcross") { cellAcross = try SpreadsheetMLAttributes.integer(b, a, minimum: 0) }
            else if SpreadsheetMLAttributes.isNamed(b, a, "MergeDown") { cellDown = try SpreadsheetMLAttributes.integer(b, a, minimum: 0) }
            else if SpreadsheetMLAttributes.isNamed(b, a, "StyleID") { cellStyle = try SpreadsheetMLAttributes.string(b, a) }
            else if SpreadsheetMLAttributes.isNamed(b, a, "Formula") { cellFormula = true }
        }
        inCell = true
    }

    private mutating func append(_ b: UnsafePointer<UInt8>, _ s: Int, _ e: Int, decode: Bool) throws(SpreadsheetMLError) {
        if decode {
            XLSXXMLBytes.appendDecoded(b, s, e, into: &text, ooxmlEscapes: false)
        } else {
            text.append(contentsOf: UnsafeBufferPointer(start: b + s, count: e - s))
        }
        guard text.count <= Self.maximumCellTextBytes else {
            throw .malformed("单元格的文字超过 \(Self.maximumCellTextBytes >> 20) MB（Excel 的单元格最多 32767 个字符）")
        }
    }

    private mutating func finishData() throws(SpreadsheetMLError) {
        inData = false
        let string = try SpreadsheetMLAttributes.utf8(text)
        let column = cellIndex.map { $0 - 1 } ?? lastColumn + 1
        value = SpreadsheetMLValues.cell(dataType, string, isDateStyle: styles.isDate(
            cellStyle ?? rowStyle ?? columnStyle(column) ?? tableStyle))
    }

    private mutating func finishCell() throws(SpreadsheetMLError) {
        inCell = false
        // A formula Excel has not computed is saved without a value (a template may write one so).
        let value = self.value ?? (cellFormula ? .error(RawCell.uncalculatedFormula) : .empty)
        self.value = nil

        let column: Int
        if let cellIndex {
            column = cellIndex - 1
            guard column > lastColumn else {
                throw .malformed("单元格的列号 ss:Index=\"\(cellIndex)\" 不在前一个单元格（及其合并的列）之后")
            }
        } else {
            column = lastColumn + 1
        }
        guard column < Self.maximumColumns, cellAcross < Self.maximumColumns - column else {
            throw .malformed("单元格的列超出 Excel 的最大列 XFD")
        }
        guard cellDown <= Self.maximumRows - row else {
            throw .malformed("向下合并（ss:MergeDown=\"\(cellDown)\"）超出 Excel 的最大行 \(Self.maximumRows)")
        }
        let last = column + cellAcross
        lastColumn = last

        if let merged = merges.coveringRow(column, last) {
            // Empty cells written for the covered ones carry formatting only.
            if value == .empty { return }
            throw .malformed("第 \(Self.columnName(column)) 列的单元格落在第 \(merged) 行向下合并的单元格里；"
                + "按 Excel 2003 XML 的规定，被合并的单元格不写出，其后的单元格要用 ss:Index 标明列号，这个文件没有这样写，各列可能错位")
        }
        if value != .empty {
            if column >= cells.count {
                cells.reserveCapacity(column + 1)
                while cells.count < column { cells.append(.empty) }
                cells.append(value)
            } else {
                cells[column] = value
            }
        }
        if cellDown > 0 {
            merges.start(.init(firstRow: row, lastRow: row + cellDown, firstColumn: column, lastColumn: last, value: value))
        }
    }

    /// "A", "Z", "AA": a column as a spreadsheet names it.
    static func columnName(_ column: Int) -> String {
        var n = column + 1
        var name = ""
        while n > 0 {
            let r = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + r))) + name
            n = (n - 1) / 26
        }
        return name
    }
}
