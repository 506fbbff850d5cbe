import Foundation

/// What kind of file an export is, told from its first bytes rather than its name: government
/// systems save HTML tables as ".xls" and CSV as ".xls" alike. Each kind has its reader in a folder
/// of its own beside this file.
public enum FileKind: String, Sendable {
    case csv, xlsx, legacyXLS = "xls", htmlTable = "html"

    public static func detect(path: String) throws -> FileKind {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ReadError(file: path, reason: "文件不存在或无法读取")
        }
        defer { try? handle.close() }
        return detect(head: [UInt8](handle.readData(ofLength: 512)))
    }

    /// The kind of the file that starts with `head` (its first few hundred bytes).
    public static func detect(head: [UInt8]) -> FileKind {
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .xlsx }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) { return .legacyXLS }
        let text = String(decoding: head, as: UTF8.self).lowercased()
        if text.contains("<html") || text.contains("<table") || text.contains("<!doctype html") { return .htmlTable }
        return .csv
    }
}
