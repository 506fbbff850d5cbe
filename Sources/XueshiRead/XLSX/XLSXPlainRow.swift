/// One worksheet row as its cells' bytes, lent for the duration of a call: shared strings straight
/// from the string table, inline strings and number literals straight from the sheet's XML (or, when
/// they hold entities, decoded into the scanner's scratch bytes), date cells as their serial. Only a
/// row whose every cell is one of those is lent so; any other row is a `RawRow`.
public struct XLSXPlainRow: PlainRow, ~Copyable {
    /// Where a cell's bytes are, by column.
    struct Cell {
        enum Source: UInt8 {
            case empty
            /// The XML bytes of the chunk being scanned.
            case xml
            /// The row's scratch bytes.
            case scratch
            /// The shared-string table.
            case strings
            /// A value the fast path does not read (an error, a boolean, a formula…), kept as a `RawCell`
            /// at `offset` of the row's others.
            case other
        }
        var offset: Int
        var count: Int32
        var source: Source
        var kind: PlainCellKind

        static let empty = Cell(offset: 0, count: 0, source: .empty, kind: .text)
    }

    public let number: Int
    let xml: UnsafePointer<UInt8>
    let scratch: UnsafePointer<UInt8>?
    let strings: UnsafePointer<UInt8>
    let cells: UnsafeBufferPointer<Cell>

    public var count: Int { cells.count }

    @inline(__always)
    public func bytes(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        guard index < cells.count else { return UnsafeBufferPointer(start: nil, count: 0) }
        let cell = cells[index]
        switch cell.source {
        case .xml: return UnsafeBufferPointer(start: xml + cell.offset, count: Int(cell.count))
        case .scratch: return UnsafeBufferPointer(start: scratch! + cell.offset, count: Int(cell.count))
        case .strings: return UnsafeBufferPointer(start: strings + cell.offset, count: Int(cell.count))
        case .empty, .other: return UnsafeBufferPointer(start: nil, count: 0)
        }
    }

    @inline(__always)
    public func kind(_ index: Int) -> PlainCellKind {
        index < cells.count ? cells[index].kind : .text
    }
}
