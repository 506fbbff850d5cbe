import Foundation
import ZIPFoundation

/// The rows of one worksheet of an .xlsx, streamed from the ZIP entry (see `XLSXSheetScanner`).
///
/// Two passes over the entry: a cheap one that only collects the merged ranges (`<mergeCells>` comes
/// after the cell data) and checks the entry's CRC, then the main one that decodes and emits rows, ending
/// at `</sheetData>`. Each `forEachRow` reopens the file, so a reader can be used more than once.
public struct XLSXSheetReader: RowReader, Sendable {
    let source: XLSXSource
    let displayName: String
    /// The sheet's name as the workbook lists it.
    public let name: String
    /// The package part with the sheet's cells, e.g. "xl/worksheets/sheet1.xml".
    let part: String
    let sharedStrings: XLSXStringTable
    let styles: XLSXStyles
    let date1904: Bool

    /// Bytes per decompressed chunk handed to the scanner. Tests set tiny sizes to check that rows, tags,
    /// entities and UTF-8 sequences split across chunks come out whole.
    public var chunkSize = 256 * 1024

    init(source: XLSXSource, displayName: String, name: String, part: String, sharedStrings: XLSXStringTable,
         styles: XLSXStyles, date1904: Bool) {
        self.source = source
        self.displayName = displayName
        self.name = name
        self.part = part
        self.sharedStrings = sharedStrings
        self.styles = styles
        self.date1904 = date1904
    }

    public func forEachRow(_ body: (RawRow) throws -> Void) throws {
        try forEachRow(plain: { _ in false }, body)
    }

    /// Like `forEachRow(_:)`, but lends each row whose cells are all plain (texts, numbers, date
    /// serials) and that no merged range reaches to `plain` first, as its cells' bytes; a row `plain`
    /// declines (returns false for), and every other row, goes to `body` as a `RawRow`.
    public func forEachRow(plain: (borrowing XLSXPlainRow) throws -> Bool, _ body: (RawRow) throws -> Void) throws {
        let package = try XLSXArchive(source: source, displayName: displayName)
        guard let entry = package.entry(part) else {
            throw ReadError(file: displayName, reason: "工作表“\(name)”的数据（\(part)）在文件中缺失，文件可能已损坏；请用 Excel 或 WPS 打开后重新保存为 .xlsx")
        }
        let size = max(1, chunkSize)

        // Pass 1: merged ranges, and the CRC and size of the whole entry (pass 2 reads the same bytes).
        var mergeScanner = XLSXMergeScanner()
        do {
            var crc = XLSXCRC32()
            var inflation = try XLSXInflationGuard(entry, displayName: displayName)
            try package.extract(entry, bufferSize: size) { data in
                try inflation.add(data.count, displayName: displayName)
                crc.update(data)
                try mergeScanner.consume(data)
            }
            if crc.value != entry.checksum { throw package.corrupt(part) }
        } catch let error as XLSXSyntaxError {
            throw malformed(error, row: nil)
        } catch let error as ReadError {
            throw error
        } catch {
            throw package.corrupt(part)
        }

        // Pass 2: the rows.
        var scanner = XLSXSheetScanner(sharedStrings: sharedStrings, styles: styles, date1904: date1904,
                                       merges: XLSXMergeFiller(ranges: mergeScanner.ranges))
        do {
            try package.extract(entry, bufferSize: size) { data in
                try scanner.consume(data, plain: { row in
                    do { return try plain(row) } catch { throw BodyFailure(underlying: error) }
                }) { row in
                    do { try body(row) } catch { throw BodyFailure(underlying: error) }
                }
                if scanner.isDone { throw StopReading() }
            }
            try scanner.finish(plain: { row in
                do { return try plain(row) } catch { throw BodyFailure(underlying: error) }
            }) { row in
                do { try body(row) } catch { throw BodyFailure(underlying: error) }
            }
        } catch is StopReading {
            // </sheetData> seen: what follows is no cell data.
        } catch let failure as BodyFailure {
            throw failure.underlying
        } catch let error as XLSXSyntaxError {
            throw malformed(error, row: scanner.rowInProgress ?? scanner.lastRow + 1)
        } catch let error as ReadError {
            throw error
        } catch {
            throw package.corrupt(part)
        }
    }

    private func malformed(_ error: XLSXSyntaxError, row: Int?) -> ReadError {
        let place = row.map { "，第 \($0) 行附近" } ?? ""
        return ReadError(file: displayName, reason: "工作表“\(name)”的内容格式错误（\(error.detail)\(place)），文件可能已损坏；请用 Excel 或 WPS 打开后重新保存为 .xlsx")
    }
}

/// Ends the extraction early once the cell data is over.
private struct StopReading: Error {}

/// An error thrown by the caller's closure, carried through the ZIP extraction untouched.
private struct BodyFailure: Error {
    var underlying: any Error
}
