import Foundation
import Testing

/// At a terminal: tables fit its width (CJK characters take two columns), long reasons wrap under
/// their column, columns left out are named; a pipe gets the whole table; long runs show progress.
@Suite("At a terminal, end to end")
struct TerminalEndToEndTests {
    /// Four people with long unit names, short in 2024, so that reasons and units are long.
    static func export() -> String {
        var text = Exports.header
        let ids = [IDs.zhang, IDs.wang, IDs.li, IDs.chen]
        for (index, id) in ids.enumerated() {
            let unit = "浙江省人工智能产业技术研究院第\(index + 1)研究所（杭州）有限公司"
            text += Hours2023to2025.fullYears("人员\(index + 1)", id, unit: unit, professional2024: "52")
        }
        return text
    }

    /// The widest line of what the terminal received, in columns, with the progress line's control
    /// sequences taken out.
    static func widest(_ output: String) -> Int {
        output.replacingOccurrences(of: "\u{1B}[K", with: "").split(separator: "\n").map { line in
            let shown = line.split(separator: "\r").last.map(String.init) ?? ""
            return shown.reduce(0) { $0 + (Self.isWide($1) ? 2 : 1) }
        }.max() ?? 0
    }

    static func isWide(_ character: Character) -> Bool {
        character.unicodeScalars.contains { scalar in
            (0x1100...0x115F).contains(scalar.value) || (0x2E80...0xA4CF).contains(scalar.value)
                || (0xAC00...0xD7A3).contains(scalar.value) || (0xF900...0xFAFF).contains(scalar.value)
                || (0xFE30...0xFE4F).contains(scalar.value) || (0xFF00...0xFF60).contains(scalar.value)
                || (0xFFE0...0xFFE6).contains(scalar.value)
        }
    }

    @Test("verify, report units and report person fit an 80- and a 160-column terminal", arguments: [80, 160])
    func fits(columns: Int) throws {
        let x = try Xueshi(); defer { x.remove() }
        try x.run(["import", try x.write("export.csv", Self.export())])
        for arguments in [["verify", "--as-of", "2026-01-01"], ["report", "units", "--as-of", "2026-01-01"],
                          ["report", "person", "人员1", "--as-of", "2026-01-01"], ["people"], ["records"]] {
            let result = try x.runInTerminal(arguments, columns: columns)
            #expect(Self.widest(result.stdout) <= columns, "\(arguments.joined(separator: " ")) is wider than \(columns)")
        }
        let verify = try x.runInTerminal(["verify", "--as-of", "2026-01-01"], columns: columns)
        // Every person and reason is there, however the lines wrap.
        #expect(verify.stdout.components(separatedBy: "✗ 未达标").count - 1 == 4)
        #expect(verify.stdout.components(separatedBy: "差 8").count - 1 == 4)
    }

    @Test("at 80 columns the left-out columns are named; a pipe gets every column on one line each")
    func narrowAndPipe() throws {
        let x = try Xueshi(); defer { x.remove() }
        try x.run(["import", try x.write("export.csv", Self.export())])
        let narrow = try x.runInTerminal(["records"], columns: 80)
        #expect(narrow.stdout.contains("（窗口较窄，未显示："))
        let piped = try x.run(["records"])
        #expect(!piped.stdout.contains("窗口较窄"))
        let lines = piped.stdout.split(separator: "\n")
        #expect(lines.filter { $0.contains("2023-03-06") && $0.contains("export.csv:") && $0.contains("已审核") }.count == 8)
        #expect(Self.widest(piped.stdout) > 80)
    }

    @Test("verify and report show what they are doing on a terminal, and leave no trace of it in a pipe")
    func progress() throws {
        let x = try Xueshi(); defer { x.remove() }
        try x.run(["import", try x.write("export.csv", Self.export())])
        let verify = try x.runInTerminal(["verify", "--as-of", "2026-01-01"], columns: 100)
        #expect(verify.stdout.contains("正在读取学时"))  // later stages are drawn only a few times a second
        #expect(verify.stdout.contains("\r\u{1B}[K"))
        let report = try x.runInTerminal(["report", "units", "--output", x.path("r.xlsx")], columns: 100)
        #expect(report.stdout.contains("正在"))
        let piped = try x.run(["verify", "--as-of", "2026-01-01"])
        #expect(!piped.stdout.contains("正在") && !piped.stderr.contains("正在"))
    }
}
