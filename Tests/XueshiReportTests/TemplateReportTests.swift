import Testing
import XueshiReconcile
import XueshiModel
@testable import XueshiReport

/// The HTML and Markdown reports: user text stays inert text, nothing is fetched, numbers print as the
/// model writes them, IDs are masked unless asked.
@Suite("Template reports")
struct TemplateReportTests {
    static func id(_ first17: String) -> ResidentID {
        ResidentID(trusted: first17 + String(ResidentID.checkCharacter(for: Array(first17.utf8))))
    }

    static func hours(_ text: String) -> Hours { try! Hours.parse(text).get() }

    static let zhang = id("33010619900101123")
    static let script = id("33010219850607456")
    static let wang = id("33010819921212789")
    static let lab = "之江实验室"
    static let formula = "=HYPERLINK(\"http://x\")"
    static let scriptName = "<script>alert(1)</script>"

    static func year(_ year: Int, professional: String, other: String, shortfall: String = "0", pending: String = "0",
                     exemption: String? = nil) -> YearLine {
        let p = hours(professional), o = hours(other)
        return YearLine(year: year, counted: p + o, byCategory: [.professional: p, .generalPublic: o],
                        shortfall: hours(shortfall), pending: hours(pending), meets: hours(shortfall) == .zero,
                        exemption: exemption)
    }

    static func context(reveal: Bool = false) -> ReportContext {
        ReportContext(
            policyName: "zj-ai-senior-2025", policyTitle: "2025年度人工智能领域高级工程师职务任职资格评审 继续教育学时要求",
            policyRule: "每年至少 90 学时，其中专业科目至少 60 学时",
            policySources: ["人社部令第25号《专业技术人员继续教育规定》"], years: [2023, 2024, 2025],
            asOf: CalendarDate(year: 2026, month: 1, day: 1)!, generatedAt: "2026-01-02 09:30", revealIDs: reveal)
    }

    /// Two units, three people: one meets, one (with a name that is a script tag) is short by 0.5 in
    /// 2024 with 89.5 hours, one in a unit named like a spreadsheet formula is in progress.
    static func summary(reveal: Bool = false) -> Summary {
        let people = [
            PersonLine(id: script, name: scriptName, unit: lab, status: .short,
                       years: [year(2023, professional: "60", other: "30"),
                               year(2024, professional: "60", other: "29.5", shortfall: "0.5"),
                               year(2025, professional: "62.5", other: "30")],
                       reasons: ["2024年 总学时 89.5/90 学时，差 0.5 学时", "第二条原因"], stillNeeded: .zero),
            PersonLine(id: wang, name: "王五", unit: formula, status: .inProgress,
                       years: [year(2023, professional: "60", other: "30"),
                               year(2024, professional: "60", other: "30", exemption: "入职前年度"),
                               year(2025, professional: "40", other: "30", shortfall: "20", pending: "12")],
                       reasons: ["2025年 专业科目 40/60 学时，差 20 学时"], stillNeeded: hours("20")),
            PersonLine(id: zhang, name: "张三", unit: lab, status: .meets,
                       years: [year(2023, professional: "60", other: "30"), year(2024, professional: "60", other: "32.5"),
                               year(2025, professional: "61", other: "30")],
                       reasons: [], stillNeeded: .zero),
        ]
        let labUnit = UnitSummary(unit: lab, people: 2, meeting: 1, short: 1, inProgress: 0, counted: hours("545.5"),
                                  countedByCategory: [:], countedByYear: [:])
        let formulaUnit = UnitSummary(unit: formula, people: 1, meeting: 0, short: 0, inProgress: 1, counted: hours("250"),
                                      countedByCategory: [:], countedByYear: [:])
        let overall = UnitSummary(unit: "合计", people: 3, meeting: 1, short: 1, inProgress: 1, counted: hours("795.5"),
                                  countedByCategory: [:], countedByYear: [:])
        return Summary(context: context(reveal: reveal), units: [labUnit, formulaUnit], overall: overall, people: people)
    }

