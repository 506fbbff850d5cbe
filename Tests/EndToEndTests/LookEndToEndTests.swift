import Foundation
import Testing

@Suite("Looking inside the ledger, end to end")
struct LookEndToEndTests {
    @Test("people and records mask IDs unless asked, and show where each record came from")
    func masked() throws {
        let x = try Xueshi(); defer { x.remove() }
        try x.run(["import", try x.write("export.csv", Exports.good)])
        let people = try x.run(["people"])
        #expect(people.status == 0)
        #expect(people.stdout.contains("330106********4514"))
        #expect(!people.stdout.contains(IDs.zhang))
        #expect(people.stdout.contains("共 2 人，2 个单位"))
        #expect(try x.run(["people", "--reveal-ids"]).stdout.contains(IDs.zhang))
        let json = try x.run(["people", "--json"]).json["people"] as? [[String: Any]]
        #expect(json?.allSatisfy { ($0["id"] as? String)?.contains("********") == true } == true)

        let records = try x.run(["records", "--person", IDs.zhang])
        #expect(records.stdout.contains("export.csv:3"))
        #expect(records.stdout.contains("共 2 条记录，28 学时"))
        #expect(!records.stdout.contains(IDs.zhang))
        let year = try x.run(["records", "--year", "2024", "--json"]).json["records"] as? [[String: Any]]
        #expect(year?.count == 3)
        #expect(year?.contains { $0["hours"] as? Double == 12.5 } == true)
    }

    @Test("a command that only reads says clearly that there is no ledger, and exits 2")
    func noLedger() throws {
        let x = try Xueshi(); defer { x.remove() }
        for command in [["people"], ["records"], ["imports"]] {
            let result = try x.run(command)
            #expect(result.status == 2)
            #expect(result.stderr.contains("找不到学时库"))
        }
        #expect(!FileManager.default.fileExists(atPath: x.ledger))
    }

    @Test("--ledger wins over XUESHI_LEDGER, which wins over ./xueshi.sqlite")
    func ledgerLocation() throws {
        let x = try Xueshi(); defer { x.remove() }
        let file = try x.write("export.csv", Exports.good)
        try x.run(["import", file, "--ledger", x.path("chosen.sqlite")])
        #expect(FileManager.default.fileExists(atPath: x.path("chosen.sqlite")))
        #expect(!FileManager.default.fileExists(atPath: x.ledger))
        try x.run(["import", file], environment: ["XUESHI_LEDGER": ""])
        #expect(FileManager.default.fileExists(atPath: x.path("xueshi.sqlite")))
    }

    @Test("the demo runs from anywhere and leaves the current folder untouched")
    func demo() throws {
        let x = try Xueshi(); defer { x.remove() }
        let result = try x.run(["demo"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("新增 98 条"))
        #expect(result.stdout.contains("新增 2 条，重复 35 条"), "the later .xlsx export overlaps the CSV")
        #expect(result.stdout.contains("共 9 人：达标 3 人，未达标 6 人，进行中 0 人。"))
        let written = result.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasSuffix("打印）") || $0.hasSuffix("打开）") || $0.contains("学时证明.html（") }
            .map { String($0.prefix { $0 != "（" }).replacingOccurrences(of: "已写出：", with: "") }
        #expect(written.count == 3, "the unit report as HTML and Excel, and one person's statement")
        #expect(written.allSatisfy { FileManager.default.fileExists(atPath: $0) }, "\(written)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: x.folder.path).isEmpty)
    }

    @Test("profile list and show print the built-in profile for copying")
    func profiles() throws {
        let x = try Xueshi(); defer { x.remove() }
        let list = try x.run(["profile", "list"]).stdout.split(separator: "\n").map { $0.split(separator: "\t").first.map(String.init) }
        #expect(Set(list.compactMap { $0 }) == ["zj-provincial", "roster", "internal-trainings"], "\(list)")
        let shown = try x.run(["profile", "show", "zj-provincial"])
        #expect(shown.stdout.contains("身份证号, 身份证号码, 证件号码, 公民身份号码"))
        #expect(try x.run(["profile", "show", "nope"]).status == 2)
    }
}
