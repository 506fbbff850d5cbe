/// An Excel 2003 XML workbook ("XML 表格", SpreadsheetML) opened for reading: one XML file of
/// `<Worksheet ss:Name="…">` elements, which many systems' templates write and name ".xls".
///
/// Opening reads the whole file once, cheaply (`SpreadsheetMLOutline`): the worksheets, whether each is
/// hidden, the date styles, and that the file is complete and well formed. Reading a sheet's rows is
/// `sheet(named:)` then `forEachRow`, a second pass that stops at the end of that worksheet. Nothing big is
/// held in memory either time.
public struct SpreadsheetMLWorkbook: Workbook, Sendable {
    let path: String
    let displayName: String
    let styles: SpreadsheetMLStyles
    public let sheets: [WorkbookSheet]

    /// Bytes per read of the file, for the first pass and, by default, the sheets made from this workbook.
    public let chunkSize: Int

    /// Opens the file at `path`; `displayName` is the file name as the user typed it, for errors.
    public init(path: String, displayName: String, chunkSize: Int = 256 * 1024) throws {
        self.path = path
        self.displayName = displayName
        self.chunkSize = chunkSize
        var outline = SpreadsheetMLOutline()
        let source = SpreadsheetMLSource(path: path, displayName: displayName, chunkSize: chunkSize)
        do {
            try source.forEachToken { token, bytes in try outline.consume(token, bytes) }
        } catch let error as SpreadsheetMLError {
            let place = outline.currentSheet.map { "工作表“\($0)”中" } ?? ""
            throw ReadError(file: displayName, reason: error.reason(at: place))
        }
        sheets = outline.sheets
        styles = outline.buildStyles()
    }

    public func rows(ofSheet name: String) throws -> any RowReader { try sheet(named: name) }

    /// A reader for the sheet called `name` (nil: `defaultSheetName`). An unknown name is a `ReadError` that
    /// lists the sheets there are.
    public func sheet(named name: String?) throws -> SpreadsheetMLSheetReader {
        let sheetName = try resolveSheet(name, displayName: displayName)
        let ordinal = sheets.firstIndex { $0.name == sheetName }!
        var reader = SpreadsheetMLSheetReader(path: path, displayName: displayName, name: sheetName,
                                              ordinal: ordinal, styles: styles)
        reader.chunkSize = chunkSize
        return reader
    }
}
