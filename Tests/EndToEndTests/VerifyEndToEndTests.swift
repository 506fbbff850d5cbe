import Foundation
import Testing

/// Exports whose people meet, fall short, or are still in progress against zj-ai-senior-2025.
enum Hours2023to2025 {
    /// 60 professional + 30 general public hours in each year.
    static func fullYears(_ name: String, _ id: String, unit: String = "之江实验室", skip: Int? = nil, professional2024: String = "60") -> String {
        var rows = ""
        var n = 0
        for year in 2023...2025 where year != skip {
            n += 1
            rows += Exports.row(n, name, id, unit: unit, year: year, title: "专业研修\(year)", hours: year == 2024 ? professional2024 : "60")
            n += 1
            rows += Exports.row(n, name, id, unit: unit, year: year, category: "一般公需科目", title: "公需课\(year)", hours: "30")
        }
        return rows
    }

    static let mixed = Exports.header
        + fullYears("张伟", IDs.zhang)
        + fullYears("王芳", IDs.wang, unit: "杭州智算科技有限公司", professional2024: "52")
}

@Suite("xueshi verify and check, end to end")
struct VerifyEndToEndTests {
    @Test("exit 0 when everyone checked meets, 1 when someone is short, 2 when the check cannot be made")
    func exitCodes() throws {
        let x = try Xueshi(); defer { x.remove() }
        #expect(try x.run(["verify"]).status == 2, "no ledger yet")
        try x.run(["import", try x.write("export.csv", Hours2023to2025.mixed)])
        #expect(try x.run(["verify", "--as-of", "2026-01-01"]).status == 1)
        #expect(try x.run(["verify", "--as-of", "2026-01-01", "--person", IDs.zhang]).status == 0)
        #expect(try x.run(["verify", "--as-of", "2026-01-01", "--unit", "之江实验室"]).status == 0)
        #expect(try x.run(["verify", "--as-of", "2026-01-01", "--unit", "杭州智算科技有限公司"]).status == 1)
        #expect(try x.run(["verify", "--policy", "no-such-policy"]).status == 2)
        #expect(try x.run(["verify", "--as-of", "2026-13-01"]).status >= 2)
        #expect(try x.run(["verify", "--unit", "没有这个单位"]).status == 2)
    }

    @Test("the human output explains each shortfall in Chinese, people who need action first")
    func humanOutput() throws {
        let x = try Xueshi(); defer { x.remove() }
        try x.run(["import", try x.write("export.csv", Hours2023to2025.mixed)])
        let result = try x.run(["verify", "--as-of", "2026-01-01"])
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let wang = try #require(lines.firstIndex { $0.contains("王芳") })
        let zhang = try #require(lines.firstIndex { $0.contains("张伟") })
        #expect(wang < zhang, "the person short comes first")
        #expect(lines[wang].contains("✗ 未达标"))
        #expect(lines[wang].contains("2024年 总学时 82/90、专业科目 52/60 学时，差 8 学时"))
        #expect(lines[zhang].contains("✓ 达标"))
        #expect(result.stdout.contains("共 2 人：达标 1 人，未达标 1 人，进行中 0 人。"))
        #expect(!result.stdout.contains(IDs.zhang))
    }

