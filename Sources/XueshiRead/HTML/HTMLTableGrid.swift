/// Lays the cells of one table's rows out in columns, as a browser does, and gives `rowspan` and
/// `colspan` the meaning an .xlsx merge has (see `XLSXMergeFiller`):
/// - a cell spanning several rows fills its value into every cell of its range, in its own row and the
///   rows below, and the rows below record `mergedFrom[column] = firstRow`;
/// - a cell spanning several columns of one row keeps its value in its first column only, the others empty;
/// - either way the spanned columns are taken, and later cells of the row move right past them.
/// Rows spanned are the rows the page has: a span stops at the end of its row group (`<thead>`,
/// `<tbody>`, `<tfoot>`) and of the table, as in a browser. Memory: the current row and the spans open
/// over it.
struct HTMLTableGrid {
    /// Excel's last column is XFD, the 16384th.
    static let maximumColumns = 16384
    static let maximumColspan = 16384
    /// The most rows of an .xls sheet, where such pages come from.
    static let maximumRowspan = 65536
    /// Cells that spans may fill in all (beyond the cells the page writes): a few wide spans over many
    /// rows would otherwise turn a small file into billions of cells.
    static let maximumSpannedCells = 1 << 20

    /// A cell spanning rows, still open over the rows below its own.
    private struct Span {
        var firstColumn: Int
        var lastColumn: Int
        var firstRow: Int
        var lastRow: Int
        var value: RawCell
    }

    private var spans: [Span] = []
    private var row = 0
    private var cells: [RawCell] = []
    /// Per column of the row: 0 free, `fromAbove` filled by a span from a row above, `ofThisRow` a cell of this row.
    private var owner: [UInt8] = []
    private static let fromAbove: UInt8 = 1, ofThisRow: UInt8 = 2
    private var mergedFrom: [Int: Int] = [:]
    /// Where the next cell of the row goes, at the first column not taken from there on.
    private var cursor = 0
    private var spannedCells = 0

    /// Starts row `number`, with the cells that spans from rows above fill into it.
    mutating func startRow(_ number: Int) throws {
        row = number
        cells.removeAll(keepingCapacity: true)
        owner.removeAll(keepingCapacity: true)
        mergedFrom = [:]
        cursor = 0
        if spans.isEmpty { return }
        spans.removeAll { $0.lastRow < row }
        for span in spans {
            try count(span.lastColumn - span.firstColumn + 1)
            extend(to: span.lastColumn + 1)
            for column in span.firstColumn...span.lastColumn {
                cells[column] = span.value
                owner[column] = Self.fromAbove
                if span.value != .empty { mergedFrom[column] = span.firstRow }
            }
        }
    }

    /// Takes the columns for a cell that spans `colspan` columns: the first ones free from the cursor on.
    /// Returns its first column.
    mutating func beginCell(colspan: Int) throws -> Int {
        var column = cursor
        while column < owner.count && owner[column] != 0 { column += 1 }
        guard column < Self.maximumColumns else {
            throw HTMLProblem.limit("一行的单元格超过 \(Self.maximumColumns) 列（Excel 的最大列数）")
        }
        let width = min(max(colspan, 1), Self.maximumColumns - column)
        extend(to: column + width)
        for c in column..<(column + width) where owner[c] == 0 { owner[c] = Self.ofThisRow }
        cursor = column + width
        return column
    }

    /// Puts the value of the cell begun at `column` with `colspan` columns, and opens its span over
    /// `rowspan` rows.
    mutating func endCell(at column: Int, colspan: Int, rowspan: Int, value: RawCell) throws {
        let width = min(max(colspan, 1), Self.maximumColumns - column)
        let height = min(max(rowspan, 1), Self.maximumRowspan)
        cells[column] = value
        if width > 1 {
            try count(width - 1)
            // Columns a span from above already fills keep that value; the rest get this cell's.
            let fill: RawCell = height > 1 ? value : .empty
            for c in (column + 1)..<(column + width) where owner[c] == Self.ofThisRow { cells[c] = fill }
        }
        if height > 1 {
            spans.append(Span(firstColumn: column, lastColumn: column + width - 1, firstRow: row,
                              lastRow: row + height - 1, value: value))
        }
    }

    /// The row as it stands.
    func finishRow() -> RawRow {
        var raw = RawRow(number: row, cells: cells)
        raw.mergedFrom = mergedFrom
        return raw
    }

    /// The end of a row group: spans stop here.
    mutating func endRowGroup() {
        spans.removeAll()
    }

    private mutating func extend(to count: Int) {
        if cells.count < count {
            cells.append(contentsOf: repeatElement(.empty, count: count - cells.count))
            owner.append(contentsOf: repeatElement(0, count: count - owner.count))
        }
    }

    private mutating func count(_ filled: Int) throws {
        spannedCells += filled
        if spannedCells > Self.maximumSpannedCells {
            throw HTMLProblem.limit("跨行、跨列合并（rowspan/colspan）展开后的单元格超过 \(Self.maximumSpannedCells) 个，不像是导出的数据")
        }
    }
}
