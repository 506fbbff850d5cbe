import Foundation
import Testing

/// Text from a file never acts on the terminal: an escape sequence in a name or a title (a hostile or
/// broken export) is shown inert, as "?", by every command that prints it.
@Suite("Control characters from files, end to end")
struct ControlCharactersEndToEndTests {
    @Test("ANSI escapes in a name and a title reach no terminal output", arguments: [
        ["people"], ["records"], ["verify"], ["report", "units"], ["report", "person", IDs.zhang], ["reconcile"],
        ["import", "--dry-run", "EXPORT"],
    ])
    func inert(command: [String]) throws {
        let x = try Xueshi(); defer { x.remove() }
        let export = try x.write("导出.csv", Exports.header
            + Exports.row(1, "张伟\u{1B}[31m", IDs.zhang, title: "研修\u{1B}[2J\u{07}班"))
        #expect(try x.run(["import", export]).status == 0)
        let roster = try x.write("花名册.csv", "姓名,身份证号,单位,部门\n王芳\u{1B}]0;x\u{07},\(IDs.wang),之江实验室,算法部\n")
        #expect(try x.run(["import", roster]).status == 0)
        let result = try x.run(command.map { $0 == "EXPORT" ? export : $0 })
        let said = result.stdout + result.stderr
        #expect(!said.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" }, "\(command): \(said.debugDescription)")
        if ["people", "records", "person"].contains(where: command.contains) {
            #expect(said.contains("张伟?[31m"), "shown, inert: \(said)")
        }
    }
}