    @Test("verify --json has INTERFACE.md's shape; IDs are masked unless --reveal-ids")
    func json() throws {
        let x = try Xueshi(); defer { x.remove() }
        try x.run(["import", try x.write("export.csv", Hours2023to2025.mixed)])
        let result = try x.run(["verify", "--as-of", "2026-01-01", "--json"])
        #expect(result.status == 1)
        let json = result.json
        #expect(json["policy"] as? String == "zj-ai-senior-2025")
        #expect(json["asOf"] as? String == "2026-01-01")
        let people = try #require(json["people"] as? [[String: Any]])
        #expect(people.count == 2)
        let wang = try #require(people.first { $0["name"] as? String == "王芳" })
        #expect(wang["id"] as? String == "330102********3620")
        #expect(wang["unit"] as? String == "杭州智算科技有限公司")
        #expect(wang["status"] as? String == "short")
        #expect(wang["meets"] as? Bool == false)
        let years = try #require(wang["years"] as? [[String: Any]])
        #expect(years.map { $0["year"] as? Int } == [2023, 2024, 2025])
        let y2024 = years[1]
        #expect(y2024["counted"] as? Double == 82)
        #expect(y2024["meets"] as? Bool == false)
        #expect(y2024["shortfall"] as? Double == 8)
        #expect(y2024["pending"] as? Double == 0)
        let categories = try #require(y2024["categories"] as? [String: Double])
        #expect(categories == ["general_public": 30, "industry_public": 0, "professional": 52])

        let revealed = try x.run(["verify", "--as-of", "2026-01-01", "--json", "--reveal-ids"]).json
        let ids = (revealed["people"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
        #expect(Set(ids ?? []) == [IDs.zhang, IDs.wang])
    }

    @Test("hours are exact in JSON: 89.5 is 89.5")
    func exactHours() throws {
        let x = try Xueshi(); defer { x.remove() }
        let file = try x.write("export.csv", Exports.header
            + Hours2023to2025.fullYears("张伟", IDs.zhang).replacingOccurrences(of: ",公需课2024,浙江大学,2024-03-05,2024-03-06,30,", with: ",公需课2024,浙江大学,2024-03-05,2024-03-06,29.5,"))
        try x.run(["import", file])
        let result = try x.run(["verify", "--as-of", "2026-01-01", "--json"])
        let year = ((result.json["people"] as? [[String: Any]])?.first?["years"] as? [[String: Any]])?[1]
        #expect(year?["counted"] as? Double == 89.5)
        #expect(year?["shortfall"] as? Double == 0.5)
        #expect(result.stdout.contains("\"counted\":89.5"))
        #expect(result.status == 1)
    }

    @Test("before the period is over: in progress, with the hours still needed and the deadline")
    func inProgress() throws {
        let x = try Xueshi(); defer { x.remove() }
        try x.run(["import", try x.write("export.csv", Exports.header + Hours2023to2025.fullYears("张伟", IDs.zhang, skip: 2025))])
        let result = try x.run(["verify", "--as-of", "2025-06-30"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("… 进行中"))
        #expect(result.stdout.contains("还需 90 学时，须在 2025-08-31（学时登记截止）前完成登记"))
        let json = try x.run(["verify", "--as-of", "2025-06-30", "--json"]).json
        #expect((json["people"] as? [[String: Any]])?.first?["status"] as? String == "in_progress")
    }

    @Test("an exemption recorded in the ledger is honoured")
    func exemption() throws {
        let x = try Xueshi(); defer { x.remove() }
        try x.run(["import", try x.write("export.csv", Exports.header + Hours2023to2025.fullYears("张伟", IDs.zhang, skip: 2023))])
        #expect(try x.run(["verify", "--as-of", "2026-01-01"]).status == 1)
        #expect(try x.run(["exemption", "set", IDs.zhang, "--started", "2024-03-01"]).status == 0)
        let result = try x.run(["verify", "--as-of", "2026-01-01"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("2023年免于核查"))
        #expect(try x.run(["exemption", "list"]).stdout.contains("2024-03-01"))
    }

    @Test("a policy of the user's own, and a broken one refused with its file and line")
    func ownPolicy() throws {
        let x = try Xueshi(); defer { x.remove() }
        try x.run(["import", try x.write("export.csv", Hours2023to2025.mixed)])
        let builtIn = try x.run(["policy", "show", "zj-ai-senior-2025"]).stdout
        let lenient = try x.write("lenient.yaml", builtIn.replacingOccurrences(of: "professional: 60", with: "professional: 50"))
        #expect(try x.run(["verify", "--as-of", "2026-01-01", "--policy", lenient]).status == 1, "王芳 still has 82 < 90")
        let broken = try x.write("broken.yaml", builtIn.replacingOccurrences(of: "professional: 60", with: "profesional: 60"))
        let refused = try x.run(["verify", "--policy", broken])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("broken.yaml 第"))
        #expect(refused.stderr.contains("profesional"))
    }

    @Test("check: an applicant's statement from their own export, nothing written to disk")
    func check() throws {
        let x = try Xueshi(); defer { x.remove() }
        let file = try x.write("我的学时.csv", Exports.header + Hours2023to2025.fullYears("王芳", IDs.wang, professional2024: "52")
            + Exports.row(9, "王芳", IDs.wang, year: 2025, title: "待审核的课", hours: "16", status: "待审核")
            + Exports.row(10, "王芳", "330102199007153621", title: "坏行"))
        let before = try FileManager.default.contentsOfDirectory(atPath: x.folder.path).sorted()
        let result = try x.run(["check", file, "--as-of", "2026-01-01"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("王芳（330102********3620）"))
        #expect(result.stdout.contains("2024年 总学时 82/90、专业科目 52/60 学时，差 8 学时"))
        #expect(result.stdout.contains("待审核，通过后计入"))
        #expect(result.stdout.contains("以上结论没有包括它们"))
        #expect(result.stderr.contains("我的学时.csv 第 9 行，列「身份证号」"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: x.folder.path).sorted() == before, "check writes nothing")
        #expect(!FileManager.default.fileExists(atPath: x.ledger))

        let json = try x.run(["check", file, "--as-of", "2026-01-01", "--json"]).json
        let person = (json["people"] as? [[String: Any]])?.first
        #expect(person?["status"] as? String == "short")
        #expect(((person?["years"] as? [[String: Any]])?[2])?["pending"] as? Double == 16)
    }

    @Test("check of a file with several people says so and checks each")
    func checkSeveral() throws {
        let x = try Xueshi(); defer { x.remove() }
        let result = try x.run(["check", try x.write("two.csv", Hours2023to2025.mixed), "--as-of", "2026-01-01"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("这些文件里有 2 个人的记录"))
        #expect(result.stdout.contains("张伟（330106********4514）"))
        let ok = try x.run(["check", try x.write("one.csv", Exports.header + Hours2023to2025.fullYears("张伟", IDs.zhang)), "--as-of", "2026-01-01"])
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("结论：✓ 达标"))
    }
}
