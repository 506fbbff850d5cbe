import Foundation
import Testing
import XueshiModel
@testable import XueshiRead
@testable import XueshiReport

/// The Excel report, written and read back with the project's own XLSX reader; what the reader does not
/// give (formats, print set-up, the chart) is read from the package's XML parts.
@Suite struct XLSXReportTests {
    // MARK: - Fixture

    static let unitA = "<script>alert(1)</script>"
    static let unitB = "西湖区卫健局"
    static let evilName = "=HYPERLINK(\"http://x\")"
    static let meetsID = ResidentID(trusted: "330106198501054514")
    static let shortID = ResidentID(trusted: "330106198501051233")
    static let progressID = ResidentID(trusted: "330106198501052076")

    static func h(_ text: String) -> Hours { try! Hours.parse(text).get() }

    static func year(_ year: Int, _ general: String, _ industry: String, _ professional: String, shortfall: String = "0",
                     pending: String = "0", meets: Bool = true, exemption: String? = nil) -> YearLine {
        let byCategory: [Category: Hours] = [.generalPublic: h(general), .industryPublic: h(industry), .professional: h(professional)]
        return YearLine(year: year, counted: byCategory.values.reduce(.zero, +), byCategory: byCategory,
                        shortfall: h(shortfall), pending: h(pending), meets: meets, exemption: exemption)
    }

    /// Two units, three people: one short (named like a formula), one in progress, one meeting.
    static func summary(revealIDs: Bool = false, extraUnits: Int = 0) -> Summary {
        let context = ReportContext(policyName: "zj-test", policyTitle: "测试继续教育学时要求", policyRule: "每年至少 90 学时，其中专业科目至少 60 学时",
                                    policySources: ["测试文件〔2025〕1号"], years: [2024, 2025],
                                    asOf: CalendarDate(year: 2025, month: 6, day: 30)!, generatedAt: "2025-06-30 09:15",
                                    revealIDs: revealIDs)
        let short = PersonLine(id: shortID, name: evilName, unit: unitA, status: .short,
                               years: [year(2024, "20", "9.5", "60", shortfall: "0.5", meets: false),
                                       year(2025, "20", "12", "60")],
                               reasons: ["2024年 总学时 89.5/90 学时，差 0.5 学时", "2025年另有待审核 3 学时，审核通过后计入"],
                               stillNeeded: .zero)
        let progress = PersonLine(id: progressID, name: "李四", unit: unitB, status: .inProgress,
                                  years: [year(2024, "30", "0", "60"),
                                          year(2025, "10.25", "0", "30", shortfall: "49.75", pending: "8", meets: false)],
                                  reasons: ["2025年 总学时 40.25/90、专业科目 30/60 学时，差 49.75 学时（该年度尚未结束）"],
                                  stillNeeded: h("49.75"))
        let meets = PersonLine(id: meetsID, name: "张三", unit: unitB, status: .meets,
                               years: [year(2024, "30", "0", "60"), year(2025, "4", "0", "6", exemption: "援外医疗")],
                               reasons: [], stillNeeded: .zero)
        let people = [short, progress, meets]
        func unit(_ name: String, _ members: [PersonLine]) -> UnitSummary {
            var byCategory: [Category: Hours] = [:], byYear: [Int: Hours] = [:]
            for person in members {
                for line in person.years {
                    byYear[line.year, default: .zero] += line.counted
                    for (category, hours) in line.byCategory { byCategory[category, default: .zero] += hours }
                }
            }
            return UnitSummary(unit: name, people: members.count, meeting: members.filter { $0.status == .meets }.count,
                               short: members.filter { $0.status == .short }.count,
                               inProgress: members.filter { $0.status == .inProgress }.count,
                               counted: members.reduce(.zero) { $0 + $1.counted }, countedByCategory: byCategory,
                               countedByYear: byYear)
        }
        var units = [unit(unitA, [short]), unit(unitB, [progress, meets])]
        for index in 0..<extraUnits { units.append(unit(String(format: "单位%03d", index), [])) }
        return Summary(context: context, units: units, overall: unit("合计", people), people: people)
    }

    // MARK: - Helpers

