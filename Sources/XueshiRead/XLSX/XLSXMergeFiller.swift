/// Fills the cells of merged ranges that span more than one row with the value of the range's top-left
/// cell, row by row as the main pass emits them (a unit name merged over several people's rows reaches
/// every one of those rows). A merge within one row, such as a title over A1:L1, is left as written: the
/// value in its first cell only. Memory: the list of merges and the ones open at the current row.
struct XLSXMergeFiller {
    private var pending: [XLSXMergedRange]   // multi-row merges, by first row
    private var next = 0
    private var open: [(range: XLSXMergedRange, value: RawCell)] = []

    /// Columns past this are never filled (Excel's last column is XFD, index 16383).
    static let maximumColumn = 16383

    init(ranges: [XLSXMergedRange]) {
        pending = ranges
            .filter { $0.lastRow > $0.firstRow && $0.firstColumn <= Self.maximumColumn }
            .sorted { ($0.firstRow, $0.firstColumn) < ($1.firstRow, $1.firstColumn) }
    }

    var isEmpty: Bool { pending.isEmpty }

    /// Whether `fill(row:cells:)` would leave row `row` as it is and change nothing: no merge is open
    /// at the row and none starts by it. Rows must be asked in the order they are filled.
    mutating func isIdle(atRow row: Int) -> Bool {
        if !open.isEmpty {
            open.removeAll { $0.range.lastRow < row }
            if !open.isEmpty { return false }
        }
        return next == pending.count || pending[next].firstRow > row
    }

    /// Applies the merges that cover row `row` to its cells (column A first). Returns the cells filled
    /// from a row above: column → the merge's first row.
    @discardableResult
    mutating func fill(row: Int, cells: inout [RawCell]) -> [Int: Int] {
        var filled: [Int: Int] = [:]
        if !open.isEmpty { open.removeAll { $0.range.lastRow < row } }
        while next < pending.count && pending[next].firstRow <= row {
            let range = pending[next]
            next += 1
            // A merge whose top row is missing from the file (or already behind) has no value to spread.
            guard range.firstRow == row, range.lastRow >= row else { continue }
            let value = range.firstColumn < cells.count ? cells[range.firstColumn] : .empty
            if value != .empty { open.append((range, value)) }
        }
        for (range, value) in open {
            let last = min(range.lastColumn, Self.maximumColumn)
            if cells.count <= last {
                cells.reserveCapacity(last + 1)
                while cells.count <= last { cells.append(.empty) }
            }
            for column in range.firstColumn...last where !(row == range.firstRow && column == range.firstColumn) {
                cells[column] = value
                if row > range.firstRow { filled[column] = range.firstRow }
            }
        }
        return filled
    }
}
