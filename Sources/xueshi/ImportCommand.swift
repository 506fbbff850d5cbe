import ArgumentParser
import Foundation
import XueshiImport
import XueshiLedger
import XueshiModel
import XueshiRead
import XueshiWorkflow

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "把导出文件（CSV、Excel .xlsx）导入学时库：每条记录只记一次。",
        discussion: """
            默认全有或全无：只要有一行有错，什么也不写入，并逐行列出错误（文件、行号、列、原因）。
            加 --skip-invalid 则导入正确的行，把出错的行连同原因写进一个 CSV，改好后可以再导入。
            同一条记录（身份证号、年度、类别、项目名称、起止日期、学时都相同）无论导入几次都只算一次。

            例：xueshi import 导出2024.csv 导出2025.xlsx
                xueshi import 导出.csv --dry-run
            """)

    @OptionGroup var ledgerOptions: LedgerOptions

    /// The export files.
    @Argument(help: ArgumentHelp("导出文件：.csv（UTF-8 或 GBK/GB18030）或 .xlsx；也可以是 https:// 地址（先下载完整，再导入）。", valueName: "文件|网址"))
    var files: [String]

    @Option(help: ArgumentHelp("下载 https:// 地址时信任的证书机构（PEM 文件），用于单位自建的证书。证书总是要验证的。", valueName: "PEM 文件"))
    var cacert: String?

    @OptionGroup var reading: ReadingOptions

    @Flag(help: "只检查并报告会发生什么，不写入学时库。")
    var dryRun = false

    @Flag(help: "导入正确的行；出错的行连同原因写入 CSV（见 --rejects）。")
    var skipInvalid = false

    @Option(help: ArgumentHelp("--skip-invalid 时出错行写到哪个文件夹。默认当前文件夹。", valueName: "文件夹"))
    var rejects: String?

    @Option(help: ArgumentHelp("最多在终端列出多少条错误（0 = 全部）。", valueName: "条数"))
    var maxErrors = 100

    @Flag(help: "以 JSON 输出摘要（只在标准输出）。")
    var json = false

    @Flag(name: .shortAndLong, help: "成功时不输出摘要。")
    var quiet = false

    func validate() throws {
        if maxErrors < 0 { throw ValidationError("--max-errors 不能为负数") }
    }

    func run() throws {
        let progress = ProgressLine()
        var job = ImportJob(files: files, profiles: try reading.profiles(), encoding: reading.pinnedEncoding,
                            sheet: reading.sheet, ledgerPath: ledgerOptions.path, dryRun: dryRun, skipInvalid: skipInvalid,
                            rejectsFolder: rejects ?? ".", progress: { progress.importProgress($0) })
        job.transport.caBundlePath = cacert
        let report: ImportReport
        do { report = try job.execute() }
        catch {
            progress.clear()
            throw Console.failure(error, code: .couldNotCheck)
        }
        progress.clear()

        if json {
            Console.out(try Console.json(ImportJSON(report)))
        } else if !quiet || !report.succeeded {
            Console.out(report.humanSummary(ledger: ledgerOptions.path))
        }
        for conflict in report.nameConflicts.prefix(50) {
            Console.error("注意：\(conflict.file) 第 \(conflict.row) 行：身份证号 \(conflict.id.masked) 此前登记的姓名是"
                          + "「\(conflict.knownNames.joined(separator: "、"))」，这里是「\(conflict.newName)」。未合并也未拆分，请核对。")
        }
        if report.nameConflictCount > 50 { Console.error("注意：还有 \(report.nameConflictCount - 50) 处同一身份证号不同姓名。") }
        if !report.succeeded {
            report.printErrors(limit: maxErrors == 0 ? Int.max : maxErrors)
            throw ExitCode(Console.Status.badInput.rawValue)
        }
    }
}
