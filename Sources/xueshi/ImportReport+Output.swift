import Foundation
import XueshiImport
import XueshiLedger
import XueshiModel
import XueshiRead
import XueshiReport

extension ImportReport {
    /// What the user reads after an import, in Chinese.
    func humanSummary(ledger: String, rejectFiles: [String]) -> String {
        var lines: [String] = []
        for file in files {
            if let failure = file.failure {
                lines.append("✗ \(failure)")
                continue
            }
            guard let info = file.info else { continue }
            var how = ["导入配置 \(info.profile)"]
            if let encoding = info.encoding { how.append("编码 \(encoding.uppercased())") }
            if let sheet = info.sheet { how.append("工作表「\(sheet)」") }
            how.append("表头在第 \(info.headerRow) 行")
            lines.append("\(file.path)（\(how.joined(separator: "，"))）")
            var counts = "  数据 \(info.rows) 行：新增 \(file.inserted)，重复 \(file.duplicates)，出错 \(file.rejected)"
            if file.updated > 0 { counts += "（其中 \(file.updated) 条重复记录的审核状态已更新）" }
            lines.append(counts)
            if let exportedAt = info.exportedAt { lines.append("  导出时间：\(exportedAt)") }
            if file.olderDecisions > 0 {
                lines.append("  \(file.olderDecisions) 条重复记录在更晚的导出中已有不同的审核结论，保留较新的结论（这个文件导出得更早）。")
            }
            var skipped: [String] = []
            if info.headerRow > 1 { skipped.append("表头上方 \(info.headerRow - 1) 行") }
            if info.skippedBlank > 0 { skipped.append("空行 \(info.skippedBlank)") }
            if info.skippedTotal > 0 { skipped.append("合计及其后 \(info.skippedTotal) 行") }
            if info.skippedRepeatedHeader > 0 { skipped.append("重复表头 \(info.skippedRepeatedHeader)") }
            if !skipped.isEmpty { lines.append("  跳过：\(skipped.joined(separator: "，"))") }
            if !info.ignoredHeaders.isEmpty { lines.append("  未使用的列：\(info.ignoredHeaders.joined(separator: "、"))") }
            if let first = file.importedBefore.first {
                lines.append("  这个文件此前已导入过（\(first)），其中的记录不会重复计入。")
            }
        }
        let total = "合计：新增 \(inserted) 条，重复 \(duplicates) 条，出错 \(rejected) 行。"
        if dryRun {
            lines.append(total + "试运行，没有写入学时库。")
        } else if written {
            var line = total + "已写入学时库 \(ledger)"
            if let counts = ledgerCounts { line += "（现有 \(counts.people) 人，\(counts.records) 条记录，\(counts.units) 个单位）" }
            lines.append(line + "。")
            if !rejectFiles.isEmpty {
                lines.append("出错的行及原因已写入：\(rejectFiles.joined(separator: "、"))；改正后可再导入。")
            }
        } else if !fileFailures.isEmpty {
            lines.append(total + "有文件无法读取，什么也没有写入学时库。")
        } else {
            lines.append(total + "有 \(rejected) 行出错，什么也没有写入学时库。改正后重新导入，或加 --skip-invalid 只导入正确的行。")
        }
        return lines.joined(separator: "\n")
    }

    /// Lists the bad rows on standard error: file, row as a spreadsheet shows it, column, reason.
    func printErrors(limit: Int) {
        for error in errors.prefix(limit) { Console.error("错误：\(error)") }
        if errorCount > min(limit, errors.count) {
            Console.error("……还有 \(errorCount - min(limit, errors.count)) 条错误未列出（--max-errors 0 列出全部，或加 --skip-invalid 把出错行连同原因写入 CSV）。")
        }
    }
}

/// `import --json`: INTERFACE.md's shape, with more fields after it.
struct ImportJSON: Encodable {
    struct File: Encodable {
        var path: String
        var profile: String?
        var rows: Int
        var inserted: Int
        var duplicates: Int
        var rejected: Int
        var updated: Int
        /// Duplicates whose differing review decision was older than the ledger's: not applied.
        var olderDecisions: Int
        var encoding: String?
        var sheet: String?
        var headerRow: Int?
        var exportedAt: String?
        var sha256: String?
        var error: String?
    }
    struct RowProblem: Encodable {
        var file: String
        var row: Int
        var column: String?
        var reason: String
    }
    struct Warning: Encodable {
        var id: String
        var knownNames: [String]
        var name: String
        var file: String
        var row: Int
    }
    var files: [File]
    var inserted: Int
    var duplicates: Int
    var rejected: Int
    var updated: Int
    var dryRun: Bool
    var written: Bool
    var errors: [RowProblem]
    var errorCount: Int
    var warnings: [Warning]
    /// All name conflicts; `warnings` lists the first ten thousand.
    var warningCount: Int
    var rejectFiles: [String]

