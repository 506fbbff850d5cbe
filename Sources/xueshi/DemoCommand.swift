import ArgumentParser
import Foundation
import XueshiImport
import XueshiLedger
import XueshiModel

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "用内置的示例导出文件走一遍：导入、再导入（不重复）、查看学时库。",
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
        Console.out("\n【3】学时库里的人（身份证号默认隐去中间 8 位）")
        Console.out("$ xueshi people --ledger \(ledgerPath)")
        Console.out(People.render(try ledger.people(), reveal: false))

        if let someone = try ledger.people().first {
            Console.out("\n【4】一个人的记录，以及每条记录来自哪个文件的哪一行")
            Console.out("$ xueshi records --person \(someone.id.masked) --ledger \(ledgerPath)   （实际使用时写完整身份证号）")
            Console.out(Records.render(try ledger.records(person: someone.id), reveal: false))
        }

        Console.out("\n【5】导入记录")
        Console.out("$ xueshi imports --ledger \(ledgerPath)")
        Console.out(Imports.render(try ledger.batches()))

        Console.out("""

            接下来可以试试：
              export XUESHI_LEDGER=\(ledgerPath)
              xueshi people            # 列出所有人
              xueshi records --year 2024
              xueshi import 你的导出文件.xlsx --dry-run   # 先试运行，看会导入什么
            """)
    }
}