    /// `count` people short in `units` units (named 单位1…), for lists and caps.
    static func many(people count: Int, units unitCount: Int = 1) -> Summary {
        var people: [PersonLine] = []
        for index in 0..<count {
            let first17 = "3301061990010" + String(1000 + index).suffix(4)
            people.append(PersonLine(id: id(first17), name: "人员\(index + 1)", unit: "单位\(index % unitCount + 1)", status: .short,
                                     years: [year(2024, professional: "50", other: "30", shortfall: "10")],
                                     reasons: ["2024年 专业科目 50/60 学时，差 10 学时"], stillNeeded: .zero))
        }
        let units = (0..<unitCount).map { index in
            UnitSummary(unit: "单位\(index + 1)", people: 2, meeting: index % 3 == 0 ? 1 : 0, short: 1, inProgress: 0,
                        counted: hours("160"), countedByCategory: [:], countedByYear: [:])
        }
        let overall = UnitSummary(unit: "合计", people: count, meeting: 0, short: count, inProgress: 0,
                                  counted: hours("80") , countedByCategory: [:], countedByYear: [:])
        return Summary(context: context(), units: units, overall: overall, people: people)
    }

    /// No tag that loads anything, no attribute pointing anywhere, no CSS import.
    static func expectSelfContained(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for needle in ["<script", "<link", "<iframe", "<img", "<object", "<embed", "src=", "href=", "@import", "url(", "xlink:"] {
            #expect(!html.lowercased().contains(needle), "found \(needle)", sourceLocation: sourceLocation)
        }
    }

    // MARK: units.html

