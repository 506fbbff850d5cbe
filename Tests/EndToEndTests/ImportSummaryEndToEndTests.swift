import Foundation
import Testing

/// What an import says it did: a refused import claims nothing new; `--skip-invalid` lists what it
/// skipped (capped, with the count); a dry run says what would be skipped.
@Suite("Import summaries, end to end")
struct ImportSummaryEndToEndTests {
    /// `rows` records of which those numbered `bad` have hours that are not numbers; by default six
    /// good ones and two bad, in spreadsheet rows 3 and 5.
    static func export(rows: Int = 8, bad: Set<Int> = [2, 4]) -> String {
        var text = Exports.header
        for n in 1...rows {
            text += Exports.row(n, "张伟", IDs.zhang, title: "课程\(n)", hours: bad.contains(n) ? "abc" : "8")
        }
        return text
    }

    @Test("a refused import says nothing was written, not what would have been added")
    func refused() throws {
        let x = try Xueshi(); defer { x.remove() }
        let result = try x.run(["import", try x.write("e.csv", Self.export())])
        #expect(result.status == 3)
        #expect(!result.stdout.contains("新增"))
        #expect(result.stdout.contains("什么也没有写入学时库"))
        #expect(result.stderr.contains("e.csv 第 3 行，列「学时」"))
    }

    @Test("--skip-invalid lists the rows it skipped; a dry run lists what it would skip")
    func skipped() throws {
        let x = try Xueshi(); defer { x.remove() }
        let file = try x.write("e.csv", Self.export())
        let dry = try x.run(["import", file, "--skip-invalid", "--dry-run"])
        #expect(dry.status == 0)
        #expect(dry.stdout.contains("会跳过以下 2 行："))
        #expect(dry.stdout.contains("e.csv 第 3 行，列「学时」：学时「abc」不是数字"))
        #expect(dry.stdout.contains("e.csv 第 5 行"))
        #expect(!FileManager.default.fileExists(atPath: x.ledger))

        let real = try x.run(["import", file, "--skip-invalid"])
        #expect(real.status == 0)
        #expect(real.stdout.contains("跳过了以下 2 行："))
        #expect(real.stdout.contains("新增 6 条"))
    }

    @Test("the list of skipped rows is capped and says how many more")
    func capped() throws {
        let x = try Xueshi(); defer { x.remove() }
        let result = try x.run(["import", try x.write("e.csv", Self.export(rows: 70, bad: Set(7...70))), "--skip-invalid"])
        #expect(result.status == 0)
        let listed = result.stdout.split(separator: "\n").filter { $0.contains("不是数字") }
        #expect(listed.count < 60)
        #expect(result.stdout.contains("还有"))
    }
}
