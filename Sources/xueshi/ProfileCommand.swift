import ArgumentParser
import XueshiImport

struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "导入配置：列出内置配置，或打印一份以便复制修改。",
        subcommands: [List.self, Show.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出内置的导入配置。")
        func run() throws {
            for profile in ImportProfile.builtIn() { Console.out("\(profile.name)\t\(profile.description)") }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "打印一份内置导入配置（YAML）。",
            discussion: "例：xueshi profile show zj-provincial > 我的配置.yaml，修改后 xueshi import --profile 我的配置.yaml 文件")

        @Argument(help: ArgumentHelp("配置名称。", valueName: "名称"))
        var name: String

        func run() throws {
            guard let text = ImportProfile.builtInText(named: name) else {
                Console.error("错误：没有内置导入配置「\(name)」；内置的有：\(ImportProfile.builtIn().map(\.name).joined(separator: "、"))")
                throw ExitCode(Console.Status.couldNotCheck.rawValue)
            }
            print(text, terminator: "")
        }
    }
}
