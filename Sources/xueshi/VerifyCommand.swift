import ArgumentParser
import Foundation
import XueshiLedger
import XueshiModel
import XueshiReport
import XueshiVerify
import XueshiWorkflow

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "按要求核查学时库里的人（全部、某个单位或某个人）。",
        discussion: """
            退出码：0 所核查的人都达标；1 有人未达标或仍在进行中；2 无法核查（没有学时库、要求文件有误等）。
            例：xueshi verify --unit 之江实验室
                xueshi verify --person 张伟
                xueshi verify --applicants          # 只核查花名册上标为申报的人
                xueshi verify --as-of 2025-08-31 --json
            """)

    @OptionGroup var ledgerOptions: LedgerOptions
    @OptionGroup var checkOptions: CheckOptions
    @OptionGroup var privacy: PrivacyOptions

    @Option(help: ArgumentHelp("只核查这个单位的人。", valueName: "单位"))
    var unit: String?

    @Option(help: ArgumentHelp("只核查这个人：身份证号，或学时库里只有一人用的姓名。", valueName: "身份证号|姓名"))
    var person: String?

    @Flag(help: "只核查花名册上标为申报（是否申报 = 是）的人。")
    var applicants = false

    @Flag(help: "以 JSON 输出（只在标准输出）。")
    var json = false

    @Flag(name: .shortAndLong, help: "不输出，只用退出码表示结果。")
    var quiet = false

    func run() throws {
        let ledger = try ledgerOptions.openForReading()
        let progress = ProgressLine()
        let result: CheckResult
        do {
            var scope = CheckScope.everyone
            if let unit { scope = .unit(unit) }
            if let person { scope = .person(try PersonLookup.find(person, in: ledger)) }
            var job = try checkOptions.job(scope: scope, progress: progress)
            job.applicantsOnly = applicants
            result = try job.run(on: ledger)
            progress.clear()
            if !quiet {
                try ReportJob(format: json ? .json : .table, width: Terminal.width)
                    .renderVerdicts(result, revealIDs: privacy.revealIDs, to: .standardOutput)
            }
        } catch {
            progress.clear()
            throw Console.failure(error)
        }
        if !result.everyoneMeets { throw ExitCode(Console.Status.someoneShort.rawValue) }
    }
}
