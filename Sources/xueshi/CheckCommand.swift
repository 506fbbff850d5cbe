import ArgumentParser
import Foundation
import XueshiLedger
import XueshiModel
import XueshiReport
import XueshiWorkflow

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "申报人自查：读入自己的导出文件，按要求核查，什么也不写入学时库。",
        discussion: """
            读入一个或几个导出文件（CSV、.xlsx），逐年、逐类列出计入的学时、待审核的学时、还差多少，以及每条记录计入哪一年、来自哪个文件的哪一行。
            有错的行会列出来，核查照常进行，但结论不包括这些行。
            --format html --output 学时证明.html 写出可打印、可盖章的学时证明（加 --reveal-ids 显示完整身份证号）。
            退出码：0 达标；1 未达标或仍在进行中；2 无法核查。
            例：xueshi check 我的学时.xlsx
                xueshi check 2023-2024.csv 2025.csv --as-of 2025-08-31
                xueshi check 我的学时.xlsx --output 学时证明.html
            """)

    @Argument(help: ArgumentHelp("自己的导出文件：.csv 或 .xlsx。", valueName: "文件"))
    var files: [String]

    @OptionGroup var checkOptions: CheckOptions
    @OptionGroup var privacy: PrivacyOptions
    @OptionGroup var reading: ReadingOptions

    @Option(help: ArgumentHelp("格式：table、html、json。默认随 --output 的扩展名，否则 table。", valueName: "格式"))
    var format: ReportFormat?

    @Option(help: ArgumentHelp("写入这个文件（先写临时文件再改名；缺少的文件夹会建好）。", valueName: "路径"))
    var output: String?

    @Option(help: ArgumentHelp("HTML 用自己的模板（Mustache）；先用 xueshi report template person-html 导出内置模板来改。", valueName: "路径"))
    var template: String?

    @Flag(help: "以 JSON 输出核查结论（与 verify --json 同形）；--format json 另列出每条记录。")
    var json = false

    func run() throws {
        let progress = ProgressLine()
        let exitCode: Console.Status?
        do {
            let format = try ReportFormat.resolve(requested: json ? .json : self.format, output: output,
                                                  offered: ReportJob.statementFormats)
            let job = try checkOptions.job(progress: progress)
            func tellProblems(_ report: ImportReport) {
                progress.clear()
                for failure in report.fileFailures { Console.error("错误：" + Console.describe(failure.failure!)) }
                if report.rejected > 0 {
                    Console.error("注意：以下 \(report.rejected) 行有错，本次核查没有包括这些行：")
                    report.printErrors(limit: 100)
                }
            }
            let destination = output.map(ReportDestination.file) ?? .standardOutput
            let result: CheckResult, report: ImportReport
            if json {
                // The verdicts alone, from sums in memory (no database); the contract's shape, as
                // `verify --json`. `--format json` is the statement with every record.
                (result, report) = try job.verdicts(files: files, reading: try reading.settings())
                tellProblems(report)
                try ReportJob(format: .json).renderVerdicts(result, revealIDs: privacy.revealIDs, to: destination)
            } else {
                let records: [ResidentID: [StoredRecord]]
                (result, records, report) = try job.statements(files: files, reading: try reading.settings())
                tellProblems(report)
                let statements = result.statements(records: records, revealIDs: privacy.revealIDs)
                let templateText = try template.map(ReportJob.template(at:))
                try ReportJob(format: format, template: templateText, width: Terminal.width(writingTo: output))
                    .renderStatements(statements, result: result, to: destination)
            }
            if format == .table && output == nil && (report.rejected > 0 || !report.fileFailures.isEmpty) {
                Console.out("\n注意：有 \(report.rejected) 行出错、\(report.fileFailures.count) 个文件无法读取，以上结论没有包括它们（见标准错误输出）。")
            }
            if let output { Console.error("已写入 \(output)") }
            exitCode = result.everyoneMeets ? nil : .someoneShort
        } catch {
            progress.clear()
            throw Console.failure(error)
        }
        if let exitCode { throw ExitCode(exitCode.rawValue) }
    }
}

extension ReportFormat: ExpressibleByArgument {}