    init(_ report: ImportReport, rejectFiles: [String]) {
        files = report.files.map { file in
            File(path: file.path, profile: file.info?.profile, rows: file.info?.rows ?? 0, inserted: file.inserted,
                 duplicates: file.duplicates, rejected: file.rejected, updated: file.updated,
                 olderDecisions: file.olderDecisions,
                 encoding: file.info?.encoding, sheet: file.info?.sheet, headerRow: file.info?.headerRow,
                 exportedAt: file.info?.exportedAt,
                 sha256: file.info?.sha256, error: file.failure)
        }
        inserted = report.inserted
        duplicates = report.duplicates
        rejected = report.rejected
        updated = report.updated
        dryRun = report.dryRun
        written = report.written
        errors = report.errors.map { RowProblem(file: $0.file, row: $0.row, column: $0.column, reason: $0.reason) }
        errorCount = report.errorCount
        warnings = report.nameConflicts.map {
            Warning(id: $0.id.masked, knownNames: $0.knownNames, name: $0.newName, file: $0.file, row: $0.row)
        }
        warningCount = report.nameConflictCount
        self.rejectFiles = rejectFiles
    }
}

/// Writes the rows `--skip-invalid` rejects, one CSV per source file, to be fixed and imported again:
/// the file's own header and cells, then the reasons. UTF-8 with BOM so that Excel on Windows opens
/// it, and no cell can start a formula. Rows are written as they are met, so a file of a million bad
/// rows is not held in memory; the CSVs get their names only when the import is kept (`keep`), and
/// are removed otherwise. They hold whole ID numbers: owner only (0600), like the ledger.
final class RejectsWriter {
    let folder: String
    private var files: [String: Output] = [:]
    private var order: [String] = []
    private var finalNames: Set<String> = []

    private final class Output {
        let temporary: String
        let path: String
        let handle: FileHandle
        let columns: Int
        var buffer = Data()
        init(temporary: String, path: String, handle: FileHandle, columns: Int) {
            self.temporary = temporary; self.path = path; self.handle = handle; self.columns = columns
        }
    }

    init(folder: String) { self.folder = folder }

    func add(_ row: RawRow, errors: [RowError], file: String, headerCells: [String]) throws {
        let output = try self.output(for: file, headerCells: headerCells)
        var cells = (0..<max(output.columns, row.cells.count)).map { row[$0].text }
        cells += [errors.map { ($0.column.map { "「\($0)」" } ?? "") + $0.reason }.joined(separator: "；"), String(row.number)]
        output.buffer.append(contentsOf: CSVText.line(cells).utf8)
        if output.buffer.count >= 1 << 16 { try flush(output) }
    }

    /// Gives the CSVs their names; returns their paths, in the order of the source files.
    func keep() throws -> [String] {
        for file in order {
            let output = files[file]!
            try flush(output)
            try output.handle.close()
            guard rename(output.temporary, output.path) == 0 else {
                throw ReportFileError(description: "无法写入 \(output.path)：\(String(cString: strerror(errno)))")
            }
        }
        defer { files = [:]; order = [] }
        return order.map { files[$0]!.path }
    }

    /// Removes what was written: the import was not kept.
    func discard() {
        for output in files.values {
            try? output.handle.close()
            try? FileManager.default.removeItem(atPath: output.temporary)
        }
        files = [:]
        order = []
    }

    private func output(for file: String, headerCells: [String]) throws -> Output {
        if let output = files[file] { return output }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // Two source files with the same name (from two folders) get two CSVs.
        let stem = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        var name = "\(stem).rejected.csv", number = 2
        while finalNames.contains(name) { name = "\(stem)-\(number).rejected.csv"; number += 1 }
        finalNames.insert(name)
        let path = (folder as NSString).appendingPathComponent(name)
        let temporary = (folder as NSString).appendingPathComponent(".\(name).tmp-\(getpid())")
        let descriptor = try ReportFiles.createOwnerOnly(temporary, for: path)
        let output = Output(temporary: temporary, path: path, handle: FileHandle(fileDescriptor: descriptor, closeOnDealloc: true),
                            columns: headerCells.count)
        output.buffer.append(contentsOf: ("\u{FEFF}" + CSVText.line(headerCells + ["错误原因", "原行号"])).utf8)
        files[file] = output
        order.append(file)
        return output
    }

    private func flush(_ output: Output) throws {
        guard !output.buffer.isEmpty else { return }
        do { try output.handle.write(contentsOf: output.buffer) } catch {
            throw ReportFileError(description: "无法写入 \(output.path)：\(error)")
        }
        output.buffer.removeAll(keepingCapacity: true)
    }

    deinit { discard() }
}
