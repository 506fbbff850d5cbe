import XueshiRead

/// Opens a file of sheets with the reader its kind needs (the kind told from the file's bytes).
enum Workbooks {
    static func open(kind: FileKind, path: String, displayName: String) throws -> any Workbook {
        switch kind {
        case .xlsx:
            return try XLSXWorkbook(path: path, displayName: displayName)
        case .legacyXLS:
            throw ReadError(file: displayName, reason: "这是旧版 Excel（.xls）文件，暂不支持；请用 Excel 或 WPS 打开后另存为 .xlsx 或 CSV 再导入")
        case .htmlTable:
            return try HTMLTableWorkbook(path: path, displayName: displayName)
        case .spreadsheetML:
            throw ReadError(file: displayName, reason: "这是 Excel 2003 XML 表格文件，暂不支持；请用 Excel 或 WPS 打开后另存为 .xlsx 或 CSV 再导入")
        case .csv, .encryptedWorkbook:
            preconditionFailure("\(kind) is not read as a workbook")
        }
    }
}
