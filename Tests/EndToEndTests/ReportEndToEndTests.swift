import Foundation
import Testing
import XueshiRead

@Suite("xueshi report, end to end")
struct ReportEndToEndTests {
    /// A ledger with two units, one person short, and a name and a unit that try to inject.
    static func ledger(_ x: Xueshi) throws {
        let evil = Exports.header
            + Hours2023to2025.fullYears("=HYPERLINK(\"http://x\")", IDs.li, unit: "<script>alert(1)</script>")
        try x.run(["import", try x.write("evil.csv", evil)])
        try x.run(["import", try x.write("export.csv", Hours2023to2025.mixed)])
    }

    @Test("report units --format json is exactly the contract")
    func json() throws {
        let x = try Xueshi(); defer { x.remove() }
        try Self.ledger(x)
        let result = try x.run(["report", "units", "--format", "json", "--as-of", "2026-01-01"])
        #expect(result.status == 0, "\(result.stderr)")
        let units = try #require(result.json["units"] as? [[String: Any]])
        #expect(Set(result.json.keys) == ["policy", "asOf", "units"])
        let lab = try #require(units.first { $0["unit"] as? String == "之江实验室" })
        #expect(lab["people"] as? Int == 1)
        #expect(lab["meeting"] as? Int == 1)
        #expect(lab["notMeeting"] as? Int == 0)
        #expect(lab["counted"] as? Double == 270)
    }

    @Test("the table, CSV and Markdown go to standard output; the xlsx needs --output")
    func textFormats() throws {
        let x = try Xueshi(); defer { x.remove() }
        try Self.ledger(x)
        let table = try x.run(["report", "units", "--as-of", "2026-01-01"])
        #expect(table.stdout.contains("合计"))
        let csv = try x.run(["report", "units", "--format", "csv", "--as-of", "2026-01-01"])
        #expect(csv.stdout.hasPrefix("\u{FEFF}单位,人数,达标"))
        #expect(!csv.stdout.contains("\n=") && !csv.stdout.contains(",="), "no cell starts a formula")
        let markdown = try x.run(["report", "units", "--format", "markdown", "--as-of", "2026-01-01"])
        #expect(markdown.stdout.contains("王芳"))
        #expect(!markdown.stdout.contains("<script>"))
        let refused = try x.run(["report", "units", "--format", "xlsx"])
        #expect(refused.status >= 2)
        #expect(refused.stderr.contains("--output"))
    }

    @Test("the xlsx report reads back with its sheets, headers, numbers and inert text")
    func xlsx() throws {
        let x = try Xueshi(); defer { x.remove() }
        try Self.ledger(x)
        let path = x.path("报表.xlsx")
        let result = try x.run(["report", "units", "--format", "xlsx", "--output", path, "--as-of", "2026-01-01"])
        #expect(result.status == 0, "\(result.stderr)")
        let workbook = try XLSXWorkbook(path: path, displayName: "报表.xlsx")
        #expect(workbook.sheetNames == ["汇总", "未达标人员", "年度学时"])
        var summary: [[RawCell]] = []
        try workbook.sheet(named: "汇总").forEachRow { summary.append($0.cells) }
        let header = try #require(summary.first { $0.first?.text == "单位" })
        #expect(header.map(\.text).prefix(4) == ["单位", "人数", "达标", "未达标"])
        let lab = try #require(summary.first { $0.first?.text == "之江实验室" })
        #expect(lab[1] == .number("1"))
        var people: [[RawCell]] = []
        try workbook.sheet(named: "未达标人员").forEachRow { people.append($0.cells) }
        #expect(people.contains { $0.contains(.text("王芳")) })
        #expect(people.contains { $0.contains(.text("330102********3620")) })
        var detail: [[RawCell]] = []
        try workbook.sheet(named: "年度学时").forEachRow { detail.append($0.cells) }
        let evil = detail.flatMap { $0 }.filter { $0.text.contains("HYPERLINK") }
        #expect(!evil.isEmpty)
        #expect(evil.allSatisfy { $0 == .text("'=HYPERLINK(\"http://x\")") })
        #expect(try !FileManager.default.contentsOfDirectory(atPath: x.folder.path).contains { $0.contains(".tmp-") }, "no temporary file left")
    }

