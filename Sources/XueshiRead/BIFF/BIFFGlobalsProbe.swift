import Foundation

/// The start of an .xls workbook's data, found in the file's bytes without FreeXL: which BIFF version
/// wrote it, and whether it is encrypted with a password to open.
///
/// Needed because FreeXL cannot say so itself for an encrypted file: the records after FILEPASS are
/// encrypted, it fails on the first one it tries to decode (a code page that makes no sense) and
/// reports success with no workbook. The workbook stream starts at a sector of the compound file (a
/// multiple of 512 bytes, or of 64 in the small-stream area), with the globals' BOF record; FILEPASS,
/// when there is one, is the record right after it.
struct BIFFGlobalsProbe: Equatable {
    enum Version: Equatable {
        /// Excel 97–2003.
        case biff8
        /// Excel 5.0 and 95.
        case biff5
    }
    var version: Version
    var encrypted: Bool

    /// BOF (0x0809) with its length, BIFF version and "workbook globals" (0x0005).
    private static let bof8: [UInt8] = [0x09, 0x08, 0x10, 0x00, 0x00, 0x06, 0x05, 0x00]
    private static let bof5: [UInt8] = [0x09, 0x08, 0x08, 0x00, 0x00, 0x05, 0x05, 0x00]
    private static let filePass: [UInt8] = [0x2F, 0x00]

    /// The probe of the file at `path`, or nil when no globals BOF is where one could start (FreeXL
    /// then has the last word).
    static func probe(path: String) -> BIFFGlobalsProbe? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let chunk = 1 << 20
        var offset: UInt64 = 0
        // Each chunk is read with a little of the next, so that a record header across the boundary is seen.
        while let data = try? handle.read(upToCount: chunk + 64), !data.isEmpty {
            if let found = probe(Array(data), limit: min(data.count, chunk)) { return found }
            guard data.count > chunk else { return nil }
            offset += UInt64(chunk)
            do { try handle.seek(toOffset: offset) } catch { return nil }
        }
        return nil
    }

    /// The probe of `bytes` (a chunk that starts on a 64-byte boundary of the file), looking at starts
    /// below `limit`.
    static func probe(_ bytes: [UInt8], limit: Int) -> BIFFGlobalsProbe? {
        var start = 0
        while start < limit {
            for (signature, version) in [(bof8, Version.biff8), (bof5, Version.biff5)] {
                let length = 4 + Int(signature[2])
                guard start + length + 2 <= bytes.count,
                      bytes[start..<start + signature.count].elementsEqual(signature) else { continue }
                let next = bytes[(start + length)..<(start + length + 2)]
                return BIFFGlobalsProbe(version: version, encrypted: next.elementsEqual(filePass))
            }
            start += 64
        }
        return nil
    }
}
