import Foundation
import Testing
import XueshiRead

/// The roster (花名册) is HR's authority on who works where: imported like an export, it replaces each
/// unit's roster (people who left are kept and marked), decides a person's unit and department in every
/// report, and lets `reconcile` find the staff with nothing registered. The demo's files are built so
/// that each finding appears exactly once (Samples/make_demo_staff_files.py says which is which).
@Suite("Rosters and reconciliation, end to end")
struct RosterEndToEndTests {
    static let sun = "330106199603152021", zhou = "330106199512122046", yang = "330681199105057352"
    static let chen = "330103198709095420", huang = "330106198301178571", liu = "330106199202281631"
    static let li = "330522198501012842"

    /// A ledger with the demo's exports, roster and internal training sheet.
    static func demoLedger() throws -> Xueshi {
        let x = try Xueshi()
        for fixture in ["demo-export.csv", "demo-roster.xlsx", "demo-trainings.xlsx"] {
            let result = try x.run(["import", try x.copyFixture(fixture)])
            #expect(result.status == 0, "\(fixture): \(result.stderr)")
        }
        return x
    }

    @Test("reconcile --json lists exactly the staff with no records, a missing year, a name and a unit that differ, and records on no roster, each once")
    func reconcileFindsEachOnce() throws {
        let x = try Self.demoLedger(); defer { x.remove() }
        let result = try x.run(["reconcile", "--as-of", "2026-01-10", "--json", "--reveal-ids"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = result.json
        func ids(_ key: String) -> [String] { (json[key] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } }
        #expect(json["asOf"] as? String == "2026-01-10" && json["policy"] as? String == "zj-ai-senior-2025")
        #expect(ids("noRecords") == [Self.sun])
        #expect(ids("missingYears") == [Self.chen], "周婷's 2023 is before she started work; 杨磊 has left")
        #expect((json["missingYears"] as? [[String: Any]])?.first?["years"] as? [Int] == [2024])
        #expect(ids("nameMismatch") == [IDs.wang])
        let names = (json["nameMismatch"] as? [[String: Any]])?.first
        #expect(names?["rosterName"] as? String == "王方" && names?["recordNames"] as? [String] == ["王芳"])
        #expect(ids("unitMismatch") == [Self.zhou])
        let units = (json["unitMismatch"] as? [[String: Any]])?.first
        #expect(units?["rosterUnit"] as? String == "之江实验室" && units?["recordUnit"] as? String == "浙江数智研究院")
        #expect(ids("notOnRoster") == [Self.huang])
        // The internal training that matches 张伟's registered record is not listed; the one nobody registered is, per attendee.
        #expect(ids("unregisteredTrainings") == [IDs.zhang, Self.li])
        #expect((json["unknownAttendees"] as? [[String: Any]])?.map { $0["name"] as? String } == ["吴昊"])
        #expect(!result.stdout.contains(Self.yang), "someone who left is on no list")

        let masked = try x.run(["reconcile", "--as-of", "2026-01-10", "--json"])
        #expect(!masked.stdout.contains(Self.sun) && masked.stdout.contains("330106********2021"), "IDs masked unless revealed")
    }

    @Test("in a terminal the findings come grouped, the staff with nothing registered first")
    func reconcileInTerminal() throws {
        let x = try Self.demoLedger(); defer { x.remove() }
        let result = try x.run(["reconcile", "--as-of", "2026-01-10"])
        #expect(result.status == 0)
        let text = result.stdout
        let first = try #require(text.range(of: "【在花名册上、一条学时记录也没有】1 项"))
        let later = try #require(text.range(of: "【有学时记录、但不在任何花名册上】1 项"))
        #expect(first.lowerBound < later.lowerBound)
        #expect(text.contains("孙悦") && text.contains("330106********2021") && !text.contains(Self.sun))
    }

    @Test("reconcile writes csv, xlsx, html and markdown by the output's extension")
    func reconcileFormats() throws {
        let x = try Self.demoLedger(); defer { x.remove() }
        for name in ["对账.csv", "对账.xlsx", "对账.html", "对账.md"] {
            let result = try x.run(["reconcile", "--as-of", "2026-01-10", "--output", x.path(name)])
            #expect(result.status == 0, "\(name): \(result.stderr)")
            let data = try Data(contentsOf: URL(fileURLWithPath: x.path(name)))
            #expect(data.count > 200, "\(name)")
            if !name.hasSuffix(".xlsx") {
                let text = String(decoding: data, as: UTF8.self)
                #expect(text.contains("孙悦") && text.contains("吴昊") && !text.contains(Self.sun), "\(name)")
            }
        }
        let refused = try x.run(["reconcile", "--format", "csv", "--output", x.path("x.html")])
        #expect(refused.status == 2)
    }

    @Test("reconcile before any roster says to import one, and exits 2")
    func reconcileWithoutRoster() throws {
        let x = try Xueshi(); defer { x.remove() }
        #expect(try x.run(["import", try x.copyFixture("demo-export.csv")]).status == 0)
        let result = try x.run(["reconcile"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("还没有花名册") && result.stderr.contains("xueshi import 花名册.xlsx"), "\(result.stderr)")
    }

    @Test("where a roster exists it decides the unit; staff with no records are checked; those who left are not")
    func rosterIsTheAuthority() throws {
        let x = try Self.demoLedger(); defer { x.remove() }
        let result = try x.run(["verify", "--as-of", "2026-01-10", "--json", "--reveal-ids"])
        let people = result.json["people"] as? [[String: Any]] ?? []
        func person(_ id: String) -> [String: Any]? { people.first { $0["id"] as? String == id } }
        #expect(person(Self.zhou)?["unit"] as? String == "之江实验室", "the roster's unit, not the records'")
        #expect(person(Self.sun)?["status"] as? String == "short", "on the roster with nothing registered")
        #expect(person(Self.yang) == nil, "left: not checked with the unit")
        #expect(person(IDs.wang)?["name"] as? String == "王方", "the roster's spelling")
        #expect(person(Self.huang) != nil, "records on no roster are still checked")
        let one = try x.run(["verify", "--person", Self.yang, "--as-of", "2026-01-10", "--json"])
        #expect((one.json["people"] as? [[String: Any]])?.count == 1, "asked for by ID, someone who left is checked")
        let byName = try x.run(["verify", "--person", "孙悦", "--as-of", "2026-01-10", "--json"])
        #expect(byName.status == 1 && (byName.json["people"] as? [Any])?.count == 1, "a roster name finds someone with no record: \(byName.stderr)")
    }

    @Test("verify --applicants checks only those the roster marks 是否申报 = 是")
    func applicantsOnly() throws {
        let x = try Self.demoLedger(); defer { x.remove() }
        let result = try x.run(["verify", "--applicants", "--as-of", "2026-01-10", "--json", "--reveal-ids"])
        let ids = Set((result.json["people"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
        #expect(ids == [IDs.zhang, Self.li, Self.liu], "\(result.stdout) \(result.stderr)")
        let none = try Xueshi(); defer { none.remove() }
        #expect(try none.run(["import", try none.copyFixture("demo-export.csv")]).status == 0)
        let refused = try none.run(["verify", "--applicants"])
        #expect(refused.status == 2 && refused.stderr.contains("是否申报"), "\(refused.stderr)")
    }

    @Test("a new roster of a unit replaces it: someone missing is kept and marked left, with their records")
    func rosterReplacesTheUnits() throws {
        let x = try Self.demoLedger(); defer { x.remove() }
        let roster = try x.write("之江实验室花名册.csv", """
            姓名,身份证号,单位,部门,在职状态
            张伟,\(IDs.zhang),之江实验室,智能计算研究院,在职
            李娜,\(Self.li),之江实验室,智能计算研究院,在职
            孙悦,\(Self.sun),之江实验室,智能感知研究中心,在职
            周婷,\(Self.zhou),之江实验室,智能感知研究中心,在职

            """)
        let result = try x.run(["import", roster, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let file = (result.json["files"] as? [[String: Any]])?.first
        #expect(file?["profile"] as? String == "roster" && file?["kind"] as? String == "roster")
        let counts = file?["roster"] as? [String: Any]
        #expect(counts?["markedLeft"] as? Int == 1 && counts?["unchanged"] as? Int == 4 && counts?["changed"] as? Int == 0,
                "王方 left; the columns this file lacks (参加工作时间, 是否申报) keep what the ledger holds — \(result.stdout)")
        let applicants = try x.run(["verify", "--applicants", "--as-of", "2026-01-10", "--json"])
        #expect((applicants.json["people"] as? [Any])?.count == 3, "是否申报 kept from the first roster")
        let reconcile = try x.run(["reconcile", "--as-of", "2026-01-10", "--json", "--reveal-ids"])
        #expect(!reconcile.stdout.contains(IDs.wang), "王方 left: no longer a name mismatch, and on a roster")
        let records = try x.run(["records", "--person", IDs.wang, "--json"])
        #expect(records.status == 0 && records.stdout.contains("2023年度专业技术人员公需科目网络培训"), "records are kept")
    }

    @Test("a bad roster row names its file, row, column and reason, and nothing is written")
    func badRosterRow() throws {
        let x = try Xueshi(); defer { x.remove() }
        let roster = try x.write("花名册.csv", """
            姓名,身份证号,单位,部门,是否申报
            张伟,\(IDs.zhang),之江实验室,智能计算研究院,是
            李娜,330522198501012843,之江实验室,智能计算研究院,也许
            张伟,\(IDs.zhang),之江实验室,智能计算研究院,否

            """)
        let result = try x.run(["import", roster])
        #expect(result.status != 0)
        let said = result.stdout + result.stderr
        #expect(said.contains("花名册.csv") && said.contains("第 3 行") && said.contains("身份证号"), "\(said)")
        #expect(said.contains("也许"), "an unknown 是否申报 answer is named")
        #expect(said.contains("第 4 行") && said.contains("第 2 行已经出现过"), "one person listed twice")
        #expect(!FileManager.default.fileExists(atPath: x.ledger), "a refused first import leaves no ledger")
    }

    @Test("an hour export missing a column is never taken for a roster")
    func exportIsNotARoster() throws {
        let x = try Xueshi(); defer { x.remove() }
        let export = try x.write("导出.csv", "姓名,身份证号,工作单位,学时\n张伟,\(IDs.zhang),之江实验室,8\n")
        let result = try x.run(["import", export])
        #expect(result.status != 0)
        #expect((result.stdout + result.stderr).contains("找不到表头行"), "\(result.stderr)")
    }

    @Test("an internal training sheet imported twice is kept once, and never counted")
    func trainingsOnce() throws {
        let x = try Self.demoLedger(); defer { x.remove() }
        let before = try x.run(["verify", "--person", IDs.zhang, "--as-of", "2026-01-10", "--json"])
        let again = try x.run(["import", x.path("demo-trainings.xlsx"), "--json"])
        #expect(again.json["inserted"] as? Int == 0 && again.json["duplicates"] as? Int == 2, "\(again.stdout)")
        let after = try x.run(["verify", "--person", IDs.zhang, "--as-of", "2026-01-10", "--json"])
        #expect(before.stdout == after.stdout)
        let reconcile = try x.run(["reconcile", "--as-of", "2026-01-10", "--json"])
        #expect((reconcile.json["unregisteredTrainings"] as? [Any])?.count == 2)
    }

    @Test("report units --by department: each unit's departments add up to the unit")
    func departments() throws {
        let x = try Self.demoLedger(); defer { x.remove() }
        let result = try x.run(["report", "units", "--by", "department", "--as-of", "2026-01-10", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let units = result.json["units"] as? [[String: Any]] ?? []
        let departments = result.json["departments"] as? [[String: Any]] ?? []
        #expect(!departments.isEmpty && units.allSatisfy { $0["department"] == nil }, "units keep INTERFACE.md's shape")
        for unit in units {
            let mine = departments.filter { $0["unit"] as? String == unit["unit"] as? String }
            for key in ["people", "meeting", "notMeeting"] {
                #expect(mine.reduce(0) { $0 + ($1[key] as? Int ?? 0) } == unit[key] as? Int, "\(unit["unit"] ?? "") \(key)")
            }
            let counted = mine.reduce(0.0) { $0 + ($1["counted"] as? Double ?? 0) }
            #expect(abs(counted - (unit["counted"] as? Double ?? -1)) < 0.001)
        }
        #expect(departments.contains { $0["department"] as? String == "智能计算研究院" })
        let table = try x.run(["report", "units", "--by", "department", "--as-of", "2026-01-10"])
        #expect(table.stdout.contains("各部门汇总") && table.stdout.contains("智能感知研究中心"))
        let workbook = try x.run(["report", "units", "--as-of", "2026-01-10", "--output", x.path("汇总.xlsx")])
        #expect(workbook.status == 0)
        #expect(try XLSXWorkbook(path: x.path("汇总.xlsx"), displayName: "汇总.xlsx").sheetNames.contains("各部门"))
        let page = try x.run(["report", "units", "--as-of", "2026-01-10", "--format", "html"])
        #expect(page.stdout.contains("各部门概况") && page.stdout.contains("智能计算研究院"))
    }
}
