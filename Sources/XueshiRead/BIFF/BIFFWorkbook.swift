import CFreeXL
import Foundation

/// A BIFF8 .xls workbook (Excel 97–2003) opened for reading, through FreeXL.
///
/// FreeXL runs in a child process (`BIFFChild`: it crashes or loops on some damaged files) and loads a
/// whole file when it opens it, so a file over `maximumFileSize` is refused; an .xls holds at most 65,536
/// rows a sheet, which makes the limit generous. Nothing stays open between calls: opening asks a child
/// what the sheets are (FreeXL's quick parse, without the cells); each `forEachRow` starts another that
/// loads the file and sends one sheet's cells. That parses the file twice, and in return no process or
/// handle outlives a call, whatever the caller does with the reader, and the values stay `Sendable`.
///
/// What FreeXL does not give: whether a sheet is hidden (read from the file by `BIFFSheetStates`), merged ranges
/// (so a merged value stays in its first cell, and `mergedFrom` is empty), formula results (a formula's
/// cell is empty), booleans and error values (they come as the numbers 1 and 0).
public struct BIFFWorkbook: Workbook, Sendable {
    /// 256 MiB: FreeXL holds every cell of the workbook in memory at once.
    public static let maximumFileSize: Int64 = 256 << 20

    let path: String
    let displayName: String
    let fileSize: Int64
    /// The sheets in the file's order, as FreeXL names them.
    let names: [String]
    /// Per sheet, whether it is hidden (`BIFFSheetStates`); all shown when that could not be read.
    let hidden: [Bool]

    /// Opens the .xls file at `path`; `displayName` is the file name as the user typed it, for errors.
    public init(path: String, displayName: String) throws {
        self.path = path
        self.displayName = displayName
        fileSize = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
        if fileSize > Self.maximumFileSize {
            throw ReadError(file: displayName, reason: "文件太大（\(fileSize >> 20) MB），旧版 .xls 最多读取 \(Self.maximumFileSize >> 20) MB；请用 Excel 或 WPS 打开后另存为 .xlsx 再导入")
        }
        if let probe = BIFFGlobalsProbe.probe(path: path) {
            if probe.encrypted { throw ReadError(file: displayName, reason: Self.passwordReason) }
            if probe.version == .biff5 { throw ReadError(file: displayName, reason: Self.oldVersionReason) }
        }
        let info: BIFFChild.Message
        do throws(BIFFFailure) {
            let child: BIFFChild
            (child, info) = try BIFFChild.start(path: path, sheet: nil, fileSize: fileSize)
            guard try child.next() == .end else { throw .crashed }
        } catch {
            throw Self.readError(error, displayName: displayName)
        }
        guard case .info(let version, let password, let names) = info else {
            throw Self.readError(.crashed, displayName: displayName)
        }
        guard version == FREEXL_BIFF_VER_8 else {
            let older: [Int32] = [FREEXL_BIFF_VER_2, FREEXL_BIFF_VER_3, FREEXL_BIFF_VER_4, FREEXL_BIFF_VER_5]
            throw ReadError(file: displayName, reason: older.contains(Int32(version)) ? Self.oldVersionReason : Self.damagedReason("找不到工作簿的开头"))
        }
        // FreeXL answers FREEXL_BIFF_PLAIN for a file without FILEPASS, something else for one with it.
        guard password == FREEXL_BIFF_PLAIN else { throw ReadError(file: displayName, reason: Self.passwordReason) }
        self.names = names
        hidden = BIFFSheetStates.hidden(path: path, names: names) ?? names.map { _ in false }
    }

    public var sheets: [WorkbookSheet] { zip(names, hidden).map { WorkbookSheet(name: $0, hidden: $1) } }

    public func rows(ofSheet name: String) throws -> any RowReader { try sheet(named: name) }

    /// A reader for the sheet called `name` (nil: `defaultSheetName`). An unknown name is a `ReadError` that
    /// lists the sheets there are.
    public func sheet(named name: String?) throws -> BIFFSheetReader {
        let sheetName = try resolveSheet(name, displayName: displayName)
        let index = names.firstIndex(of: sheetName)!
        return BIFFSheetReader(path: path, displayName: displayName, fileSize: fileSize, name: sheetName, index: index)
    }
}