    @Test("the HTML report is one self-contained file with every imported text escaped")
    func html() throws {
        let x = try Xueshi(); defer { x.remove() }
        try Self.ledger(x)
        let path = x.path("报表.html")
        #expect(try x.run(["report", "units", "--format", "html", "--output", path, "--as-of", "2026-01-01"]).status == 0)
        let html = try String(contentsOfFile: path, encoding: .utf8)
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<link") && !html.contains("src=\"http") && !html.contains("href=\"http"))
        #expect(html.contains("<svg"))
        #expect(html.contains("330102********3620"))
        #expect(!html.contains(IDs.wang))
        let revealed = try x.run(["report", "units", "--format", "html", "--reveal-ids", "--as-of", "2026-01-01"])
        #expect(revealed.stdout.contains(IDs.wang))
        // A report file with whole IDs is readable by its owner only; one with masked IDs is not restricted.
        func mode(_ file: String) throws -> Int {
            (try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as! NSNumber).intValue & 0o777
        }
        // What the user's umask gives any new file: a report with masked IDs is left so.
        let probe = x.path("probe")
        FileManager.default.createFile(atPath: probe, contents: Data())
        for format in ["html", "xlsx", "csv"] {
            let whole = x.path("whole.\(format)"), masked = x.path("masked.\(format)")
            #expect(try x.run(["report", "units", "--format", format, "--reveal-ids", "--output", whole, "--as-of", "2026-01-01"]).status == 0)
            #expect(try x.run(["report", "units", "--format", format, "--output", masked, "--as-of", "2026-01-01"]).status == 0)
            #expect(try mode(whole) == 0o600, "\(format)")
            #expect(try mode(masked) == (try mode(probe)), "\(format)")
        }
        // Written again over the masked file, with whole IDs: the file becomes owner only.
        let again = x.path("masked.html")
        #expect(try x.run(["report", "units", "--format", "html", "--reveal-ids", "--output", again, "--as-of", "2026-01-01"]).status == 0)
        #expect(try mode(again) == 0o600)
    }

    @Test("a user's template is used; --unit narrows the report")
    func templateAndUnit() throws {
        let x = try Xueshi(); defer { x.remove() }
        try Self.ledger(x)
        let builtIn = try x.run(["report", "template", "units-markdown"]).stdout
        #expect(!builtIn.isEmpty)
        let mine = try x.write("mine.md", "我的模板：{{people}} 人，{{meeting}} 人达标，截至 {{asOf}}\n")
        let result = try x.run(["report", "units", "--format", "markdown", "--template", mine, "--unit", "之江实验室", "--as-of", "2026-01-01"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "我的模板：1 人，1 人达标，截至 2026-01-01\n")
        let all = try x.run(["report", "units", "--format", "markdown", "--template", mine, "--as-of", "2026-01-01"])
        #expect(all.stdout == "我的模板：3 人，2 人达标，截至 2026-01-01\n")
    }

    @Test("report person: the applicant's statement as table, HTML and JSON")
    func person() throws {
        let x = try Xueshi(); defer { x.remove() }
        try Self.ledger(x)
        let table = try x.run(["report", "person", IDs.wang, "--as-of", "2026-01-01"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("王芳（330102********3620）"))
        #expect(table.stdout.contains("差 8"))
        let html = try x.run(["report", "person", IDs.wang, "--format", "html", "--as-of", "2026-01-01"])
        #expect(html.stdout.contains("王芳"))
        let json = try x.run(["report", "person", IDs.wang, "--format", "json", "--as-of", "2026-01-01"])
        #expect((json.json["people"] as? [[String: Any]])?.first?["status"] as? String == "short")
        #expect(try x.run(["report", "person", "330106198811110016"]).status == 2)
    }
}
