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
        self.rejectFiles = rejectFiles
    }
}

/// Writes rejected rows back out, one CSV per source file, to be fixed and imported again: the file's
/// own header and cells, then the reasons. UTF-8 with BOM so that Excel on Windows opens it, and
/// no cell can start a formula.
enum RejectsWriter {
    static func write(_ rows: [RejectedRow], to folder: String) throws -> [String] {
        var written: [String] = []
        var byFile: [(String, [RejectedRow])] = []
        for row in rows {
            if let index = byFile.firstIndex(where: { $0.0 == row.file }) { byFile[index].1.append(row) }
            else { byFile.append((row.file, [row])) }
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (file, rows) in byFile {
            let stem = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
            let path = (folder as NSString).appendingPathComponent("\(stem).rejected.csv")
            let header = rows[0].headerCells
            var text = "\u{FEFF}" + CSVText.line(header + ["错误原因", "原行号"])
            for row in rows {
                var cells = (0..<max(header.count, row.row.cells.count)).map { row.row[$0].text }
                cells += [row.errors.map { ($0.column.map { "「\($0)」" } ?? "") + $0.reason }.joined(separator: "；"),
                          String(row.row.number)]
                text += CSVText.line(cells)
            }
            // It holds whole ID numbers, to be fixed and imported again: owner only, like the ledger.
            try ReportFiles.emit(Data(text.utf8), to: path, ownerOnly: true)
            written.append(path)
        }
        return written
    }

}
