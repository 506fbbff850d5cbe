import XueshiRead

/// Opens a file of sheets with the reader its kind needs (the kind told from the file's bytes).
enum Workbooks {
    static func open(kind: FileKind, path: String, displayName: String) throws -> any Workbook {
        switch kind {
        case .xlsx:
            return try XLSXWorkbook(path: path, displayName: displayName)
        case .legacyXLS:
            return try BIFFWorkbook(path: path, displayName: displayName)
        case .htmlTable:
            return try HTMLTableWorkbook(path: path, displayName: displayName)
        case .spreadsheetML:
            return try SpreadsheetMLWorkbook(path: path, displayName: displayName)
        case .csv, .encryptedWorkbook:
            preconditionFailure("\(kind) is not read as a workbook")
        }
    }
}
