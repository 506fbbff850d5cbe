import Foundation
import Testing

/// Mistakes on the command line get a Chinese message, the nearest right word and exit 64; the help
/// lists every exit code.
@Suite("Command-line messages, end to end")
struct MessagesEndToEndTests {
    @Test("a mistyped subcommand suggests the right one, at any level")
    func subcommands() throws {
        let x = try Xueshi(); defer { x.remove() }
        let top = try x.run(["repor"])
        #expect(top.status == 64)
        #expect(top.stderr.contains("错误：没有子命令「repor」。是不是要用 xueshi report？"))
        let nested = try x.run(["report", "unis"])
        #expect(nested.status == 64)
        #expect(nested.stderr.contains("是不是要用 xueshi report units？"))
    }

    @Test("a mistyped option is named in Chinese with the nearest one and the usage")
    func options() throws {
        let x = try Xueshi(); defer { x.remove() }
        let result = try x.run(["report", "units", "--formt", "csv"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("错误：没有选项 --formt。是不是要用 --format？"))
        #expect(result.stderr.contains("用法：xueshi report units"))
        #expect(!result.stderr.contains("Unknown option"))
        let missing = try x.run(["verify", "--as-of"])
        #expect(missing.status == 64)
        #expect(!missing.stderr.contains("Missing value"))
    }

    @Test("the help lists every exit code the program uses")
    func exitCodesInHelp() throws {
        let x = try Xueshi(); defer { x.remove() }
        let help = try x.run(["--help"]).stdout
        for code in ["0", "1", "2", "3", "64"] {
            #expect(help.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("\(code) ") }, "exit code \(code) not in the help")
        }
    }
}
