import Foundation
import Testing

/// One rule for what counts: the records a statement lists as counted add up, for every person and
/// year, to the hours the verifier counted — with online hours capped and a year exempted — in
/// `check`, `report person` and `verify`.
@Suite("What counts, end to end")
struct CountingEndToEndTests {
    static let policy = """
        name: capped-online
        title: 网络学习每年至多 30 学时
        years: [2023, 2024, 2025]
        mode: annual
        annual:
          total: 90
          categories: { professional: 60 }
        caps:
          - { form: online, per_year: 30 }
        cap_deduction_order: [general_public, industry_public, professional]
        exemptions: { before_work_start: true, ledger_years: true }

        """

    /// 张伟: 45 online hours in 2024 (15 over the cap), a pending record, a record of 2026; 王芳: 2023
    /// is to be exempted, 2024 short.
    static let export = Exports.header
        + Exports.row(1, "张伟", IDs.zhang, year: 2023, title: "研修2023", hours: "90")
        + Exports.row(2, "张伟", IDs.zhang, year: 2024, title: "网课一", hours: "20", form: "网络学习")
        + Exports.row(3, "张伟", IDs.zhang, year: 2024, category: "一般公需科目", title: "网课二", hours: "25", form: "网络学习")
        + Exports.row(4, "张伟", IDs.zhang, year: 2024, title: "面授", hours: "50")
        + Exports.row(5, "张伟", IDs.zhang, year: 2024, title: "待审", hours: "10", status: "待审核")
        + Exports.row(6, "张伟", IDs.zhang, year: 2025, title: "研修2025", hours: "90")
        + Exports.row(7, "张伟", IDs.zhang, year: 2026, title: "明年", hours: "12")
        + Exports.row(8, "王芳", IDs.wang, unit: "杭州智算科技有限公司", year: 2023, title: "少", hours: "10")
        + Exports.row(9, "王芳", IDs.wang, unit: "杭州智算科技有限公司", year: 2024, title: "网课", hours: "40", form: "网络学习")
        + Exports.row(10, "王芳", IDs.wang, unit: "杭州智算科技有限公司", year: 2025, title: "研修", hours: "90")

    static func json(_ text: String) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        return try #require(object?["people"] as? [[String: Any]])
    }

    /// Counted hours per year as the verdict has them.
    static func verdictYears(_ person: [String: Any]) -> [Int: Double] {
        var byYear: [Int: Double] = [:]
        for year in person["years"] as? [[String: Any]] ?? [] {
            byYear[year["year"] as! Int] = year["counted"] as? Double ?? 0
        }
        return byYear
    }

    /// Counted hours per policy year as the listed records add up.
    static func recordYears(_ person: [String: Any]) -> [Int: Double] {
        var byYear: [Int: Double] = [2023: 0, 2024: 0, 2025: 0]
        for record in person["records"] as? [[String: Any]] ?? [] {
            let year = record["year"] as! Int
            guard (2023...2025).contains(year) else {
                #expect(record["counted"] as? Double == 0, "a record outside the policy years counted")
                continue
            }
            byYear[year, default: 0] += record["counted"] as? Double ?? 0
        }
        return byYear
    }

    @Test("check: the counted records add up to the verdict, the cap taken off")
    func check() throws {
        let x = try Xueshi(); defer { x.remove() }
        let policy = try x.write("capped.yaml", Self.policy)
        let file = try x.write("e.csv", Self.export)
        let people = try Self.json(try x.run(["check", file, "--policy", policy, "--as-of", "2026-06-01", "--format", "json"]).stdout)
        #expect(people.count == 2)
        for person in people {
            #expect(Self.recordYears(person) == Self.verdictYears(person), "\(person["name"] ?? "")")
        }
        let zhang = try #require(people.first { $0["name"] as? String == "张伟" })
        #expect(Self.verdictYears(zhang)[2024] == 80)  // 50 face to face + 30 of the 45 online
        let records = zhang["records"] as? [[String: Any]] ?? []
        #expect(records.contains { $0["title"] as? String == "待审" && $0["counted"] as? Double == 0 })
    }

    @Test("report person and verify, with an exempt year from the ledger, agree with the records listed")
    func ledger() throws {
        let x = try Xueshi(); defer { x.remove() }
        let policy = try x.write("capped.yaml", Self.policy)
        try x.run(["import", try x.write("e.csv", Self.export)])
        #expect(try x.run(["exemption", "set", IDs.wang, "--year", "2023", "--reason", "出国访学"]).status == 0)
        let verify = try Self.json(try x.run(["verify", "--policy", policy, "--as-of", "2026-06-01", "--json"]).stdout)
        for name in ["张伟", "王芳"] {
            let statement = try Self.json(try x.run(["report", "person", name, "--policy", policy, "--as-of", "2026-06-01",
                                                     "--format", "json"]).stdout)
            let person = try #require(statement.first)
            let verdict = try #require(verify.first { $0["name"] as? String == name })
            #expect(Self.recordYears(person) == Self.verdictYears(verdict), "\(name)")
            #expect(Self.verdictYears(person) == Self.verdictYears(verdict))
        }
        let wang = try #require(verify.first { $0["name"] as? String == "王芳" })
        let exempt = (wang["years"] as? [[String: Any]])?.first { $0["year"] as? Int == 2023 }
        #expect(exempt?["exempt"] as? String != nil)
    }
}
