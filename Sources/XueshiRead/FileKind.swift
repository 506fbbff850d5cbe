import Foundation

/// What kind of file an export is, told from its first bytes rather than its name: government
/// systems save HTML tables as ".xls" and CSV as ".xls" alike. Each kind has its reader in a folder
/// of its own beside this file.
public enum FileKind: String, Sendable {
    case csv, xlsx, legacyXLS = "xls", htmlTable = "html"
    /// Excel 2003 XML ("XML 表格"): one XML file with `<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">`,
    /// what many systems' templates write and name ".xls".
    case spreadsheetML = "xml"
    /// A workbook with a password to open: Excel and WPS then wrap the .xlsx, encrypted, in the same
    /// compound-file container as an .xls, with a stream named "EncryptedPackage".
    case encryptedWorkbook = "encrypted"

    public static func detect(path: String) throws -> FileKind {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ReadError(file: path, reason: "文件不存在或无法读取")
        }
        defer { try? handle.close() }
        let kind = detect(head: [UInt8](handle.readData(ofLength: 512)))
        guard kind == .legacyXLS else { return kind }
        // The container's directory names its streams (UTF-16LE). Small files keep it near the start or
        // the end; 64 KB of each is read, whatever the file's size.
        let name = Data("EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        try? handle.seek(toOffset: 0)
        if handle.readData(ofLength: 65_536).range(of: name) != nil { return .encryptedWorkbook }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: size > 65_536 ? size - 65_536 : 0)
        if handle.readData(ofLength: 65_536).range(of: name) != nil { return .encryptedWorkbook }
        return kind
    }

    /// The start of a file as text: UTF-16 (a byte-order mark, or the zero bytes beside ASCII) decoded as
    /// such, so that a web page or an Excel 2003 XML file saved as "Unicode" is told by its tags too.
    static func headText(_ head: [UInt8]) -> String {
        var bytes = head[...]
        var bigEndian: Bool?
        if head.starts(with: [0xFF, 0xFE]) { bigEndian = false; bytes = head.dropFirst(2) }
        else if head.starts(with: [0xFE, 0xFF]) { bigEndian = true; bytes = head.dropFirst(2) }
        else if head.count >= 4 && head[0] == 0 && head[1] != 0 && head[2] == 0 { bigEndian = true }
        else if head.count >= 4 && head[0] != 0 && head[1] == 0 && head[3] == 0 { bigEndian = false }
        guard let bigEndian else { return String(decoding: head, as: UTF8.self) }
        var units: [UInt16] = []
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            let (a, b) = (UInt16(bytes[index]), UInt16(bytes[index + 1]))
            units.append(bigEndian ? a << 8 | b : b << 8 | a)
            index += 2
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// The kind of the file that starts with `head` (its first few hundred bytes).
    public static func detect(head: [UInt8]) -> FileKind {
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .xlsx }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) { return .legacyXLS }
        let text = Self.headText(head).lowercased()
        if text.contains("progid=\"excel.sheet\"") || text.contains("urn:schemas-microsoft-com:office:spreadsheet") {
            return .spreadsheetML
        }
        if text.contains("<html") || text.contains("<table") || text.contains("<!doctype html") { return .htmlTable }
        return .csv
    }
}
