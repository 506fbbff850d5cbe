import Foundation
import Testing
import XueshiModel
import XueshiRead
@testable import XueshiReport
import XueshiVerify

/// Verdicts of a small, varied population, computed by the real verifier.
enum Population {
    static let policy = Policy.builtIn().first { $0.name == "zj-ai-senior-2025" }!
    static let asOf = CalendarDate(year: 2026, month: 1, day: 1)!

    static func person(_ id: String, _ name: String, _ unit: String, professional: [String]) -> PersonHours {
        var cells: [HoursCell] = []
        for (offset, hours) in professional.enumerated() {
            cells.append(HoursCell(year: 2023 + offset, category: .professional, hours: try! Hours.parse(hours).get()))
            cells.append(HoursCell(year: 2023 + offset, category: .generalPublic, hours: Hours(30)))
        }
        return PersonHours(id: try! ResidentID.parse(id).get(), name: name, unit: unit, cells: cells)
    }

    static var verdicts: [Verdict] {
        let verifier = Verifier(policy: policy, asOf: asOf)
        return [
            person("330106198803124514", "张伟", "之江实验室", professional: ["60", "60", "60"]),
            person("330102199007153620", "王芳", "之江实验室", professional: ["60", "52", "60"]),
            person("33010619900101123X", "=HYPERLINK(\"http://x\")", "<script>alert(1)</script>", professional: ["60", "59.5", "60"]),
        ].map(verifier.verdict)
    }

    static var summary: Summary { Summary(verdicts: verdicts, policy: policy, asOf: asOf, revealIDs: false) }
}

@Suite("The summary model")
struct SummaryTests {
    @Test("per unit and overall: people, meeting, not meeting, the rate, hours per year and category")
    func figures() throws {
        let summary = Population.summary
        #expect(summary.units.map(\.unit) == ["<script>alert(1)</script>", "之江实验室"])
        let lab = summary.units[1]
        #expect(lab.people == 2)
        #expect(lab.meeting == 1)
        #expect(lab.notMeeting == 1)
        #expect(lab.rateText == "50%")
        #expect(lab.counted == Hours(90 * 3 + 82 + 90 * 2))
        #expect(lab.countedByYear[2024] == Hours(172))
        #expect(lab.countedByCategory[.professional] == Hours(352))
        #expect(lab.averagePerPerson == Hours(266))
        #expect(summary.overall.people == 3)
        #expect(summary.overall.counted == lab.counted + summary.units[0].counted)
        #expect(try summary.units[0].counted == Hours.parse("269.5").get())
        #expect(summary.notMeeting.map(\.name) == ["=HYPERLINK(\"http://x\")", "王芳"], "short people first, by unit")
        #expect(summary.notMeeting[1].reasons.first == "2024年 总学时 82/90、专业科目 52/60 学时，差 8 学时")
    }

    @Test("rates are exact and rounded half up", arguments: [(1, 3, "33.33%"), (2, 3, "66.67%"), (0, 5, "0%"), (7, 8, "87.5%"), (0, 0, "0%")])
    func rates(meeting: Int, people: Int, text: String) {
        let unit = UnitSummary(unit: "u", people: people, meeting: meeting, short: people - meeting, inProgress: 0,
                               counted: .zero, countedByCategory: [:], countedByYear: [:])
        #expect(unit.rateText == text)
    }

    @Test("the CSV parses back to the same numbers, opens in Excel (BOM) and starts no formula")
    func csv() throws {
        let data = UnitsText.csv(Population.summary)
        #expect(data.starts(with: [0xEF, 0xBB, 0xBF]))
        let path = NSTemporaryDirectory() + "units-\(UUID().uuidString).csv"
        try data.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var rows: [[String]] = []
        try CSVReader(path: path, displayName: "units.csv", format: CSVFormat(encoding: .utf8, delimiter: UInt8(ascii: ",")))
            .forEachRow { rows.append($0.cells.map(\.text)) }
        #expect(rows[0].prefix(8) == ["单位", "人数", "达标", "未达标", "进行中", "达标率", "计入学时", "人均学时"])
        #expect(rows[2].prefix(8) == ["之江实验室", "2", "1", "1", "0", "50%", "532", "266"])
        #expect(rows[3][0] == "合计")
        #expect(rows.allSatisfy { row in row.allSatisfy { !($0.first.map { "=+-@".contains($0) } ?? false) } })
    }

    @Test("the JSON is exactly INTERFACE.md's shape and equals the summary")
    func json() throws {
        let object = try JSONSerialization.jsonObject(with: UnitsText.json(Population.summary)) as! [String: Any]
        #expect(Set(object.keys) == ["policy", "asOf", "units"])
        #expect(object["asOf"] as? String == "2026-01-01")
        let units = object["units"] as! [[String: Any]]
        #expect(units.map { Set($0.keys) }.allSatisfy { $0 == ["unit", "people", "meeting", "notMeeting", "counted"] })
        #expect(units[0]["counted"] as? Double == 269.5)
        #expect(units[1]["unit"] as? String == "之江实验室")
        #expect(units[1]["notMeeting"] as? Int == 1)
    }

    @Test("the terminal table lines up Chinese text and ends with the totals")
    func table() {
        let lines = UnitsText.table(Population.summary).split(separator: "\n").map(String.init)
        #expect(lines.last?.hasPrefix("合计") == true)
        let widths = Set(lines.dropFirst().map { Text.displayWidth($0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)) })
        #expect(lines.count == 6, "a title, the header, its rule, two units and the totals")
        #expect(widths.count == 1, "every line ends at the same column")
    }
}
