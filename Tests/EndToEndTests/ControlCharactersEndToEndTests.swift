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

/// A message about a file quotes its cells briefly and masked: the first rows shown when no header is
/// found, and the value of a bad cell, never whole IDs or a whole pasted note.
@Suite("Personal data in messages, end to end")
struct MaskedMessagesEndToEndTests {
    @Test("no header found: the rows shown have their IDs masked and long cells cut")
    func headerNotFound() throws {
        let x = try Xueshi(); defer { x.remove() }
        let note = String(repeating: "填表说明：请按要求填写。", count: 500)
        let file = try x.write("名单.csv", "\(note)\n徐鸣文,34010419930719674x,之江实验室\n")
        let result = try x.run(["import", file])
        let said = result.stdout + result.stderr
        #expect(result.status != 0 && said.contains("找不到表头行"))
        #expect(!said.contains("34010419930719674x") && said.contains("340104********674x"), "\(said)")
        #expect(said.utf8.count < 4_000, "the note is cut: \(said.utf8.count) bytes")
    }

    @Test("a bad cell's value is quoted short, with an ID in it masked")
    func badCell() throws {
        let x = try Xueshi(); defer { x.remove() }
        let file = try x.write("导出.csv", Exports.header + Exports.row(1, "张伟", IDs.zhang, title: "研修", hours: IDs.wang))
        let result = try x.run(["import", file])
        let said = result.stdout + result.stderr
        #expect(result.status != 0)
        #expect(said.contains("学时") && !said.contains(IDs.wang), "\(said)")
    }
}

/// A zip bomb (a small file that inflates hundreds of times over) is refused by its declared sizes at
/// once, naming why, and nothing is written.
@Suite("Zip bombs, end to end")
struct ZipBombEndToEndTests {
    @Test("a workbook whose sheet inflates 400 to 1 is refused in moments")
    func refused() throws {
        let x = try Xueshi(); defer { x.remove() }
        let started = ContinuousClock.now
        let result = try x.run(["import", try x.copyFixture("zip-bomb.xlsx")])
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(result.status != 0)
        #expect((result.stdout + result.stderr).contains("压缩比超过 100 比 1"), "\(result.stdout)")
        #expect(!FileManager.default.fileExists(atPath: x.ledger))
    }
}

/// A one-step check of a file that cannot be read says why, as an import does, instead of "no records".
@Suite("Unreadable files in a check, end to end")
struct UnreadableCheckEndToEndTests {
    @Test("check of a zip bomb names the inflate ratio and exits 2")
    func checkSaysWhy() throws {
        let x = try Xueshi(); defer { x.remove() }
        let result = try x.run(["check", try x.copyFixture("zip-bomb.xlsx")])
        #expect(result.status == 2)
        #expect(result.stderr.contains("压缩比超过 100 比 1") && !result.stderr.contains("没有读到可核查的记录"), "\(result.stderr)")
    }
}
