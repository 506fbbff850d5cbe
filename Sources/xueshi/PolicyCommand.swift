import ArgumentParser
import XueshiVerify

struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "核查要求：列出内置要求，或打印一份以便复制修改。",
        discussion: "要求里的学时数来自会变动的国家和省里的规定：使用前请对照现行细则核对。",
        subcommands: [List.self, Show.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出内置的核查要求。")
        func run() throws {
            for policy in Policy.builtIn() { Console.out("\(policy.name)\t\(policy.title)") }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "打印一份内置核查要求（YAML）。",
            discussion: "例：xueshi policy show zj-ai-senior-2025 > 我的要求.yaml，修改后 xueshi verify --policy 我的要求.yaml")

        @Argument(help: ArgumentHelp("要求的名称。", valueName: "名称"))
        var name: String = Policy.defaultName

        func run() throws {
            guard let text = Policy.builtInText(named: name) else {
                Console.error("错误：没有内置核查要求「\(name)」；内置的有：\(Policy.builtIn().map(\.name).joined(separator: "、"))")
                throw ExitCode(Console.Status.couldNotCheck.rawValue)
            }
            print(text, terminator: "")
        }
    }
}