    static func temporaryPath(_ name: String = "report") -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("xueshi-xlsx-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("\(name).xlsx").path
    }

    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
    }

    static func rows(_ path: String, _ sheet: String) throws -> [RawRow] {
        var rows: [RawRow] = []
        try XLSXWorkbook(path: path, displayName: "report.xlsx").sheet(named: sheet).forEachRow { rows.append($0) }
        return rows
    }

    static func written(_ summary: Summary) throws -> String {
        let path = temporaryPath()
        try XLSXReport.write(summary, to: path)
        return path
    }

    /// A number cell whose literal is exactly `hours`.
    static func isHours(_ cell: RawCell, _ hours: String) -> Bool {
        guard case .number(let literal) = cell, case .success(let value) = Hours.parse(literal) else { return false }
        return value == h(hours)
    }

    // MARK: - The package's XML

    /// The text of a part of the written package ("xl/workbook.xml").
    static func part(_ path: String, _ name: String) throws -> String {
        let archive = try XLSXArchive(source: .file(URL(fileURLWithPath: path)), displayName: "r.xlsx")
        let entry = try #require(archive.entry(name), "no part \(name)")
        return String(decoding: try archive.read(entry), as: UTF8.self)
    }

    static func hasPart(_ path: String, _ name: String) throws -> Bool {
        try XLSXArchive(source: .file(URL(fileURLWithPath: path)), displayName: "r.xlsx").contains(name)
    }

    /// The name of the worksheet part of `sheet` ("xl/worksheets/sheet1.xml").
    static func sheetPartName(_ path: String, _ sheet: String) throws -> String {
        try #require(try XLSXWorkbook(path: path, displayName: "r.xlsx").entries.first { $0.name == sheet }?.part, "no sheet \(sheet)")
    }

    static func sheetXML(_ path: String, _ sheet: String) throws -> String { try part(path, try sheetPartName(path, sheet)) }

    /// The part a relationship of `source` of `type` ("/drawing", "/chart") points to, if any.
    static func related(_ path: String, from source: String, type: String) throws -> String? {
        let folder = source.split(separator: "/").dropLast().joined(separator: "/")
        let file = source.split(separator: "/").last!
        let rels = "\(folder)/_rels/\(file).rels"
        guard try hasPart(path, rels) else { return nil }
        guard let target = elements("Relationship", in: try part(path, rels)).first(where: { $0["Type"]?.hasSuffix(type) == true })?["Target"]
        else { return nil }
        var parts = folder.split(separator: "/").map(String.init)
        for piece in target.split(separator: "/") {
            if piece == ".." { parts.removeLast() } else { parts.append(String(piece)) }
        }
        return parts.joined(separator: "/")
    }

    /// The attributes of every `name` element in `xml`, in order, as written (entities not decoded).
    static func elements(_ name: String, in xml: String) -> [[String: String]] {
        let element = try! Regex("<\(name)(\\s[^>]*)?/?>")
        let attribute = try! Regex(#"([\w:]+)="([^"]*)""#)
        return xml.matches(of: element).map { match in
            var attributes: [String: String] = [:]
            for pair in String(match.output[0].substring ?? "").matches(of: attribute) {
                attributes[String(pair.output[1].substring!)] = String(pair.output[2].substring!)
            }
            return attributes
        }
    }

    /// The text inside every `name` element of `xml` that holds text only.
    static func texts(_ name: String, in xml: String) -> [String] {
        xml.matches(of: try! Regex("<\(name)(?:\\s[^>]*)?>([^<]*)</\(name)>")).map { String($0.output[1].substring!) }
    }

    /// The number cells of a sheet's XML: column letters, row number, style index.
    static func numberCells(_ xml: String) -> [(column: String, row: Int, style: Int)] {
        xml.matches(of: try! Regex(#"<c r="([A-Z]+)([0-9]+)"([^>]*)><v>"#)).compactMap { match in
            let attributes = String(match.output[3].substring!)
            guard !attributes.contains(" t=") else { return nil }
            let style = attributes.firstMatch(of: try! Regex(#"s="([0-9]+)""#)).map { Int($0.output[1].substring!)! } ?? 0
            return (String(match.output[1].substring!), Int(match.output[2].substring!)!, style)
        }
    }

    /// The number format of each cell style (by index), built-in ones by their code.
    static func numberFormats(_ path: String) throws -> [String] {
        let styles = try part(path, "xl/styles.xml")
        var codes = ["0": "General", "1": "0", "2": "0.00", "3": "#,##0", "4": "#,##0.00", "9": "0%", "10": "0.00%"]
        for format in elements("numFmt", in: styles) { codes[format["numFmtId"]!] = format["formatCode"]! }
        let start = try #require(styles.range(of: "<cellXfs")), end = try #require(styles.range(of: "</cellXfs>"))
        return elements("xf", in: String(styles[start.lowerBound..<end.upperBound])).map {
            codes[$0["numFmtId"] ?? "0"] ?? "numFmtId \($0["numFmtId"]!)"
        }
    }

    /// Each column's width (1-based column number → width).
    static func columnWidths(_ xml: String) -> [Int: Double] {
        var widths: [Int: Double] = [:]
        for column in elements("col", in: xml) {
            for index in Int(column["min"]!)!...Int(column["max"]!)! { widths[index] = Double(column["width"]!)! }
        }
        return widths
    }

    /// The rows repeated on every printed page, by sheet name ("$1:$1").
    static func printTitles(_ path: String) throws -> [String: String] {
        let workbook = try part(path, "xl/workbook.xml")
        let names = try XLSXWorkbook(path: path, displayName: "r.xlsx").sheetNames
        let defined = try! Regex(#"<definedName name="_xlnm.Print_Titles" localSheetId="([0-9]+)">([^<]*)</definedName>"#)
        var titles: [String: String] = [:]
        for match in workbook.matches(of: defined) {
            titles[names[Int(match.output[1].substring!)!]] = String(match.output[2].substring!.split(separator: "!").last!)
        }
        return titles
    }

    static func unescaped(_ xml: String) -> String {
        xml.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }

    // MARK: - Tests

    @Test func sheetsInOrder() throws {
        let path = try Self.written(Self.summary())
        defer { Self.remove(path) }
        #expect(try XLSXWorkbook(path: path, displayName: "r.xlsx").sheetNames == ["汇总", "未达标人员", "年度学时"])
    }

    @Test func summarySheet() throws {
        let path = try Self.written(Self.summary())
        defer { Self.remove(path) }
        let rows = try Self.rows(path, "汇总")
        #expect(rows[0].number == 1)
        #expect(rows[0][0].text.hasPrefix("测试继续教育学时要求"))
        #expect(rows[0][0].text.contains("2025-06-30") && rows[0][0].text.contains("2025-06-30 09:15"))
        #expect(rows[1].cells.map(\.text) == ["单位", "人数", "达标", "未达标", "进行中", "达标率", "计入学时", "人均学时",
                                             "2024年学时", "2025年学时", "一般公需科目", "行业公需科目", "专业科目"])
        // The units, in the summary's order: markup stays text.
        let a = rows[2], b = rows[3], total = rows[4]
        #expect(a[0] == .text(Self.unitA))
        #expect(a[1] == .number("1") && a[2] == .number("0") && a[3] == .number("1") && a[4] == .number("0"))
        #expect(a[5] == .number("0"))
        #expect(Self.isHours(a[6], "181.5"))
        #expect(b[0] == .text(Self.unitB))
        #expect(b[1] == .number("2") && b[2] == .number("1") && b[3] == .number("0") && b[4] == .number("1"))
        #expect(b[5] == .number("0.5"))
        #expect(Self.isHours(b[6], "230.25"))          // 90 + 40.25 + 90 + 10
        #expect(Self.isHours(b[7], "115.13"))          // 230.25 / 2, rounded to the hundredth
        #expect(Self.isHours(b[8], "180") && Self.isHours(b[9], "50.25"))
        #expect(Self.isHours(b[10], "74.25") && Self.isHours(b[11], "0") && Self.isHours(b[12], "156"))
        #expect(total[0] == .text("合计"))
        #expect(total[1] == .number("3") && total[2] == .number("1"))
        if case .number(let rate) = total[5] { #expect(abs(Double(rate)! - 1.0 / 3.0) < 1e-12) } else { Issue.record("rate \(total[5])") }
        #expect(Self.isHours(total[6], "411.75"))
        #expect(Self.isHours(total[8], "269.5") && Self.isHours(total[9], "142.25"))
        // Notes under the table: the rule and the sources; no chart note for 2 units.
        let texts = rows.dropFirst(5).map { $0[0].text }
        #expect(texts.contains("核查要求：每年至少 90 学时，其中专业科目至少 60 学时"))
        #expect(texts.contains("政策依据：测试文件〔2025〕1号"))
        #expect(!texts.contains { $0.contains("图表只显示") })
    }

    @Test func manyUnitsChartNote() throws {
        let path = try Self.written(Self.summary(extraUnits: 40))
        defer { Self.remove(path) }
        let rows = try Self.rows(path, "汇总")
        #expect(rows.count(where: { $0[0].text.hasPrefix("单位0") }) == 40)
        #expect(rows.contains { $0[0].text == "注：下方图表只显示前 30 个单位（共 42 个单位），完整数据见上表。" })
        // A unit with nobody has no rate (not 0%).
        let empty = try #require(rows.first { $0[0].text == "单位000" })
        #expect(empty[1] == .number("0") && empty[5] == .empty)
    }

    @Test func notMeetingSheet() throws {
        let path = try Self.written(Self.summary())
        defer { Self.remove(path) }
        let rows = try Self.rows(path, "未达标人员")
        #expect(rows.count == 3)
        #expect(rows[0].cells.map(\.text) == ["单位", "姓名", "身份证号", "状态", "还需学时", "2024年学时", "2024年差额",
                                             "2025年学时", "2025年差额", "说明"])
        let short = rows[1], progress = rows[2]
        #expect(short[0] == .text(Self.unitA))
        #expect(short[1] == .text("'" + Self.evilName))
        #expect(short[2] == .text("330106********1233"))
        #expect(short[3] == .text("未达标"))
        // Short: what the years lack together (the verdict's stillNeeded is for people in progress only).
        #expect(Self.isHours(short[4], "0.5"))
        #expect(Self.isHours(short[5], "89.5") && Self.isHours(short[6], "0.5"))
        #expect(Self.isHours(short[7], "92") && Self.isHours(short[8], "0"))
        #expect(short[9] == .text("2024年 总学时 89.5/90 学时，差 0.5 学时；2025年另有待审核 3 学时，审核通过后计入"))
        #expect(progress[1] == .text("李四") && progress[3] == .text("进行中"))
        #expect(progress[2] == .text("330106********2076"))
        #expect(Self.isHours(progress[4], "49.75") && Self.isHours(progress[8], "49.75"))
    }

    @Test func detailSheet() throws {
        let path = try Self.written(Self.summary())
        defer { Self.remove(path) }
        let rows = try Self.rows(path, "年度学时")
        #expect(rows.count == 7)
        #expect(rows[0].cells.map(\.text) == ["单位", "姓名", "身份证号", "年度", "一般公需科目", "行业公需科目", "专业科目",
                                             "计入合计", "待审核", "差额", "结果"])
        #expect(rows.dropFirst().map { $0[1].text } == ["'" + Self.evilName, "'" + Self.evilName, "李四", "李四", "张三", "张三"])
        #expect(rows.dropFirst().map { $0[3] } == [.number("2024"), .number("2025"), .number("2024"), .number("2025"),
                                                    .number("2024"), .number("2025")])
        #expect(rows.dropFirst().map { $0[10].text } == ["未达标", "达标", "达标", "进行中", "达标", "免于核查：援外医疗"])
        let progress2025 = rows[4]
        #expect(Self.isHours(progress2025[4], "10.25") && Self.isHours(progress2025[5], "0") && Self.isHours(progress2025[6], "30"))
        #expect(Self.isHours(progress2025[7], "40.25") && Self.isHours(progress2025[8], "8") && Self.isHours(progress2025[9], "49.75"))
        #expect(rows[5][2] == .text("330106********4514"))
    }

    @Test func formulaLikeTextStaysText() throws {
        let path = try Self.written(Self.summary())
        defer { Self.remove(path) }
        for sheet in ["汇总", "未达标人员", "年度学时"] {
            for row in try Self.rows(path, sheet) {
                for cell in row.cells {
                    if case .error = cell { Issue.record("error cell in \(sheet): \(cell)") }
                    if case .text(let text) = cell, let first = text.unicodeScalars.first {
                        #expect(!["=", "+", "-", "@", "\t", "\r"].contains(first), "\(sheet): \(text)")
                    }
                }
                if row[1].text.contains("HYPERLINK") { #expect(row[1] == .text("'=HYPERLINK(\"http://x\")")) }
            }
        }
    }

    @Test func revealedIDs() throws {
        let path = try Self.written(Self.summary(revealIDs: true))
        defer { Self.remove(path) }
        #expect(try Self.rows(path, "未达标人员").dropFirst().map { $0[2].text } == ["330106198501051233", "330106198501052076"])
        #expect(try Self.rows(path, "年度学时")[5][2] == .text("330106198501054514"))
    }

    @Test func awkwardText() throws {
        var summary = Self.summary()
        summary.people[2].name = " 王\u{1}五\u{0}六 "
        summary.people[2].unit = "+86 单位"
        let path = try Self.written(summary)
        defer { Self.remove(path) }
        let row = try Self.rows(path, "年度学时")[5]
        #expect(row[1] == .text(" 王\u{FFFD}五\u{FFFD}六 "))
        #expect(row[0] == .text("'+86 单位"))
    }

    @Test func nobody() throws {
        var summary = Self.summary()
        summary.units = []
        summary.people = []
        summary.overall = UnitSummary(unit: "合计", people: 0, meeting: 0, short: 0, inProgress: 0, counted: .zero,
                                      countedByCategory: [:], countedByYear: [:])
        let path = try Self.written(summary)
        defer { Self.remove(path) }
        let rows = try Self.rows(path, "汇总")
        #expect(rows[2][0] == .text("合计") && rows[2][1] == .number("0") && rows[2][5] == .empty)
        #expect(try Self.rows(path, "未达标人员").count == 1)
        #expect(try Self.rows(path, "年度学时").count == 1)
    }

    @Test func cellTextLimits() {
        #expect(XLSXReport.cellText("-8") == "-8")
        #expect(XLSXReport.cellText("@sum") == "'@sum")
        let long = String(repeating: "学", count: 40_000)
        let cut = XLSXReport.cellText(long)
        #expect(cut.utf16.count == XLSXReport.cellTextLimit && cut.hasSuffix("…"))
        #expect(XLSXReport.displayWidth("西湖a") == 5)
    }

    @Test func continuationSheets() throws {
        let path = Self.temporaryPath()
        defer { Self.remove(path) }
        try XLSXReport.write(Self.summary(), to: path, rowsPerSheet: 3)
        #expect(try XLSXWorkbook(path: path, displayName: "r.xlsx").sheetNames
            == ["汇总", "未达标人员", "年度学时", "年度学时（续2）", "年度学时（续3）"])
        for sheet in ["年度学时", "年度学时（续2）", "年度学时（续3）"] {
            let rows = try Self.rows(path, sheet)
            #expect(rows.count == 3 && rows[0][0] == .text("单位"))
        }
        #expect(try Self.rows(path, "年度学时（续3）")[2][1] == .text("张三"))
        // Every continuation sheet is set up as the first: printed the same, its header frozen and filtered.
        for sheet in ["年度学时（续2）", "年度学时（续3）"] {
            let xml = try Self.sheetXML(path, sheet)
            #expect(Self.elements("pageSetup", in: xml).first?["orientation"] == "landscape", "\(sheet)")
            #expect(Self.elements("pane", in: xml).first?["ySplit"] == "1", "\(sheet)")
            #expect(Self.elements("autoFilter", in: xml).first?["ref"] == "A1:K3", "\(sheet)")
        }
        #expect(try Self.printTitles(path)["年度学时（续3）"] == "$1:$1")
    }

    @Test func unwritablePlaceIsAnError() throws {
        let path = "/nonexistent-\(UUID().uuidString)/report.xlsx"
        #expect {
            try XLSXReport.write(Self.summary(), to: path)
        } throws: { error in
            guard let error = error as? XLSXReportError else { return false }
            return error.description.contains("无法写出 Excel 报表") && error.description.contains(path)
                && error.description.contains("所在目录不存在")
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    // MARK: - Seen and printed

    @Test func hoursShowAsTheyAreWithoutForcedDecimals() throws {
        let path = try Self.written(Self.summary())
        defer { Self.remove(path) }
        let formats = try Self.numberFormats(path)
        // The hour columns of each sheet, below its header.
        let hours: [(sheet: String, columns: Set<String>, firstRow: Int)] = [
            ("汇总", ["G", "H", "I", "J", "K", "L", "M"], 3), ("未达标人员", ["E", "F", "G", "H", "I"], 2),
            ("年度学时", ["E", "F", "G", "H", "I", "J"], 2)]
        for (sheet, columns, firstRow) in hours {
            let cells = Self.numberCells(try Self.sheetXML(path, sheet))
            let hourCells = cells.filter { columns.contains($0.column) && $0.row >= firstRow }
            #expect(hourCells.count >= 6, "\(sheet)")
            let notGeneral = hourCells.filter { formats[$0.style] != "General" }.map { "\($0.column)\($0.row): \(formats[$0.style])" }
            #expect(notGeneral == [], "\(sheet)")
            // No number anywhere with decimals forced on it (a rate has its one decimal).
            let forced = cells.filter { formats[$0.style].contains(".") && formats[$0.style] != "0.0%" }
                .map { "\($0.column)\($0.row): \(formats[$0.style])" }
            #expect(forced == [], "\(sheet)")
        }
    }

    @Test func chartOnTheSummarySheetBelowTheTable() throws {
        let path = try Self.written(Self.summary(extraUnits: 40))
        defer { Self.remove(path) }
        let summaryPart = try Self.sheetPartName(path, "汇总")
        #expect(try Self.sheetXML(path, "汇总").contains("<drawing "))
        let drawingPart = try #require(try Self.related(path, from: summaryPart, type: "/drawing"))
        for sheet in ["未达标人员", "年度学时"] {
            #expect(try Self.related(path, from: try Self.sheetPartName(path, sheet), type: "/drawing") == nil, "\(sheet)")
            #expect(try !Self.sheetXML(path, sheet).contains("<drawing "), "\(sheet)")
        }
        #expect(try !Self.hasPart(path, "xl/chartsheets/sheet1.xml"), "no sheet of its own")

        // Anchored at column A, under everything written on the sheet (the table and its notes).
        let drawing = try Self.part(path, drawingPart)
        let from = try #require(drawing.firstMatch(of: try Regex("<xdr:from><xdr:col>([0-9]+)</xdr:col><xdr:colOff>[0-9]+</xdr:colOff><xdr:row>([0-9]+)</xdr:row>")))
        let lastRow = try #require(try Self.rows(path, "汇总").last)
        #expect(lastRow[0].text.hasPrefix("注：下方图表"))
        #expect(Int(from.output[1].substring!) == 0)
        #expect(Int(from.output[2].substring!)! >= lastRow.number, "0-based anchor row after the last (1-based) row")

        // The bars in the table's order, from the table's cells; every name on the axis.
        let chart = try Self.part(path, try #require(try Self.related(path, from: drawingPart, type: "/chart")))
        #expect(Self.texts("c:f", in: chart) == ["'汇总'!$A$3:$A$32", "'汇总'!$F$3:$F$32"])
        let categories = try #require(chart.range(of: "<c:cat>").flatMap { start in
            chart.range(of: "</c:cat>").map { String(chart[start.lowerBound..<$0.upperBound]) }
        })
        let names = Self.texts("c:v", in: categories).map(Self.unescaped)
        #expect(names.count == 30)
        #expect(Array(names.prefix(3)) == [Self.unitA, Self.unitB, "单位000"])
        #expect(names.last == "单位027")
        let categoryAxis = try #require(chart.range(of: "<c:catAx>").map { String(chart[$0.lowerBound...]) })
        #expect(Self.elements("c:tickLblSkip", in: categoryAxis).first?["val"] == "1")
    }

    @Test func chartStartsAPageRatherThanBeingCut() throws {
        // A4 landscape holds 487 points of rows at full size; a table twice as wide is printed at half size.
        #expect(!XLSXReport.chartStartsPage(above: 100, chartHeight: 200, tableWidth: 700))   // fits under the table
        #expect(XLSXReport.chartStartsPage(above: 400, chartHeight: 300, tableWidth: 700))    // on the next page
        #expect(!XLSXReport.chartStartsPage(above: 400, chartHeight: 600, tableWidth: 700))   // no page holds it
        #expect(!XLSXReport.chartStartsPage(above: 400, chartHeight: 500, tableWidth: 1482))  // printed smaller, fits
        #expect(XLSXReport.chartStartsPage(above: 900, chartHeight: 300, tableWidth: 700))    // past page 2's end
        #expect(!XLSXReport.chartStartsPage(above: 500, chartHeight: 300, tableWidth: 700))   // at the top of page 2

        let few = try Self.written(Self.summary())
        defer { Self.remove(few) }
        #expect(try !Self.sheetXML(few, "汇总").contains("<rowBreaks"))
        let many = try Self.written(Self.summary(extraUnits: 20))
        defer { Self.remove(many) }
        let xml = try Self.sheetXML(many, "汇总")
        let drawing = try Self.part(many, try #require(try Self.related(many, from: try Self.sheetPartName(many, "汇总"), type: "/drawing")))
        let chartRow = try #require(drawing.firstMatch(of: try Regex("<xdr:from><xdr:col>0</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>([0-9]+)</xdr:row>")))
        #expect(Self.elements("brk", in: xml).map { $0["id"] } == [String(chartRow.output[1].substring!)])
        // The rows under the chart have the height its size was reckoned in.
        let rowNumber = Int(chartRow.output[1].substring!)! + 1
        #expect(Self.elements("row", in: xml).first { $0["r"] == String(rowNumber) }?["ht"] == "15.05")
    }

    @Test func printedA4LandscapeOnePageWideHeadersOnEveryPage() throws {
        var summary = Self.summary()
        summary.context.policyTitle = "测试 & 要求"
        let path = try Self.written(summary)
        defer { Self.remove(path) }
        #expect(try Self.printTitles(path) == ["汇总": "$2:$2", "未达标人员": "$1:$1", "年度学时": "$1:$1"])
        for sheet in ["汇总", "未达标人员", "年度学时"] {
            let xml = try Self.sheetXML(path, sheet)
            let setup = try #require(Self.elements("pageSetup", in: xml).first, "\(sheet)")
            #expect(setup["orientation"] == "landscape", "\(sheet)")
            #expect(setup["paperSize"] == "9", "\(sheet): A4")
            #expect((setup["fitToWidth"] ?? "1") == "1" && setup["fitToHeight"] == "0", "\(sheet)")
            #expect(Self.elements("pageSetUpPr", in: xml).first?["fitToPage"] == "1", "\(sheet)")
            #expect(Self.texts("oddFooter", in: xml) == ["&amp;L&amp;A&amp;C第 &amp;P 页，共 &amp;N 页"], "\(sheet)")
            // An ampersand of the title is doubled, or it would start a code.
            #expect(Self.texts("oddHeader", in: xml) == ["&amp;L测试 &amp;&amp; 要求&amp;R核查截至 2025-06-30"], "\(sheet)")
        }
    }

    @Test func frozenHeadersFiltersAndWidthsForCJK() throws {
        let path = try Self.written(Self.summary())
        defer { Self.remove(path) }
        let layout: [(sheet: String, frozen: String, filter: String)] = [
            ("汇总", "2", "A2:M4"),             // the units, not 合计
            ("未达标人员", "1", "A1:J3"), ("年度学时", "1", "A1:K7")]
        for (sheet, frozen, filter) in layout {
            let xml = try Self.sheetXML(path, sheet)
            #expect(Self.elements("pane", in: xml).first?["ySplit"] == frozen, "\(sheet)")
            #expect(Self.elements("pane", in: xml).first?["state"] == "frozen", "\(sheet)")
            #expect(Self.elements("autoFilter", in: xml).first?["ref"] == filter, "\(sheet)")
            // Every text of the tables fits its column, a CJK character counting two (说明 wraps).
            let widths = Self.columnWidths(xml)
            var rows = try Self.rows(path, sheet)
            if sheet == "汇总" { rows = Array(rows[1...4]) }
            for row in rows {
                for (index, cell) in row.cells.enumerated() where cell.text != "" && (sheet != "未达标人员" || index < 9) {
                    if case .number = cell { continue }
                    let width = try #require(widths[index + 1], "\(sheet) column \(index + 1)")
                    #expect(width >= Double(XLSXReport.displayWidth(cell.text) + 1), "\(sheet) row \(row.number): \(cell.text) in \(width)")
                }
            }
        }
        // A 说明 longer than its column wraps, its row made tall enough for it.
        let xml = try Self.sheetXML(path, "未达标人员")
        let reasonsWidth = try #require(Self.columnWidths(xml)[10])
        let reasons = try Self.rows(path, "未达标人员")[1][9].text
        #expect(Double(XLSXReport.displayWidth(reasons)) > reasonsWidth)
        let row2 = try #require(Self.elements("row", in: xml).first { $0["r"] == "2" })
        #expect(Double(row2["ht"] ?? "0")! >= 30)
    }

    @Test func stillNeededLeftOutWhenNobodyLacksHours() throws {
        // Everyone meets: nobody listed, and no empty 还需学时 column.
        var everyoneMeets = Self.summary()
        everyoneMeets.people = everyoneMeets.people.filter { $0.status == .meets }
        let path = try Self.written(everyoneMeets)
        defer { Self.remove(path) }
        #expect(try Self.rows(path, "未达标人员").map { $0.cells.map(\.text) }
            == [["单位", "姓名", "身份证号", "状态", "2024年学时", "2024年差额", "2025年学时", "2025年差额", "说明"]])

        // Short on a period total only (no year gap, nothing in progress): listed, with no hours to show.
        var periodShort = Self.summary()
        periodShort.people[0].years = [Self.year(2024, "30", "0", "60"), Self.year(2025, "30", "0", "60")]
        periodShort.people[0].reasons = ["2024—2025年累计 180/270 学时，差 90 学时"]
        periodShort.people = [periodShort.people[0], periodShort.people[2]]
        let other = try Self.written(periodShort)
        defer { Self.remove(other) }
        let rows = try Self.rows(other, "未达标人员")
        #expect(rows.count == 2 && !rows[0].cells.contains(.text("还需学时")))
        #expect(Self.isHours(rows[1][4], "90") && rows[1][8] == .text("2024—2025年累计 180/270 学时，差 90 学时"))
    }

    @Test func stillNeededForEveryoneShortOrInProgress() throws {
        var summary = Self.summary()
        // A short person whose current year is short too (past the day hours were due): both years count.
        summary.people[0].years[1] = Self.year(2025, "20", "0", "40", shortfall: "30", meets: false)
        summary.people[0].stillNeeded = Self.h("30")
        let path = try Self.written(summary)
        defer { Self.remove(path) }
        let rows = try Self.rows(path, "未达标人员")
        #expect(rows[0][4] == .text("还需学时"))
        #expect(Self.isHours(rows[1][4], "30.5"))      // 0.5 + 30
        #expect(Self.isHours(rows[2][4], "49.75"))
        #expect(XLSXReport.hoursStillNeeded(summary.people[2]) == .zero)
    }

    // MARK: - Size

    /// `count` people over two years, a third of them short.
    static func bigSummary(_ count: Int) -> Summary {
        var summary = Self.summary()
        let template = summary.people
        var people: [PersonLine] = []
        people.reserveCapacity(count)
        for index in 0..<count {
            var person = template[index % 3]
            person.name = "测试\(index)"
            person.unit = "单位\(index % 50)"
            people.append(person)
        }
        summary.people = people
        return summary
    }

    /// Writes `count` people and reads the detail sheet's row count back; returns the seconds taken to write.
    static func writeBig(_ count: Int) throws -> Double {
        let summary = bigSummary(count)
        let path = temporaryPath()
        defer { remove(path) }
        let start = Date()
        try XLSXReport.write(summary, to: path)
        let seconds = Date().timeIntervalSince(start)
        var detail = 0
        try XLSXWorkbook(path: path, displayName: "big.xlsx").sheet(named: "年度学时").forEachRow { _ in detail += 1 }
        #expect(detail == 1 + 2 * count)
        var notMeeting = 0
        try XLSXWorkbook(path: path, displayName: "big.xlsx").sheet(named: "未达标人员").forEachRow { _ in notMeeting += 1 }
        #expect(notMeeting == 1 + summary.notMeeting.count)
        return seconds
    }

    @Test func fiveThousandPeople() throws {
        let seconds = try Self.writeBig(5_000)
        #expect(seconds < 10)
    }

    /// 100,000 people (200,000 detail rows): run by hand with XUESHI_XLSX_BIG=1 (a release build writes it in
    /// about the time printed).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["XUESHI_XLSX_BIG"] != nil))
    func hundredThousandPeople() throws {
        let seconds = try Self.writeBig(100_000)
        print("XLSXReport: 100,000 people written in \(seconds) s")
    }
}
