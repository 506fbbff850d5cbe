import Foundation
import XueshiImport
import XueshiLedger
import XueshiModel
import XueshiRead
import XueshiReport
import XueshiWorkflow

extension ImportReport {
    /// What the user reads after an import, in Chinese.
    func humanSummary(ledger: String) -> String {
        var lines: [String] = []
        for file in files {
            if let failure = file.failure {
                lines.append("✗ " + Console.describe(failure))
                continue
            }
            guard let info = file.info else { continue }
            var how = info.profileKind == .hours ? ["导入配置 \(info.profile)"] : ["\(info.profileKind.label)，导入配置 \(info.profile)"]
            if let encoding = info.encoding { how.append("编码 \(encoding.uppercased())") }
            if let sheet = info.sheet { how.append("工作表「\(sheet)」") }
            how.append("表头在第 \(info.headerRow) 行")
            lines.append("\(file.path)（\(how.joined(separator: "，"))）")
            // What a file's rows did; a refused import wrote nothing, so it counts only what was wrong.
            var counts: String
            if written {
                counts = "  数据 \(info.rows) 行：新增 \(file.inserted)，重复 \(file.duplicates)，" + (skipInvalid ? "跳过出错的 \(file.rejected) 行" : "出错 \(file.rejected)")
                if file.updated > 0 { counts += "（其中 \(file.updated) 条重复记录的审核状态已更新）" }
            } else if dryRun {
                counts = "  数据 \(info.rows) 行：会新增 \(file.inserted)，重复 \(file.duplicates)，" + (skipInvalid ? "会跳过出错的 \(file.rejected) 行" : "出错 \(file.rejected)")
                if file.updated > 0 { counts += "（其中 \(file.updated) 条重复记录的审核状态会更新）" }
            } else {
                counts = "  数据 \(info.rows) 行，其中出错 \(file.rejected) 行"
            }
            if let roster = file.roster, written || dryRun {
                let will = written ? "" : "会"
                counts = "  花名册 \(info.rows) 人：\(will)新列入 \(roster.added)，\(will)更新 \(roster.changed)，不变 \(roster.unchanged)"
                    + (roster.markedLeft > 0 ? "；不在这份名单上的 \(roster.markedLeft) 人\(will)标为离职（保留其记录）" : "")
                    + (file.rejected > 0 ? "，出错 \(file.rejected) 行" : "")
                if file.rosterKeptEveryone { counts += "\n  有出错的行，所以没有把任何人标为离职（出错行上的人会被误标）；改正后重新导入完整的花名册。" }
            } else if let trainings = file.trainings, written || dryRun {
                let will = written ? "" : "会"
                counts = "  签到表 \(info.rows) 行：\(will)新增培训 \(trainings.new)，已有 \(trainings.known)" + (file.rejected > 0 ? "，出错 \(file.rejected) 行" : "")
                    + "（内部培训不计入学时，xueshi reconcile 会列出没有登记的）"
            }
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
            if info.mergedValueCount > 0 {
                // Grouped by the merge: "「学时」第 2 行的合并单元格也填入了第 3、4 行".
                var groups: [(column: String, fromRow: Int, rows: [Int])] = []
                for merged in info.mergedValues {
                    if let index = groups.firstIndex(where: { $0.column == merged.column && $0.fromRow == merged.fromRow }) {
                        groups[index].rows.append(merged.row)
                    } else {
                        groups.append((merged.column, merged.fromRow, [merged.row]))
                    }
                }
                lines.append("  注意：\(info.mergedValueCount) 条记录的值来自合并单元格（Excel 中只显示一次，每一行都按这个值计入了）：")
                for group in groups.prefix(10) {
                    lines.append("    「\(group.column)」第 \(group.fromRow) 行的合并单元格也填入了第 \(group.rows.map(String.init).joined(separator: "、")) 行")
                }
                if groups.count > 10 { lines.append("    …另有 \(groups.count - 10) 处") }
                lines.append("    请在 Excel 中核对这些值是否确实属于每一行；若不是，请拆分单元格、逐行填写后重新导出。")
            }
            if info.sheetsRead.count > 1 || !info.sheetsNotRead.isEmpty {
                let read = info.sheetsRead.map { "“\($0)”" }.joined(separator: "、")
                lines.append("  读取了工作表\(read)" + (info.sheetsNotRead.isEmpty ? "" : "；未读取：\(info.sheetsNotRead.joined(separator: "、"))"))
            }
            if let first = file.importedBefore.first {
                lines.append("  这个文件此前已导入过（\(first)），其中的记录不会重复计入。")
            }
        }
        if dryRun {
            var line = "试运行：会新增 \(inserted) 条，重复 \(duplicates) 条，"
            line += skipInvalid ? "会跳过出错的 \(rejected) 行" : "出错 \(rejected) 行"
            if !skipInvalid && rejected > 0 { line += "（不加 --skip-invalid 时导入会被拒绝）" }
            lines.append(line + "。没有写入学时库。")
        } else if written {
            var line = "合计：新增 \(inserted) 条，重复 \(duplicates) 条" + (rejected > 0 ? "，跳过出错的 \(rejected) 行" : "") + "。已写入学时库 \(ledger)"
            if let counts = ledgerCounts { line += "（现有 \(counts.people) 人，\(counts.records) 条记录，\(counts.units) 个单位）" }
            lines.append(line + "。")
            if !rejectFiles.isEmpty {
                lines.append("出错的行及原因已写入：\(rejectFiles.joined(separator: "、"))；改正后可再导入。")
            }
        } else if !fileFailures.isEmpty {
            lines.append("有文件无法读取，什么也没有写入学时库。")
        } else {
            let good = inserted + duplicates
            lines.append("有 \(rejected) 行出错，什么也没有写入学时库（其余 \(good) 行正确的记录也没有写入）。"
                         + "改正后重新导入，或加 --skip-invalid 只导入正确的行。")
        }
        if skipInvalid && rejected > 0 && (written || dryRun) {
            lines.append((dryRun ? "会跳过" : "跳过了") + "以下 \(rejected) 行：")
            lines += errors.prefix(Self.listedSkips).map { "  \($0)" }
            if errorCount > min(Self.listedSkips, errors.count) {
                lines.append("  ……还有 \(errorCount - min(Self.listedSkips, errors.count)) 条错误未列出" + (rejectFiles.isEmpty ? "。" : "，全部见上面的 CSV。"))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// How many skipped rows an import's summary lists.
    static let listedSkips = 20

    /// Lists the bad rows on standard error: file, row as a spreadsheet shows it, column, reason.
    func printErrors(limit: Int) {
        for error in errors.prefix(limit) { Console.error("错误：\(error)") }
        if errorCount > min(limit, errors.count) {
            Console.error("……还有 \(errorCount - min(limit, errors.count)) 条错误未列出（--max-errors 0 列出全部，或加 --skip-invalid 把出错行连同原因写入 CSV）。")
        }
    }
}

