import ArgumentParser
import Foundation
import XueshiModel
import XueshiReconcile
import XueshiReport
import XueshiWorkflow

struct Reconcile: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "花名册与学时记录对账：没有任何记录的在职人员、缺少的年度、未登记的内部培训、姓名或单位不一致、不在花名册上的人。",
        discussion: """
            先导入花名册（xueshi import 花名册.xlsx），需要时再导入内部培训签到表（培训名称、日期、学时、参训人员）。
            例：xueshi reconcile
                xueshi reconcile --unit 之江实验室 --output 对账.xlsx     # 格式随扩展名：.xlsx .html .csv .md .json .txt
                xueshi reconcile --json
            签到表上的培训从不计入学时；与登记记录日期重叠、学时相差不超过 --hours-tolerance 的算已登记。
            """)

    @OptionGroup var ledgerOptions: LedgerOptions
    @OptionGroup var checkOptions: CheckOptions
    @OptionGroup var privacy: PrivacyOptions

    @Option(help: ArgumentHelp("只对这个单位的人（按花名册的单位；不在花名册上的人按记录中的单位）。", valueName: "单位"))
    var unit: String?

    @Flag(help: "以 JSON 输出（只在标准输出），同 --format json。")
    var json = false

    @Option(help: ArgumentHelp("格式：table、csv、json、markdown、html、xlsx。默认随 --output 的扩展名，否则 table。", valueName: "格式"))
    var format: ReportFormat?

    @Option(help: ArgumentHelp("写入这个文件（先写临时文件再改名；缺少的文件夹会建好）。", valueName: "路径"))
    var output: String?

    @Option(help: ArgumentHelp("HTML 用自己的模板（Mustache）；先用 xueshi report template reconcile-html 导出内置模板来改。", valueName: "路径"))
    var template: String?

    @Option(help: ArgumentHelp("内部培训与登记记录的学时相差不超过这么多（学时）算同一次培训。默认 0.5。", valueName: "学时"))
    var hoursTolerance: String?

    func validate() throws {
        if json && format != nil && format != .json { throw ValidationError("--json 与 --format \(format!.rawValue) 矛盾") }
        if let hoursTolerance, (try? Hours.parse(hoursTolerance).get()) == nil {
            throw ValidationError("--hours-tolerance「\(hoursTolerance)」不是学时数（如 0.5、1）")
        }
    }

    func run() throws {
        do {
            let format = try ReportFormat.resolve(requested: json ? .json : self.format, output: output, offered: ReportJob.unitFormats)
            if template != nil && format != .html { throw ValidationError("--template 只用于 html 格式") }
            let templateText = try template.map(ReportJob.template(at:))
            let ledger = try ledgerOptions.openForReading()
            let tolerance = hoursTolerance.flatMap { try? Hours.parse($0).get() } ?? Reconciler.defaultHoursTolerance
            let reconciliation = try ReconcileJob(policy: try checkOptions.loadPolicy(), asOf: checkOptions.day, unit: unit,
                                                  hoursTolerance: tolerance).run(on: ledger)
            let report = ReconcileJob.report(reconciliation, revealIDs: privacy.revealIDs)
            try ReportJob(format: format, template: templateText, width: Terminal.width(writingTo: output))
                .renderReconcile(report, to: output.map(ReportDestination.file) ?? .standardOutput)
        } catch let error as ValidationError {
            throw error
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw Console.failure(error)
        }
        if let output { Console.error("已写入 \(output)") }
    }
}
