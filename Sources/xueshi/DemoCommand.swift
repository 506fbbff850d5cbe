import ArgumentParser
import Foundation
import XueshiImport
import XueshiLedger
import XueshiModel
import XueshiReport
import XueshiVerify
import XueshiWorkflow

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "用内置的示例导出文件走一遍：导入、再导入有重叠的导出（不重复）、核查、汇总报表（HTML、Excel）。",
        discussion: "示例文件、学时库和报表都写在一个临时文件夹里，不会动你的文件。")

    func run() throws {
        let folder = NSTemporaryDirectory() + "xueshi-demo-" + String(UUID().uuidString.prefix(8))
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let ledgerPath = folder + "/xueshi.sqlite"
        var exports: [String] = []
        for (sample, name) in [("Samples/demo-export.csv", "浙江省学时登记导出-示例.csv"), ("Samples/demo-export-2025.xlsx", "2025年度补充导出-示例.xlsx"),
                               ("Samples/demo-roster.xlsx", "花名册-示例.xlsx"), ("Samples/demo-trainings.xlsx", "内部培训签到表-示例.xlsx")] {
            guard let data = EmbeddedResources.data(sample) else {
                Console.error("错误：程序里缺少示例文件 \(sample)（构建不完整）")
                throw ExitCode(Console.Status.couldNotCheck.rawValue)
            }
            let path = folder + "/" + name
            try data.write(to: URL(fileURLWithPath: path))
            exports.append(path)
        }

        Console.out("学时 xueshi 演示：示例文件、学时库和报表都放在 \(folder)，不会动你的文件。\n")
        Console.out("【1】导入省系统导出的学时记录（GB18030 编码的 CSV，上方有标题行，末尾有合计行）")
        try importAndShow(exports[0], ledgerPath)
        Console.out("\n【2】再导入一份后来的导出（Excel .xlsx，与上一份有重叠）：重叠的记录只记一次，只有新登记的记录会加入")
        try importAndShow(exports[1], ledgerPath)

        let ledger = try Ledger(path: ledgerPath, create: false)
        // A fixed day, so that the demo shows every status the same way each time it is run.
        let asOf = CalendarDate(year: 2025, month: 9, day: 18)!
        let result = try CheckJob(policy: try Policy.load(Policy.defaultName), asOf: asOf).run(on: ledger)
        let width = Terminal.width

        Console.out("\n【3】按 2025 年人工智能高级工程师评审的要求核查（2023—2025 年每年 90 学时，其中专业科目 60 学时）")
        Console.out("$ xueshi verify --as-of \(asOf) --ledger \(ledgerPath)")
        try ReportJob(format: .table, width: width).renderVerdicts(result, revealIDs: false, to: .standardOutput)

        Console.out("\n【4】各单位汇总，并写出 HTML 和 Excel 报表")
        Console.out("$ xueshi report units --as-of \(asOf) --ledger \(ledgerPath)")
        let summary = result.summary(revealIDs: false)
        try ReportJob(format: .table, width: width).renderUnits(summary, to: .standardOutput)
        let html = folder + "/学时汇总.html", xlsx = folder + "/学时汇总.xlsx"
        try ReportJob(format: .html).renderUnits(summary, to: .file(html))
        try ReportJob(format: .xlsx).renderUnits(summary, to: .file(xlsx))
        Console.out("$ xueshi report units --output \(html)")
        Console.out("$ xueshi report units --output \(xlsx)")
        Console.out("已写出：\n  \(html)（用浏览器打开，可直接打印）\n  \(xlsx)（用 Excel 或 WPS 打开）")

        if let someone = result.verdicts.first(where: { $0.status != .meets }) {
            Console.out("\n【5】一个人的学时证明：每条记录计入哪一年、来自哪个文件的哪一行")
            Console.out("$ xueshi report person \(someone.name) --as-of \(asOf) --ledger \(ledgerPath)")
            let one = try CheckJob(policy: result.policy, asOf: asOf, scope: .person(someone.id)).run(on: ledger)
            let statements = try one.statements(from: ledger, revealIDs: false)
            try ReportJob(format: .table, width: width).renderStatements(statements, result: one, to: .standardOutput)
            let statement = folder + "/\(someone.name)学时证明.html"
            try ReportJob(format: .html).renderStatements(statements, result: one, to: .file(statement))
            Console.out("$ xueshi report person \(someone.name) --output \(statement)")
            Console.out("已写出：\(statement)（可打印的学时证明，列出每条记录及其来源）")
        }

        Console.out("\n【6】导入记录")
        Console.out("$ xueshi imports --ledger \(ledgerPath)")
        Console.out(Imports.render(try ledger.batches()))

        Console.out("\n【7】导入单位的花名册和内部培训签到表，与学时记录对账：谁一条记录也没有、缺哪一年、哪次内部培训没有登记")
        try importAndShow(exports[2], ledgerPath)
        try importAndShow(exports[3], ledgerPath)
        Console.out("$ xueshi reconcile --as-of \(asOf) --ledger \(ledgerPath)")
        let reconciliation = try ReconcileJob(policy: result.policy, asOf: asOf).run(on: ledger)
        try ReportJob(format: .table, width: width).renderReconcile(ReconcileJob.report(reconciliation, revealIDs: false), to: .standardOutput)

        Console.out("""

            接下来可以试试：
              export XUESHI_LEDGER=\(ledgerPath)
              xueshi verify            # 按今天核查所有人（退出码 0 全部达标，1 有人未达标）
              xueshi verify --json     # 给脚本用的 JSON
              xueshi people            # 列出所有人
              xueshi check \(exports[0])   # 申报人自查：不写学时库
              xueshi verify --applicants  # 只核查花名册上标为申报的人
              xueshi report units --by department   # 按花名册的部门汇总
              xueshi report units --format markdown   # 发到企业微信、钉钉群
              xueshi import 你的导出文件.xlsx --dry-run   # 先试运行，看会导入什么
            """)
    }

    private func importAndShow(_ export: String, _ ledgerPath: String) throws {
        Console.out("$ xueshi import \(export) --ledger \(ledgerPath)")
        let report = try ImportJob(files: [export], profiles: ImportProfile.builtIn(), ledgerPath: ledgerPath).execute()
        Console.out(report.humanSummary(ledger: ledgerPath))
        guard report.succeeded else { report.printErrors(limit: 20); throw ExitCode(Console.Status.badInput.rawValue) }
    }
}
