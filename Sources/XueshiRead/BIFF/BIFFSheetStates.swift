import Foundation

/// Which sheets of an .xls are hidden, read from the workbook globals' BOUNDSHEET records in the file's
/// bytes: FreeXL lists the sheets but not their visibility, and a hidden first sheet of stale data
/// must not be imported in place of the one Excel shows.
///
/// The globals are the first records of the workbook stream, which every writer seen puts in
/// consecutive sectors; the records are walked from the globals' BOF until EOF. Should the walk meet
/// anything that is not a well-formed record, or names that differ from FreeXL's, nothing is known and
/// every sheet counts as shown (as before this was read).
enum BIFFSheetStates {
    /// The bytes searched for the globals: they sit near the start of the file.
    static let searchBytes = 8 << 20
    static let boundSheet: UInt16 = 0x0085
    static let endOfFile: UInt16 = 0x000A
    /// BIFF8's longest record body.
    static let maximumRecordLength = 8224

    /// Hidden (hidden or very hidden) per sheet, in the file's order, when the records name exactly `names`.
    static func hidden(path: String, names: [String]) -> [Bool]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: searchBytes) else { return nil }
        let bytes = [UInt8](data)
        guard let start = globalsStart(bytes) else { return nil }
        var sheets: [(name: String, hidden: Bool)] = []
        var offset = start
        while offset + 4 <= bytes.count {
            let type = UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
            let length = Int(bytes[offset + 2]) | Int(bytes[offset + 3]) << 8
            guard length <= maximumRecordLength, offset + 4 + length <= bytes.count else { return nil }
            let body = bytes[(offset + 4)..<(offset + 4 + length)]
            if type == endOfFile { break }
            if type == boundSheet {
                guard let sheet = boundSheetEntry(Array(body)) else { return nil }
                sheets.append(sheet)
            }
            offset += 4 + length
        }
        guard sheets.map(\.name) == names else { return nil }
        return sheets.map(\.hidden)
    }

    /// Where the globals' BOF record (BIFF8, "workbook globals") starts: on a 64-byte boundary.
    static func globalsStart(_ bytes: [UInt8]) -> Int? {
        let bof: [UInt8] = [0x09, 0x08, 0x10, 0x00, 0x00, 0x06, 0x05, 0x00]
        var start = 0
        while start + bof.count <= bytes.count {
            if bytes[start..<start + bof.count].elementsEqual(bof) { return start }
            start += 64
        }
        return nil
    }

    /// A BOUNDSHEET body: the sheet's stream position (4 bytes), its state (0 shown, 1 hidden, 2 very
    /// hidden), its type, then its name as a short unicode string (length, flags, characters).
    static func boundSheetEntry(_ body: [UInt8]) -> (name: String, hidden: Bool)? {
        guard body.count >= 8 else { return nil }
        let hidden = body[4] & 0x03 != 0
        let count = Int(body[6])
        let wide = body[7] & 0x01 != 0
        let characters = body[8...]
        if wide {
            guard characters.count >= 2 * count else { return nil }
            let units = (0..<count).map { UInt16(characters[8 + 2 * $0]) | UInt16(characters[8 + 2 * $0 + 1]) << 8 }
            return (String(decoding: units, as: UTF16.self), hidden)
        }
        guard characters.count >= count else { return nil }
        // Compressed: each byte is a UTF-16 code unit below 256 (Latin-1).
        return (String(String.UnicodeScalarView(characters.prefix(count).map { Unicode.Scalar($0) })), hidden)
    }
}