    @Test("units.html: user text is escaped, nothing is fetched")
    func unitsHTMLEscapes() throws {
        let html = try TemplateReport.render(Self.summary(), kind: .unitsHTML)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("<script>alert"))
        Self.expectSelfContained(html)
        // The formula unit appears only as escaped text; without it, no address at all remains.
        #expect(html.contains("=HYPERLINK(&quot;http://x&quot;)"))
        #expect(!html.contains("HYPERLINK(\"http"))
        let rest = html.replacingOccurrences(of: "=HYPERLINK(&quot;http://x&quot;)", with: "")
        #expect(!rest.contains("http"))
        #expect(!rest.contains("//"))
    }

    @Test("units.html: overview, chart, sections, numbers as written")
    func unitsHTMLContent() throws {
        let html = try TemplateReport.render(Self.summary(), kind: .unitsHTML)
        for text in ["2025年度人工智能领域高级工程师职务任职资格评审 继续教育学时要求", "zj-ai-senior-2025",
                     "每年至少 90 学时，其中专业科目至少 60 学时", "人社部令第25号《专业技术人员继续教育规定》",
                     "2026-01-01", "2026-01-02 09:30", "2023—2025 年",
                     "<th>单位</th><th>人数</th><th>达标</th><th>未达标</th><th>进行中</th><th>达标率</th><th>计入学时</th><th>人均学时</th>",
                     "<td>合计</td>", "50%", "33.33%", "545.5", "272.75", "795.5", "265.17",
                     "89.5", "0.5", "免核", "进行中<br><span class=\"small\">尚需 20 学时</span>",
                     "2024年 总学时 89.5/90 学时，差 0.5 学时；第二条原因", "@media print", "size: A4"] {
            #expect(html.contains(text), "missing \(text)")
        }
        #expect(html.contains("<svg"))
        #expect(html.components(separatedBy: "<rect").count - 1 == 2)
        // The person who meets is in the overview only.
        #expect(!html.contains("张三"))
        // The unit sections follow the units' order.
        #expect(html.components(separatedBy: "<section class=\"unit\">").count - 1 == 2)
        let labSection = try #require(html.range(of: "<h3>之江实验室"))
        let formulaSection = try #require(html.range(of: "<h3>=HYPERLINK"))
        #expect(labSection.lowerBound < formulaSection.lowerBound)
    }

    @Test("units.html: IDs masked by default, whole with revealIDs")
    func unitsHTMLIDs() throws {
        let masked = try TemplateReport.render(Self.summary(), kind: .unitsHTML)
        #expect(masked.contains(Self.script.masked))
        #expect(!masked.contains(Self.script.value))
        #expect(!masked.contains(Self.wang.value))
        let revealed = try TemplateReport.render(Self.summary(reveal: true), kind: .unitsHTML)
        #expect(revealed.contains(Self.script.value))
        #expect(revealed.contains(Self.wang.value))
    }

    @Test("the chart escapes unit names itself and is capped at 50 units")
    func chart() throws {
        let svg = TemplateReport.rateChartSVG(Self.summary().units, overall: Self.summary().overall)
        #expect(svg.contains("=HYPERLINK(&quot;http://x&quot;)"))
        #expect(!svg.contains("\"http"))
        let hostile = UnitSummary(unit: "<b>&'\"\u{7}", people: 1, meeting: 1, short: 0, inProgress: 0, counted: .zero,
                                  countedByCategory: [:], countedByYear: [:])
        let escaped = TemplateReport.rateChartSVG([hostile], overall: hostile)
        #expect(escaped.contains("&lt;b&gt;&amp;&#39;&quot; "))
        #expect(!escaped.contains("<b>"))

        let big = Self.many(people: 60, units: 60)
        let html = try TemplateReport.render(big, kind: .unitsHTML)
        #expect(html.components(separatedBy: "<rect").count - 1 == TemplateReport.chartUnitLimit)
        #expect(html.contains("共 60 个单位，图中只列出达标率最低的 50 个"))
        // Lowest rates first: units 2 and 3 (0%) before unit 1 (50%).
        let svgStart = try #require(html.range(of: "<svg"))
        let chartPart = html[svgStart.lowerBound...]
        let two = try #require(chartPart.range(of: ">单位2<")), one = try #require(chartPart.range(of: ">单位1<"))
        #expect(two.lowerBound < one.lowerBound)
    }

    @Test("the chart shows unit names whole, on as many lines as they need, up to four")
    func chartLabels() {
        let long = String(repeating: "很长的单位名称", count: 5)  // 35 characters: 420 px, three lines of 15
        let lines = TemplateReport.chartLabelLines(long)
        #expect(lines.count == 3)
        #expect(lines.joined() == long)
        #expect(lines.allSatisfy { TemplateReport.textWidth($0) <= 190 })
        #expect(TemplateReport.chartLabelLines("之江实验室") == ["之江实验室"])
        let huge = String(repeating: "很", count: 100)
        #expect(TemplateReport.chartLabelLines(huge).count == 4)
        #expect(TemplateReport.chartLabelLines(huge).last?.hasSuffix("…") == true)

        let unit = UnitSummary(unit: long, people: 1, meeting: 0, short: 1, inProgress: 0, counted: .zero,
                               countedByCategory: [:], countedByYear: [:])
        let svg = TemplateReport.rateChartSVG([unit], overall: unit)
        #expect(svg.contains("<title>\(long)："))
        for line in lines { #expect(svg.contains(">\(line)</tspan>")) }
    }

    @Test("a rate label that would sit on the overall line moves past it")
    func chartValueClearOfOverallLine() {
        // A bar ending just left of the line: the label would cross it.
        let line = 400
        #expect(TemplateReport.valueX(barEnd: 390, text: "50%", avoiding: line) == line + 5)
        // Far from the line, or no line: just after the bar.
        #expect(TemplateReport.valueX(barEnd: 300, text: "50%", avoiding: line) == 304)
        #expect(TemplateReport.valueX(barEnd: 390, text: "50%", avoiding: nil) == 394)
        // In a whole chart: the overall rate is written above the bars, once; a unit at 45% next to an
        // overall 50% has its label moved past the line (bar ends at 210 + 420 × 45% = 399, line at 420).
        let unit = UnitSummary(unit: "甲", people: 20, meeting: 9, short: 11, inProgress: 0, counted: .zero,
                               countedByCategory: [:], countedByYear: [:])
        let overall = UnitSummary(unit: "合计", people: 2, meeting: 1, short: 1, inProgress: 0, counted: .zero,
                                  countedByCategory: [:], countedByYear: [:])
        let svg = TemplateReport.rateChartSVG([unit], overall: overall)
        #expect(svg.components(separatedBy: ">合计 50%</text>").count == 2)
        #expect(svg.contains("<text x=\"425\" y=\"37\">45%</text>"))
    }

    @Test("units.html: hours per year and per category for each unit and in all")
    func unitHoursTable() throws {
        var summary = Self.summary()
        summary.units[0].countedByYear = [2023: Self.hours("180"), 2024: Self.hours("182.5"), 2025: Self.hours("183")]
        summary.units[0].countedByCategory = [.professional: Self.hours("363"), .generalPublic: Self.hours("182.5")]
        summary.overall.countedByYear = [2023: Self.hours("270")]
        let html = try TemplateReport.render(summary, kind: .unitsHTML)
        #expect(html.contains("按年度、按科目类别"))
        #expect(html.contains("<th>2023 年</th><th>2024 年</th><th>2025 年</th><th>一般公需科目</th><th>行业公需科目</th><th>专业科目</th>"))
        #expect(html.contains("<tr><td>之江实验室</td><td class=\"num\">2</td><td class=\"num\">180</td><td class=\"num\">182.5</td><td class=\"num\">183</td><td class=\"num\">182.5</td><td class=\"num\">0</td><td class=\"num\">363</td><td class=\"num\">545.5</td></tr>"))
        #expect(html.contains("<tr><td>合计</td><td class=\"num\">3</td><td class=\"num\">270</td>"))
        // Printable: page numbers, and no section forced onto a page of its own.
        #expect(html.contains("counter(page)") && html.contains("counter(pages)"))
        #expect(!html.contains("break-before: page"))
        #expect(html.contains("@media (max-width: 600px)"))
    }

    // MARK: units.md

    /// The characters of `specials` in `text` that no backslash escapes.
    static func unescaped(_ specials: Set<Character>, in text: String) -> [Character] {
        var found: [Character] = [], escaped = false
        for character in text {
            if escaped { escaped = false; continue }
            if character == "\\" { escaped = true; continue }
            if specials.contains(character) { found.append(character) }
        }
        return found
    }

    @Test("units.md: Markdown and HTML in user text stay inert, no address")
    func markdownEscapes() throws {
        var summary = Self.summary()
        summary.people[1].name = "[x](http://evil)"
        let markdown = try TemplateReport.render(summary, kind: .unitsMarkdown)
        #expect(markdown.hasPrefix("### 2025年度"))
        // Names are cut at 16 characters for a chat message, after which the cut text is escaped.
        #expect(markdown.contains("- \\<script\\>alert\\(1…（之江实验室）"))
        #expect(Self.unescaped(["<", ">", "[", "]", "(", ")", "`", "_"], in: markdown).isEmpty)  // "**" is the template's own bold
        #expect(markdown.contains("\\[x\\]\\(http:\u{200B}//evil\\)"))
        #expect(!markdown.contains("]("))
        #expect(!markdown.contains("http://"))
        #expect(!markdown.contains("https://"))
        // Totals, worst units, numbers as written; dates unescaped.
        #expect(markdown.contains("截至 2026-01-01：共 3 人，达标 1 人（33.33%），未达标 1 人，进行中 1 人。"))
        #expect(markdown.contains("1. =HYPERLINK\\(\"http:\u{200B}//x\"\\)：0%（0/1 人达标）"))
        #expect(markdown.contains("2. 之江实验室：50%（1/2 人达标）"))
        #expect(markdown.contains("2024年 总学时 89.5/90 学时，差 0.5 学时"))
        #expect(markdown.contains("第二条原因"))
        #expect(!markdown.contains("张三"))
        #expect(!markdown.contains("…等"))
        // IDs are not posted to a chat.
        #expect(!markdown.contains(Self.script.masked) && !markdown.contains(Self.script.value))
    }

    @Test("units.md: every shortfall of a person, not only the first")
    func markdownAllReasons() throws {
        let markdown = try TemplateReport.render(Self.summary(), kind: .unitsMarkdown)
        let line = try #require(markdown.split(separator: "\n").first { $0.contains("89.5/90") })
        #expect(line.contains("第二条原因"))
        #expect(line.contains("；"))
    }

    @Test("units.md: at most 20 people, then how many more; at most 10 units")
    func markdownCaps() throws {
        let markdown = try TemplateReport.render(Self.many(people: 25, units: 12), kind: .unitsMarkdown)
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.filter { $0.hasPrefix("- ") }.count == 20)
        #expect(markdown.contains("…等 5 人"))
        #expect(lines.filter { $0.first?.isNumber == true && $0.contains("：") && $0.contains("人达标") }.count == 10)
        #expect(markdown.contains("（12 个单位有人未达标）"))
        #expect(!markdown.contains("人员21"))
        #expect(markdown.utf8.count < 4096)  // WeChat Work's limit for a markdown message

        let exactly20 = try TemplateReport.render(Self.many(people: 20), kind: .unitsMarkdown)
        #expect(exactly20.split(separator: "\n").filter { $0.hasPrefix("- ") }.count == 20)
        #expect(!exactly20.contains("…等"))
    }

    @Test("Markdown escaping, character by character", arguments: [
        ("a*b_c`d", "a\\*b\\_c\\`d"),
        ("<script>alert(1)</script>", "\\<script\\>alert\\(1\\)\\</script\\>"),
        ("[x](http://evil)", "\\[x\\]\\(http:\u{200B}//evil\\)"),
        ("# 标题", "\\# 标题"),
        ("+ - ! | ~ &", "\\+ \\- \\! \\| \\~ \\&"),
        ("back\\slash", "back\\\\slash"),
        ("2024. 张三", "2024\\. 张三"),
        ("2024.", "2024\\."),
        ("89.5", "89.5"),
        ("2026-01-01", "2026-01-01"),
        ("-5", "\\-5"),
        ("一行\n二行\r\n\t三行", "一行 二行   三行"),
        ("见 https://a.example", "见 https:\u{200B}//a.\u{200B}example"),
        ("www.evil.com", "www.\u{200B}evil.\u{200B}com"),
        ("  空格  ", "空格"),
    ])
    func markdownEscape(input: String, expected: String) {
        #expect(TemplateReport.markdownEscape(input) == expected)
    }

    // MARK: person.html

    @Test("person.html: the person, the verdict, the years by category, the reasons")
    func person() throws {
        var summary = Self.summary()
        summary.people = [summary.people[0]]
        let html = try TemplateReport.render(summary, kind: .personHTML)
        Self.expectSelfContained(html)
        #expect(!html.contains("<script>alert"))
        for text in ["<title>继续教育学时核对单 · &lt;script&gt;alert(1)&lt;/script&gt;</title>", Self.script.masked, "之江实验室",
                     "<p class=\"verdict short\">未达标</p>", "一般公需科目", "行业公需科目", "专业科目",
                     "<li>2024年 总学时 89.5/90 学时，差 0.5 学时</li>", "<li>第二条原因</li>",
                     "89.5", "0.5", "92.5", "182.5", "272", "2023—2025 年", "@media print"] {
            #expect(html.contains(text), "missing \(text)")
        }
        #expect(!html.contains(Self.script.value))
        #expect(!html.contains("王五"))

        var inProgress = Self.summary(reveal: true)
        inProgress.people = [inProgress.people[1]]
        let second = try TemplateReport.render(inProgress, kind: .personHTML)
        for text in [Self.wang.value, "=HYPERLINK(&quot;http://x&quot;)", "进行中（尚需 20 学时）", "免核：入职前年度", "12"] {
            #expect(second.contains(text), "missing \(text)")
        }
    }

    @Test("person.html: every record with its source and fate; the whole ID when revealed; no command-line words")
    func personRecords() throws {
        var summary = Self.summary(reveal: true)
        var person = summary.people[0]
        person.records = [
            RecordLine(year: 2024, date: CalendarDate(year: 2024, month: 5, day: 10), category: .professional,
                       title: "机器学习<进阶>", organizer: "省人工智能学会", hours: Self.hours("48"), status: .approved,
                       counted: Self.hours("48"), fate: "计入 2024 年", sourceFile: "导出 2024.xlsx", sourceRow: 7),
            RecordLine(year: 2024, date: nil, category: .generalPublic, title: "网络课程", organizer: nil,
                       hours: Self.hours("12"), status: .pending, counted: .zero, fate: "待审核，通过后计入",
                       sourceFile: "a.csv", sourceRow: 12),
        ]
        summary.people = [person]
        let html = try TemplateReport.render(summary, kind: .personHTML)
        for text in ["学时记录（2 条）", "机器学习&lt;进阶&gt;", "省人工智能学会", "导出 2024.xlsx<br>第 7 行", "a.csv<br>第 12 行",
                     "计入 2024 年", "待审核，通过后计入", "2024-05-10", Self.script.value, "请妥善保管"] {
            #expect(html.contains(text), "missing \(text)")
        }
        #expect(!html.contains("--"), "a command-line option in the statement")
        let masked = try TemplateReport.render(Self.summary(), kind: .personHTML)
        #expect(!masked.contains("reveal"))
        #expect(masked.contains("学时库里没有此人的记录"))
    }

    @Test("person.html with nobody is refused")
    func personNobody() {
        var summary = Self.summary()
        summary.people = []
        #expect(throws: TemplateReport.TemplateError.self) { try TemplateReport.render(summary, kind: .personHTML) }
    }

    // MARK: Templates

    @Test("a user's template renders, with the same escaping")
    func userTemplate() throws {
        let template = "{{title}}|{{#units}}{{unit}}={{rate}};{{/units}}|{{#unitSections}}{{#notMeetingPeople}}{{name}}{{/notMeetingPeople}}{{/unitSections}}"
        let out = try TemplateReport.render(Self.summary(), kind: .unitsHTML, template: template)
        #expect(out == "2025年度人工智能领域高级工程师职务任职资格评审 继续教育学时要求|之江实验室=50%;=HYPERLINK(&quot;http://x&quot;)=0%;|&lt;script&gt;alert(1)&lt;/script&gt;王五")

        let markdown = try TemplateReport.render(Self.summary(), kind: .unitsMarkdown, template: "共 {{people}} 人\n{{#notMeetingPeople}}{{name}}\n{{/notMeetingPeople}}")
        #expect(markdown == "共 3 人\n\\<script\\>alert\\(1…\n王五\n")
    }

    @Test("a broken template is refused with its line")
    func brokenTemplate() {
        for kind in TemplateReport.Kind.allCases {
            do {
                _ = try TemplateReport.render(Self.summary(), kind: kind, template: "第一行\n{{#units}}\n{{unit}}\n{{/people}}\n")
                Issue.record("no error for \(kind)")
            } catch let error as TemplateReport.TemplateError {
                #expect(error.line == 4, "\(kind): \(error)")
                #expect(error.message.contains("第 4 行"))
                #expect(error.message.contains("结束标签"))
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    @Test("the built-in templates are there, parse, and point nowhere", arguments: TemplateReport.Kind.allCases)
    func builtIn(kind: TemplateReport.Kind) throws {
        let text = TemplateReport.builtInTemplate(kind)
        #expect(!text.isEmpty)
        #expect(!text.contains("http"))
        #expect(!text.contains("{{{") || kind == .unitsHTML)
        if kind == .unitsHTML {
            // The chart is the one raw value.
            #expect(text.components(separatedBy: "{{{").count - 1 == 1)
            #expect(text.contains("{{{chartSVG}}}"))
        }
        Self.expectSelfContained(text)
        var summary = Self.summary()
        if kind == .personHTML { summary.people = [summary.people[2]] }
        let out: String
        if kind == .reconcileHTML {
            var findings = Reconciliation(asOf: CalendarDate(year: 2026, month: 1, day: 10)!, policy: "p", years: [2024])
            findings.noRecords = [.init(id: summary.people[0].id, name: "孙悦", unit: "之江实验室", department: "算法部")]
            out = try TemplateReport.render(ReconcileReport(findings, revealIDs: false, generatedAt: "2026-01-10 08:00"))
            #expect(out.contains("孙悦") && out.contains("算法部"))
        } else {
            out = try TemplateReport.render(summary, kind: kind)
        }
        #expect(!out.contains("{{"))
    }
}
