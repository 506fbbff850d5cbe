import ArgumentParser
import Foundation

@main
struct Xueshi: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xueshi",
        abstract: "学时：专业技术人员继续教育学时台账 —— 导入、核查、汇总。",
        discussion: """
            把省继续教育学时登记系统导出的文件（CSV、Excel）导入本地学时库，按要求核查每个人的学时。

            学时库的位置：--ledger 路径，否则环境变量 XUESHI_LEDGER，否则当前目录下的 xueshi.sqlite。
            先试一试：xueshi demo

            退出码：
              0   成功（verify、check：人人达标）
              1   有人未达标或进行中（verify、check）
              2   无法完成（没有学时库、找不到人、要求或配置有误、文件写不了）
              3   导入的文件有错，什么也没有写入
              64  命令行用法有误（选项拼错、缺少参数）
            """,
        version: "0.1.0",
        subcommands: [Import.self, Verify.self, Check.self, Report.self, Reconcile.self, People.self, Records.self, Imports.self, Exemption.self,
                      Doctor.self, Backup.self,
                      PolicyCommand.self, ProfileCommand.self, ScheduleCommand.self, Demo.self])

    /// Parses and runs like the parser's own `main`, with its usage messages in Chinese and a
    /// suggestion for a mistyped subcommand (the parser would only say that the next option is unknown).
    static func main() {
        LogSetup.bootstrap()
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let message = unknownSubcommand(in: arguments) {
            Console.error(message)
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            let code = exitCode(for: error)
            guard code == .validationFailure else { exit(withError: error) }
            Console.error(UsageMessages.chinese(fullMessage(for: error)))
            Foundation.exit(code.rawValue)
        }
    }

    /// A word where a subcommand is expected that names none ("xueshi repor", "xueshi report unis"),
    /// worded with the nearest subcommand or the list of them.
    static func unknownSubcommand(in arguments: [String]) -> String? {
        var command: any ParsableCommand.Type = Xueshi.self
        var path = ["xueshi"]
        for word in arguments {
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty, !word.hasPrefix("-"), word != "help" else { return nil }
            guard let next = subcommands.first(where: { $0._commandName == word }) else {
                let names = subcommands.map { $0._commandName }
                let hint = UsageMessages.suggestion(for: word, among: names).map { "是不是要用 \((path + [$0]).joined(separator: " "))？" }
                    ?? "可用的子命令：\(names.joined(separator: "、"))。"
                return "错误：没有子命令「\(word)」。\(hint)\n  详见 \(path.joined(separator: " ")) --help"
            }
            command = next
            path.append(word)
        }
        return nil
    }
}
