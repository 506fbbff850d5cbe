/// The merged cells that reach below their row (`ss:MergeDown`), as the rows are read: the cells they
/// cover, and the value each fills into the rows below, as an .xlsx's merges are filled (see
/// `XLSXMergeFiller`): every cell of a merge over several rows gets its value, and the cells below its
/// first row are recorded as coming from that row. A merge within one row (`ss:MergeAcross` alone)
/// only moves the next cell's column; its value stays in its first cell.
///
/// The merges kept never overlap (a cell that would overlap one is refused, or not kept when it is an
/// empty placeholder), so at most one per column is open: memory is bounded by the columns.
struct SpreadsheetMLMerges {
    struct Merge {
        var firstRow: Int
        var lastRow: Int
        /// 0-based.
        var firstColumn: Int
        var lastColumn: Int
        var value: RawCell
    }

    /// Merges from rows above that still cover rows, by first column.
    private var open: [Merge] = []
    /// Merges started in the current row.
    private var started: [Merge] = []
    /// Into `open`, for the current row's cells, which come in column order.
    private var cursor = 0

    var isEmpty: Bool { open.isEmpty && started.isEmpty }

    /// Starts row `row`: merges that end above it are dropped.
    mutating func begin(row: Int) {
        if !open.isEmpty { open.removeAll { $0.lastRow < row } }
        started.removeAll(keepingCapacity: true)
        cursor = 0
    }

    /// The first row of the merge from a row above that covers any of the columns `first...last` of the
    /// current row, if one does. Ask in increasing column order.
    mutating func coveringRow(_ first: Int, _ last: Int) -> Int? {
        while cursor < open.count && open[cursor].lastColumn < first { cursor += 1 }
        guard cursor < open.count, open[cursor].firstColumn <= last else { return nil }
        return open[cursor].firstRow
    }

    /// A merge whose first cell is in the current row.
    mutating func start(_ merge: Merge) { started.append(merge) }

    /// Fills the current row `row`: the cells under merges from above get their value, and the cells
    /// of merges started in this row beside their first one. Returns the cells filled from a row above:
    /// column → the merge's first row. Then the merges started here join the open ones.
    mutating func fill(row: Int, cells: inout [RawCell]) -> [Int: Int] {
        var filled: [Int: Int] = [:]
        for merge in open where merge.value != .empty {
            Self.put(merge.value, merge.firstColumn...merge.lastColumn, into: &cells)
            for column in merge.firstColumn...merge.lastColumn { filled[column] = merge.firstRow }
        }
        if !started.isEmpty {
            for merge in started where merge.value != .empty && merge.lastColumn > merge.firstColumn {
                Self.put(merge.value, (merge.firstColumn + 1)...merge.lastColumn, into: &cells)
            }
            open.append(contentsOf: started)
            open.sort { $0.firstColumn < $1.firstColumn }
            started.removeAll(keepingCapacity: true)
        }
        return filled
    }

    private static func put(_ value: RawCell, _ columns: ClosedRange<Int>, into cells: inout [RawCell]) {
        if cells.count <= columns.upperBound {
            cells.reserveCapacity(columns.upperBound + 1)
            while cells.count <= columns.upperBound { cells.append(.empty) }
        }
        for column in columns { cells[column] = value }
    }
}
