/// A row lent as its cells' bytes, for the importer's fast path: a CSV record (`CSVFields`) or a
/// worksheet row (`XLSXPlainRow`). The bytes are valid UTF-8 and only valid during the call that
/// lends the row.
public protocol PlainRow: ~Copyable {
    /// The row number as a spreadsheet shows it.
    var number: Int { get }
    /// The cells up to the last one that is not empty (a CSV record: all its fields).
    var count: Int { get }
    /// The bytes of cell `index`: text as written (nothing trimmed), a number's literal, a date
    /// cell's serial; empty past the last cell.
    func bytes(_ index: Int) -> UnsafeBufferPointer<UInt8>
    /// What the bytes of cell `index` are; `.text` for an empty cell.
    func kind(_ index: Int) -> PlainCellKind
}

/// What a plain cell's bytes hold.
public enum PlainCellKind: UInt8, Sendable {
    /// Text: every CSV field, a workbook's shared or inline string.
    case text
    /// A workbook's number cell: the literal as written ("8.5", "2024").
    case number
    /// A workbook's number cell in a date style: the serial as written, in the 1900 date system.
    case date
}
