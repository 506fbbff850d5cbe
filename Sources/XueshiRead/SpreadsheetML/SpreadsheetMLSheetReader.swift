/// The rows of one worksheet of an Excel 2003 XML file, streamed from the file (see
/// `SpreadsheetMLSheetParser`). Each `forEachRow` reads the file again, from its start to the end of the
/// worksheet, so a reader can be used more than once.
public struct SpreadsheetMLSheetReader: RowReader, Sendable {
    let path: String
    let displayName: String
    /// The sheet's name as the workbook lists it.
    public let name: String
    /// Its place among the file's worksheets, 0 for the first.
    let ordinal: Int
    let styles: SpreadsheetMLStyles

    /// Bytes per read of the file. Tests set tiny sizes to check that tags, entities and UTF-8 sequences
    /// cut by a chunk's end come out whole.
    public var chunkSize = 256 * 1024

    public func forEachRow(_ body: (RawRow) throws -> Void) throws {
        var parser = SpreadsheetMLSheetParser(ordinal: ordinal, styles: styles)
        let source = SpreadsheetMLSource(path: path, displayName: displayName, chunkSize: chunkSize)
        do {
            try source.forEachToken { token, bytes in
                try parser.consume(token, bytes) { row in
                    do { try body(row) } catch { throw BodyFailure(underlying: error) }
                }
            }
        } catch let failure as BodyFailure {
            throw failure.underlying
        } catch let error as SpreadsheetMLError {
            let place = parser.row > 0 ? "工作表“\(name)”第 \(parser.row) 行附近" : "工作表“\(name)”"
            throw ReadError(file: displayName, reason: error.reason(at: place))
        }
    }
}

/// An error thrown by the caller's closure, carried through the reading untouched.
private struct BodyFailure: Error {
    var underlying: any Error
}
