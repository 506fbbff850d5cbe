import Crypto
import Foundation
import XueshiModel
import XueshiRead

/// What was learnt about one file while reading it.
public struct ExportFileInfo: Sendable {
    public var path: String
    public var kind: FileKind
    public var profile: String
    /// What the file's rows are: hour records, a roster, an attendance sheet.
    public var profileKind: ImportProfile.Kind = .hours
    /// The fields the header row names.
    public var fields: Set<Field> = []
    /// The encoding of a CSV file, or the sheet of an XLSX file.
    public var encoding: String?
    public var sheet: String?
    public var headerRow: Int
    /// When the system made the export, from a title row ("导出时间：…"), as "2025-09-01 10:00:00".
    public var exportedAt: String?
    /// The header row's cells as the file writes them (trimmed), by column.
    public var headerCells: [String]
    public var ignoredHeaders: [String]
    /// Sheets of a workbook that were not read, each with why ("隐藏的工作表", …).
    public var sheetsNotRead: [String] = []
    /// Records whose hours, dates or title came from a cell merged over several rows: Excel shows the
    /// value once, every row of the merge got it. The first `mergedValueLimit` are kept.
    public var mergedValues: [MergedValue] = []
    public var mergedValueCount = 0
    public static let mergedValueLimit = 1000

    public struct MergedValue: Sendable, Equatable {
        /// The column as the file's header names it.
        public var column: String
        /// The merge's first row, which holds the value, and a row it was filled into.
        public var fromRow: Int
        public var row: Int
    }
    public var size: Int64
    /// Hex SHA-256 of the file's bytes, for the ledger's record of where records came from.
    public var sha256: String
    /// Data rows: records made, plus rows rejected.
    public var rows: Int
    public var skippedBlank = 0
    public var skippedTotal = 0
    public var skippedRepeatedHeader = 0
}

/// A row of a roster or an attendance sheet, with its row number as a spreadsheet shows it.
public enum StaffRow: Sendable {
    case roster(RosterEntry, row: Int)
    case training(InternalTraining, row: Int)
}

