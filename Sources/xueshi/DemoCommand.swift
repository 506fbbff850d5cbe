import ArgumentParser
import Foundation
import XueshiImport
import XueshiLedger
import XueshiModel
import XueshiVerify

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "用内置的示例导出文件走一遍：导入、再导入（不重复）、核查、查看学时库。",
        discussion: "示例文件和学时库都写在一个临时文件夹里，不会动你的文件。")

    func run() throws {
        let folder = NSTemporaryDirectory() + "xueshi-demo-" + String(UUID().uuidString.prefix(8))
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let export = folder + "/浙江省学时登记导出-示例.csv"
        let ledgerPath = folder + "/xueshi.sqlite"
        guard let sample = EmbeddedResources.data("Samples/demo-export.csv") else {
            Console.error("错误：程序里缺少示例文件（构建不完整）")
            throw ExitCode(Console.Status.couldNotCheck.rawValue)
        }
        try sample.write(to: URL(fileURLWithPath: export))

        Console.out("学时 xueshi 演示：示例文件和学时库放在 \(folder)\n")
        Console.out("【1】导入省系统导出的学时记录（GB18030 编码的 CSV，上方有标题行，末尾有合计行）")
        Console.out("$ xueshi import \(export) --ledger \(ledgerPath)")
        let run = ImportRun(files: [export], profiles: ImportProfile.builtIn(), encoding: nil, sheet: nil,
                            ledgerPath: ledgerPath, dryRun: false, skipInvalid: false, progress: ProgressLine(enabled: false))
        let first = try run.execute()
        Console.out(first.humanSummary(ledger: ledgerPath, rejectFiles: []))
        guard first.succeeded else { first.printErrors(limit: 20); throw ExitCode(Console.Status.badInput.rawValue) }

        Console.out("\n【2】同一个文件再导入一次：每条记录只记一次")
        Console.out("$ xueshi import \(export) --ledger \(ledgerPath)")
        Console.out(try run.execute().humanSummary(ledger: ledgerPath, rejectFiles: []))

        let ledger = try Ledger(path: ledgerPath, create: false)
        // A fixed day, so that the demo shows every status the same way each time it is run.
        let asOf = CalendarDate(year: 2025, month: 9, day: 18)!
        let policy = try Policy.load(Policy.defaultName)
        Console.out("\n【3】按 2025 年人工智能高级工程师评审的要求核查（2023—2025 年每年 90 学时，其中专业科目 60 学时）")
        Console.out("$ xueshi verify --as-of \(asOf) --ledger \(ledgerPath)")
        let verifier = Verifier(policy: policy, asOf: asOf)
        let verdicts = try ledger.hours(years: policy.years, asOf: asOf, forms: policy.cappedForms).map(verifier.verdict)
        Console.out(VerdictText.heading(policy, asOf: asOf))
        Console.out(VerdictText.table(verdicts, policy: policy, reveal: false))
        Console.out(VerdictText.summary(verdicts))

        Console.out("\n【4】学时库里的人（身份证号默认隐去中间 8 位）")
        Console.out("$ xueshi people --ledger \(ledgerPath)")
        Console.out(People.render(try ledger.people(), reveal: false))

        if let someone = try ledger.people().first {
            Console.out("\n【5】一个人的记录，以及每条记录来自哪个文件的哪一行")
            Console.out("$ xueshi records --person \(someone.id.masked) --ledger \(ledgerPath)   （实际使用时写完整身份证号）")
            Console.out(Records.render(try ledger.records(person: someone.id), reveal: false))
        }

        Console.out("\n【6】导入记录")
        Console.out("$ xueshi imports --ledger \(ledgerPath)")
        Console.out(Imports.render(try ledger.batches()))

        Console.out("""

            接下来可以试试：
              export XUESHI_LEDGER=\(ledgerPath)
              xueshi verify            # 按今天核查所有人（退出码 0 全部达标，1 有人未达标）
              xueshi verify --json     # 给脚本用的 JSON
              xueshi check \(export)   # 申报人自查：不写学时库
              xueshi records --year 2024
              xueshi import 你的导出文件.xlsx --dry-run   # 先试运行，看会导入什么
            """)
    }
}
