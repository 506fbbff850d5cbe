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
    /// The sheets read, in order: every visible sheet whose header matches a profile (or the one asked for).
    public var sheetsRead: [String] = []
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

extension ExportFileInfo {
    /// What two sheets of one file were, together: the first's header and profile, the rows and skips
    /// of both, the sheets named in order.
    func adding(_ next: ExportFileInfo) -> ExportFileInfo {
        var both = self
        both.sheet = [sheet, next.sheet].compactMap { $0 }.joined(separator: "、")
        both.sheetsRead = sheetsRead + next.sheetsRead
        both.rows += next.rows
        both.skippedBlank += next.skippedBlank
        both.skippedTotal += next.skippedTotal
        both.skippedRepeatedHeader += next.skippedRepeatedHeader
        both.mergedValueCount += next.mergedValueCount
        both.mergedValues += next.mergedValues.prefix(max(0, ExportFileInfo.mergedValueLimit - mergedValues.count))
        both.ignoredHeaders += next.ignoredHeaders.filter { !ignoredHeaders.contains($0) }
        return both
    }
}

/// No header row of any profile was found: the message lists what was expected and what was seen.
public struct HeaderNotFound: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var profiles: [ImportProfile]
    public var sample: [RawRow]

    public var description: String {
        var lines = ["\(file)：找不到表头行。"]
        if let advice = encodingAdvice { lines.append(advice) }
        // Hour exports first: the usual file; rosters and training sheets after.
        for profile in profiles.filter({ $0.kind == .hours }) + profiles.filter({ $0.kind != .hours }) {
            lines.append("导入配置 \(profile.name) 需要以下各列（每列写出其中一个名称即可）：\(profile.requiredHeadersDescription)")
        }
        if sample.isEmpty {
            lines.append("文件里没有读到任何内容。")
        } else {
            lines.append("文件开头几行是：")
            for row in sample.prefix(5) {
                // Short, masked excerpts: the first rows may hold IDs, or a note of thousands of characters.
                let cells = row.cells.map { Text.trim($0.text) }.filter { !$0.isEmpty }.prefix(10).map(Text.excerpt)
                lines.append("  第 \(row.number) 行：\(cells.joined(separator: " | "))")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// What the first rows say about a file saved in an encoding that is not read as such:
    /// - Big5 (traditional Chinese) read as GBK turns into Japanese kana and rare characters: GBK's
    ///   rows A4 and A5, where Big5 keeps its most common characters, are hiragana and katakana;
    /// - a file saved in a code page without Chinese (Latin-1, Windows-1252) has every Chinese character
    ///   replaced by "?": the text is lost, and only a new export helps.
    var encodingAdvice: String? {
        var kana = 0, questionCells = 0
        for row in sample.prefix(10) {
            for cell in row.cells {
                let text = Text.trim(cell.text)
                kana += text.unicodeScalars.filter { (0x3040...0x30FF).contains($0.value) }.count
                if text.count >= 2 && text.allSatisfy({ $0 == "?" }) { questionCells += 1 }
            }
        }
        if kana >= 3 {
            return "文件开头的文字里夹着日文假名：这个文件像是繁体中文 Big5 编码（xueshi 读 UTF-8、GB18030/GBK 和 UTF-16）。"
                + "请用 Excel 或 WPS 打开，另存为 .xlsx 或“CSV UTF-8”再导入。"
        }
        if questionCells >= 3 {
            return "文件里的中文都变成了问号：它是用不含中文的编码（如 Latin-1、Windows-1252）保存的，中文已经丢失，无法恢复。"
                + "请从系统重新导出，或在原始文件上另存为 .xlsx 或“CSV UTF-8”。"
        }
        return nil
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

    /// Reads one file. `started` is called once the header is found (before the first data row) and
    /// `sheetFinished` once its rows are read, for each sheet read (a workbook's visible sheets whose
    /// header matches; a CSV file is one sheet), each with what was learnt about that sheet;
    /// `records` with the records made, a batch at a time, `rejected` with each row that could not be
    /// made a record and why, `skipped` with each blank, total or repeated header row, `progress` now
    /// and then with the bytes read so far (CSV). Returns what was learnt about the file, its SHA-256
    /// among it.
    public func read(path: String, displayName: String,
                     started: (ExportFileInfo) throws -> Void,
                     records: (RecordBatch) throws -> Void,
                     rejected: (RawRow, [RowError]) throws -> Void,
                     staff: ((StaffRow) throws -> Void)? = nil,
                     sheetFinished: ((ExportFileInfo) throws -> Void)? = nil,
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

        func noteSkip(_ reason: RecordMapper.SkipReason, row: Int) {
            switch reason {
            case .blank: info.skippedBlank += 1
            case .total: info.skippedTotal += 1
            case .repeatedHeader: info.skippedRepeatedHeader += 1
            }
            skipped?(row, reason)
        }

        /// The general path: the rows of a file that the fast path left.
        func handle(_ raw: RawRow) throws {
            if var current = staffMapper {
                let outcome = current.map(raw)
                staffMapper = current
                switch outcome {
                case .skipped(let reason):
                    noteSkip(reason, row: raw.number)
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
                    noteSkip(reason, row: raw.number)
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
            let sha256 = try Self.sha256(ofFileAt: path)
            let workbook = try Workbooks.open(kind: kind, path: path, displayName: displayName)
            // Asked for by name: that sheet alone. Else every sheet the spreadsheet program shows, those
            // whose header matches read, each as a batch of its own; the others named with why.
            let wanted: [String]
            if let sheet { wanted = [try workbook.resolveSheet(sheet, displayName: displayName)] } else {
                let visible = workbook.sheets.filter { !$0.hidden }.map(\.name)
                wanted = visible.isEmpty ? [try workbook.resolveSheet(nil, displayName: displayName)] : visible
            }
            var total: ExportFileInfo?
            var notRead: [String] = []
            var firstMiss: HeaderNotFound?
            for name in wanted {
                info = ExportFileInfo(path: displayName, kind: kind, profile: "", encoding: nil, sheet: name,
                                      headerRow: 0, headerCells: [], ignoredHeaders: [], size: size, sha256: sha256, rows: 0)
                info.sheetsRead = [name]
                info.encoding = workbook.textEncodingName
                mapper = nil
                staffMapper = nil
                seen = []
                do {
                    let rows = try workbook.rows(ofSheet: name)
                    // An .xlsx hands plain rows (byte spans) to the fast path, as a CSV file does.
                    if let sheet = rows as? XLSXSheetReader {
                        try sheet.forEachRow(plain: { row in
                            guard mapper?.mapPlain(row, into: batch) == true else { return false }
                            try recordMade()
                            return true
                        }, handle)
                    } else {
                        try rows.forEachRow(handle)
                    }
                    if mapper == nil && staffMapper == nil { throw HeaderNotFound(file: displayName, profiles: profiles, sample: seen) }
                } catch let miss as HeaderNotFound where wanted.count > 1 {
                    firstMiss = firstMiss ?? miss
                    notRead.append("“\(name)”（没有找到表头）")
                    continue
                }
                if !batch.isEmpty { try records(batch); batch = RecordBatch(expectedRecords: Self.batchSize) }
                try sheetFinished?(info)
                total = total.map { $0.adding(info) } ?? info
            }
            guard var result = total else { throw firstMiss! }
            let hidden = Set(workbook.hiddenSheetNames)
            if sheet == nil {
                notRead += workbook.sheetNames.filter { hidden.contains($0) }.map { "“\($0)”（隐藏的工作表）" }
            }
            result.sheetsNotRead = notRead
            return result
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
        try sheetFinished?(info)
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
