import Foundation
import ZIPFoundation

/// Where an .xlsx comes from: a file, or bytes already in memory (an embedded sample, a download).
enum XLSXSource: Sendable {
    case file(URL)
    case data(Data)
}

/// An opened .xlsx package: the ZIP archive (ZIPFoundation) and its entries by normalised, lower-cased
/// path, so that odd writers' "XL/Worksheets/Sheet1.xml" or "xl\worksheets\sheet1.xml" are found too.
/// Every failure is a `ReadError` with a Chinese reason that says what to do.
struct XLSXArchive {
    let archive: Archive
    let displayName: String
    private let source: XLSXSource
    private let entries: [String: Entry]

    init(source: XLSXSource, displayName: String) throws(ReadError) {
        self.displayName = displayName
        self.source = source
        let opened: Archive
        switch source {
        case .file(let url):
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                throw ReadError(file: displayName, reason: "找不到这个文件；请检查文件名和所在文件夹是否正确")
            }
            if isDirectory.boolValue {
                throw ReadError(file: displayName, reason: "这是一个文件夹，不是 .xlsx 文件；请指定文件夹里的 Excel 文件")
            }
            guard FileManager.default.isReadableFile(atPath: url.path) else {
                throw ReadError(file: displayName, reason: "没有读取这个文件的权限；请检查文件权限，或把文件复制到自己的文件夹后再试")
            }
            do {
                opened = try Archive(url: url, accessMode: .read)
            } catch {
                throw ReadError(file: displayName, reason: Self.notAZipReason(prefix: Self.filePrefix(url)))
            }
        case .data(let data):
            do {
                opened = try Archive(data: data, accessMode: .read)
            } catch {
                throw ReadError(file: displayName, reason: Self.notAZipReason(prefix: [UInt8](data.prefix(512))))
            }
        }
        archive = opened
        var index: [String: Entry] = [:]
        for entry in opened where entry.type == .file {
            let key = Self.key(entry.path)
            if index[key] == nil { index[key] = entry }
        }
        entries = index
        if entries.isEmpty {
            throw ReadError(file: displayName, reason: "文件不完整或已损坏（压缩包里没有可读的内容），可能下载或复制时中断了；请重新导出或重新下载后再试")
        }
    }

    /// The lookup key of a part name: forward slashes, no leading slash, lower case.
    static func key(_ path: String) -> String {
        var p = path.replacingOccurrences(of: "\\", with: "/")
        while p.hasPrefix("/") { p.removeFirst() }
        return p.lowercased()
    }

    func entry(_ path: String) -> Entry? { entries[Self.key(path)] }

    func contains(_ path: String) -> Bool { entries[Self.key(path)] != nil }

    /// The whole content of a small part (workbook, relationships, styles), checked against its CRC.
    func read(_ entry: Entry, limit: Int = 256 << 20) throws(ReadError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(min(entry.uncompressedSize, UInt64(limit))))
        do {
            try extract(entry, bufferSize: 64 * 1024) { data in
                if bytes.count + data.count > limit { throw XLSXPartTooLarge() }
                bytes.append(contentsOf: data)
            }
        } catch is XLSXPartTooLarge {
            throw ReadError(file: displayName, reason: "文件中的“\(entry.path)”大得不正常（超过 \(limit >> 20) MB），文件可能已损坏；请用 Excel 或 WPS 打开后重新保存")
        } catch {
            throw corrupt(entry.path)
        }
        var crc = XLSXCRC32()
        bytes.withUnsafeBufferPointer { if let base = $0.baseAddress { crc.update(base, count: $0.count) } }
        if crc.value != entry.checksum { throw corrupt(entry.path) }
        return bytes
    }

    /// Inflates `entry`, handing each piece to `consumer`, as `Archive.extract` does (no CRC check), except
    /// that a compressed part is inflated from its own bytes alone. ZIPFoundation 0.9.20 feeds zlib from
    /// the file without bound, past the part to the end of the file, and when a damaged deflate stream
    /// has not ended there it asks for more input forever: one flipped byte made an import hang (found by
    /// fuzzing, Tests/XueshiReadTests/Fixtures/fuzz/). Here the stream running out of the part's bytes is
    /// a corrupt part.
    func extract(_ entry: Entry, bufferSize: Int, consumer: (Data) throws -> Void) throws {
        guard entry.isCompressed, let start = Self.dataOffset(entry) else {
            _ = try archive.extract(entry, bufferSize: bufferSize, skipCRC32: true, consumer: consumer)
            return
        }
        let size = entry.compressedSize
        let handle: FileHandle?
        if case .file(let url) = source { handle = try FileHandle(forReadingFrom: url) } else { handle = nil }
        defer { try? handle?.close() }
        _ = try Data.decompress(size: Int64(clamping: size), bufferSize: bufferSize, skipCRC32: true, provider: { position, count in
            let position = UInt64(max(0, position))
            guard position < size else { throw corrupt(entry.path) }
            let wanted = Int(min(UInt64(count), size - position))
            var chunk: Data
            switch source {
            case .file:
                try handle!.seek(toOffset: start + position)
                chunk = try handle!.read(upToCount: wanted) ?? Data()
            case .data(let data):
                let from = data.startIndex + Int(clamping: start + position)
                chunk = from < data.endIndex ? data[from..<min(data.endIndex, from + wanted)] : Data()
            }
            guard !chunk.isEmpty else { throw corrupt(entry.path) }
            // ZIPFoundation gives zlib `count` bytes whatever the chunk holds: zeros after the part's end,
            // which a stream that has not ended turns into an error.
            if chunk.count < count { chunk.append(Data(count: count - chunk.count)) }
            return chunk
        }, consumer: consumer)
    }

    /// Where the compressed bytes of `entry` start, as ZIPFoundation computes it (`Entry.dataOffset`, which
    /// it does not make public); nil for a ZIP64 offset or when the fields are not found.
    private static func dataOffset(_ entry: Entry) -> UInt64? {
        let fields = Mirror(reflecting: entry)
        guard let header = fields.descendant("centralDirectoryStructure", "relativeOffsetOfLocalHeader") as? UInt32,
              header != .max,
              let nameLength = fields.descendant("localFileHeader", "fileNameLength") as? UInt16,
              let extraLength = fields.descendant("localFileHeader", "extraFieldLength") as? UInt16 else { return nil }
        return UInt64(header) + 30 + UInt64(nameLength) + UInt64(extraLength)
    }

    /// The error for a part that cannot be decompressed or fails its checksum.
    func corrupt(_ part: String) -> ReadError {
        ReadError(file: displayName, reason: "文件已损坏，无法解压其中的“\(part)”（可能下载或复制不完整）；请重新导出或重新下载，或用 Excel 或 WPS 打开后重新保存为 .xlsx")
    }

    // MARK: - Recognising what a non-ZIP file is

    private static func filePrefix(_ url: URL) -> [UInt8] {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return [] }
        defer { try? handle.close() }
        return [UInt8]((try? handle.read(upToCount: 512)) ?? Data())
    }

    /// Why a file that ZIPFoundation cannot open is no .xlsx, from its first bytes.
    static func notAZipReason(prefix: [UInt8]) -> String {
        if prefix.isEmpty {
            return "文件是空的（0 字节）；请重新导出或重新下载"
        }
        if prefix.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return "这是旧版 Excel 97-2003 格式（.xls），或设置了打开密码的 Excel 文件，不是 .xlsx；请用 Excel 或 WPS 打开后另存为 .xlsx（有密码的请先取消密码）"
        }
        if prefix.starts(with: [0x50, 0x4B, 0x03, 0x04]) || prefix.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            return "文件不完整或已损坏（ZIP 结构无法读取），可能下载或复制时中断了；请重新导出或重新下载，或用 Excel 或 WPS 打开后重新保存为 .xlsx"
        }
        var body = prefix[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        while let first = body.first, first == 0x20 || first == 0x09 || first == 0x0A || first == 0x0D { body = body.dropFirst() }
        if body.first == 0x3C {
            return "这是网页（HTML）或 XML 格式的表格，只是扩展名像 Excel 文件，不是真正的 .xlsx；请用 Excel 或 WPS 打开后另存为 .xlsx 或 CSV"
        }
        return "不是有效的 .xlsx 文件（无法作为 ZIP 压缩包打开）；如果是旧版 .xls，请用 Excel 或 WPS 另存为 .xlsx；如果是 CSV 文本，请把扩展名改为 .csv"
    }
}

private struct XLSXPartTooLarge: Error {}
