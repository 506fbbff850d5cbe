/// The rows of one sheet of an .xls. Each `forEachRow` starts FreeXL on the file in a child process, which
/// loads it whole and sends the sheet's cells in order (see `BIFFWorkbook`), so a reader can be used more
/// than once.
public struct BIFFSheetReader: RowReader, Sendable {
    let path: String
    let displayName: String
    let fileSize: Int64
    /// The sheet's name as the workbook lists it.
    public let name: String
    /// Its position among the workbook's sheets, which is how FreeXL selects it.
    let index: Int

    /// Rows in order, numbered as a spreadsheet shows them. A row without any cell is left out, as an
    /// .xlsx leaves it out of its XML (FreeXL has a grid, not rows: it cannot tell a row never written
    /// from an empty one); a row ends at its last cell.
    public func forEachRow(_ body: (RawRow) throws -> Void) throws {
        do {
            let (child, first) = try BIFFChild.start(path: path, sheet: index, fileSize: fileSize)
            guard case .dimensions = first else { throw BIFFFailure.crashed }
            var row: RawRow?
            while true {
                switch try child.next() {
                case .cell(let number, let column, let cell):
                    if row?.number != Int(number) + 1 {
                        if let row { try body(row) }
                        row = RawRow(number: Int(number) + 1, cells: [])
                    }
                    while row!.cells.count < Int(column) { row!.cells.append(.empty) }
                    row!.cells.append(cell)
                case .end:
                    if let row { try body(row) }
                    return
                case .info, .dimensions:
                    throw BIFFFailure.crashed
                }
            }
        } catch let failure as BIFFFailure {
            throw BIFFWorkbook.readError(failure, displayName: displayName)
        }
    }
}