/// No header row of any profile was found: the message lists what was expected and what was seen.
public struct HeaderNotFound: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var profiles: [ImportProfile]
    public var sample: [RawRow]

    public var description: String {
        var lines = ["\(file)：找不到表头行。"]
        for profile in profiles {
            lines.append("导入配置 \(profile.name) 需要以下各列（每列写出其中一个名称即可）：\(profile.requiredHeadersDescription)")
        }
        if sample.isEmpty {
            lines.append("文件里没有读到任何内容。")
        } else {
            lines.append("文件开头几行是：")
            for row in sample.prefix(5) {
                let cells = row.cells.map { Text.trim($0.text) }.filter { !$0.isEmpty }.prefix(10)
                lines.append("  第 \(row.number) 行：\(cells.joined(separator: " | "))")
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// Reads export files (CSV in any of its encodings, XLSX) through a profile into record outcomes,
/// streaming: the caller receives each data row's outcome as it is read.
public struct ExportReader: Sendable {
    /// The profiles to choose from by the headers, or the one the user pinned.
    public var profiles: [ImportProfile]
    public var pinnedEncoding: TextEncoding?
    public var sheet: String?

    public init(profiles: [ImportProfile], pinnedEncoding: TextEncoding? = nil, sheet: String? = nil) {
        self.profiles = profiles
        self.pinnedEncoding = pinnedEncoding
        self.sheet = sheet
    }

    /// The profile that names the most fields of a header row, if any matches it.
    func bestHeader(in row: RawRow) -> HeaderMap? {
        var best: (HeaderMap, Int)?
        for profile in profiles {
            guard let header = profile.matchHeader(row) else { continue }
            let score = header.columns.count
            if best == nil || score > best!.1 { best = (header, score) }
        }
        return best?.0
    }

    /// Records handed over per batch.
    public static let batchSize = 1024

    /// Reads one file. `started` is called once the header is found (before the first data row),
    /// `records` with the records made, a batch at a time, `rejected` with each row that could not be
    /// made a record and why, `skipped` with each blank, total or repeated header row, `progress` now
    /// and then with the bytes read so far (CSV). Returns what was learnt about the file, its SHA-256
    /// among it.
    public func read(path: String, displayName: String,
                     started: (ExportFileInfo) throws -> Void,
                     records: (RecordBatch) throws -> Void,
                     rejected: (RawRow, [RowError]) throws -> Void,
                     staff: ((StaffRow) throws -> Void)? = nil,
                     skipped: ((Int, RecordMapper.SkipReason) -> Void)? = nil,
                     progress: ((Int64) -> Void)? = nil) throws -> ExportFileInfo {
        let kind = try FileKind.detect(path: path)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
        switch kind {
        case .encryptedWorkbook:
            throw ReadError(file: displayName, reason: "这个 Excel 文件设置了打开密码（已加密），无法读取；请用 Excel 或 WPS 打开它，取消打开密码后另存为 .xlsx 再导入")
        case .csv, .xlsx, .legacyXLS, .htmlTable, .spreadsheetML:
            break
        }

        var info = ExportFileInfo(path: displayName, kind: kind, profile: "", encoding: nil, sheet: nil,
                                  headerRow: 0, headerCells: [], ignoredHeaders: [], size: size, sha256: "", rows: 0)
        var mapper: RecordMapper?
        var staffMapper: StaffMapper?
        var seen: [RawRow] = []
        let searchRows = profiles.map(\.headerSearchRows).max() ?? 30
        var batch = RecordBatch(expectedRecords: Self.batchSize)

        func recordMade() throws {
            info.rows += 1
            if batch.count >= Self.batchSize {
                try records(batch)
                batch = RecordBatch(expectedRecords: Self.batchSize)
            }
        }

        /// The general path: the rows of a file that the fast path left.
        func handle(_ raw: RawRow) throws {
            if var current = staffMapper {
                let outcome = current.map(raw)
                staffMapper = current
                switch outcome {
                case .skipped(let reason):
                    switch reason {
                    case .blank: info.skippedBlank += 1
                    case .total: info.skippedTotal += 1
                    case .repeatedHeader: info.skippedRepeatedHeader += 1
                    }
                    skipped?(raw.number, reason)
                case .roster(let entry):
                    info.rows += 1
                    try staff?(.roster(entry, row: raw.number))
                case .training(let training):
                    info.rows += 1
                    try staff?(.training(training, row: raw.number))
                case .invalid(let errors):
                    info.rows += 1
                    try rejected(raw, errors)
                }
                return
            }
            if var current = mapper {
                let outcome = current.map(raw)
                mapper = current
                switch outcome {
                case .skipped(let reason):
                    switch reason {
                    case .blank: info.skippedBlank += 1
                    case .total: info.skippedTotal += 1
                    case .repeatedHeader: info.skippedRepeatedHeader += 1
                    }
                    skipped?(raw.number, reason)
                case .record(let record):
                    if !raw.mergedFrom.isEmpty {
                        for field in [Field.hours, .start, .end, .title] {
                            guard let column = current.header.columns[field], let first = raw.mergedFrom[column] else { continue }
                            info.mergedValueCount += 1
                            if info.mergedValues.count < ExportFileInfo.mergedValueLimit {
                                info.mergedValues.append(.init(column: current.header.columnName(field), fromRow: first, row: raw.number))
                            }
                        }
                    }
                    batch.append(record, row: raw.number)
                    try recordMade()
                case .invalid(let errors):
                    info.rows += 1
                    try rejected(raw, errors)
                }
                return
            }
            if let header = bestHeader(in: raw) {
                if header.profile.kind == .hours { mapper = RecordMapper(header: header, file: displayName) }
                else { staffMapper = StaffMapper(header: header, file: displayName) }
                info.profile = header.profile.name
                info.profileKind = header.profile.kind
                info.fields = Set(header.columns.keys)
                info.headerRow = header.row
                info.ignoredHeaders = header.ignoredHeaders
                info.headerCells = raw.cells.map { Text.trim($0.text) }
                info.exportedAt = ExportTime.find(in: seen)
                try started(info)
                return
            }
            if seen.count < searchRows { seen.append(raw) }
            else { throw HeaderNotFound(file: displayName, profiles: profiles, sample: seen) }
        }

        if kind != .csv {
            info.sha256 = try Self.sha256(ofFileAt: path)
            let workbook = try Workbooks.open(kind: kind, path: path, displayName: displayName)
            let sheetName = try workbook.resolveSheet(sheet, displayName: displayName)
            info.sheet = sheetName
            if sheet == nil {
                let hidden = Set(workbook.hiddenSheetNames)
                info.sheetsNotRead = workbook.sheetNames.filter { $0 != sheetName }.map {
                    hidden.contains($0) ? "“\($0)”（隐藏的工作表）" : "“\($0)”（要读它请加 --sheet \($0)）"
                }
            }
            let rows = try workbook.rows(ofSheet: sheetName)
            if let sheet = rows as? XLSXSheetReader {
                try sheet.forEachRow(plain: { row in
                    guard mapper?.mapPlain(row, into: batch) == true else { return false }
                    try recordMade()
                    return true
                }, handle)
            } else {
                try rows.forEachRow(handle)
            }
        } else {
            let pinned = pinnedEncoding ?? (profiles.count == 1 ? profiles[0].encoding : nil)
            let detection = try CSVReader.detect(path: path, displayName: displayName, pinned: pinned) { bestHeader(in: $0) != nil }
            guard let format = detection.format else {
                throw HeaderNotFound(file: displayName, profiles: profiles, sample: detection.sampleRows)
            }
            info.encoding = format.encoding.rawValue
            var hasher = SHA256()
            var bytesRead: Int64 = 0
            var reader = try CSVReader(path: path, displayName: displayName, format: format)
            reader.onRawChunk = { chunk in
                hasher.update(bufferPointer: chunk)
                bytesRead += Int64(chunk.count)
                progress?(bytesRead)
            }
            try reader.forEachRecord { fields in
                // Through the optional in place: copying the mapper for every row costs more than the row.
                if mapper?.mapPlain(fields, into: batch) == true {
                    try recordMade()
                } else {
                    try handle(fields.rawRow())
                }
            }
            info.sha256 = hasher.finalize().map { byte in String(byte, radix: 16).leftPadded(to: 2) }.joined()
        }
        if mapper == nil && staffMapper == nil { throw HeaderNotFound(file: displayName, profiles: profiles, sample: seen) }
        if !batch.isEmpty { try records(batch) }
        return info
    }

    static func sha256(ofFileAt path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ReadError(file: path, reason: "无法读取文件") }
        defer { try? handle.close() }
        var hasher = SHA256()
        while true {
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            hasher.update(data: chunk)
        }
        return hasher.finalize().map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
