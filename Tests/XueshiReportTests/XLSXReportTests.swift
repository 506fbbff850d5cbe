import Foundation
import Testing
import XueshiModel
import XueshiRead
@testable import XueshiReport

/// The Excel report, written and read back with the project's own XLSX reader.
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

    // MARK: - Tests

    @Test func sheetsInOrder() throws {
        let path = try Self.written(Self.summary())
        defer { Self.remove(path) }
        #expect(try XLSXWorkbook(path: path, displayName: "r.xlsx").sheetNames == ["汇总", "未达标人员", "明细"])
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
        #expect(rows.contains { $0[0].text == "注：右侧图表只显示前 30 个单位（共 42 个单位），完整数据见上表。" })
        // A unit with nobody has no rate (not 0%).
        let empty = try #require(rows.first { $0[0].text == "单位000" })
        #expect(empty[1] == .number("0") && empty[5] == .empty)
    }

    @Test func notMeetingSheet() throws {
        let path = try Self.written(Self.summary())
        defer { Self.remove(path) }
        let rows = try Self.rows(path, "未达标人员")
        #expect(rows.count == 3)
        #expect(rows[0].cells.map(\.text) == ["单位", "姓名", "身份证号", "状态", "2024年学时", "2024年差额",
                                             "2025年学时", "2025年差额", "还需学时", "说明"])
        let short = rows[1], progress = rows[2]
        #expect(short[0] == .text(Self.unitA))
        #expect(short[1] == .text("'" + Self.evilName))
        #expect(short[2] == .text("330106********1233"))
        #expect(short[3] == .text("未达标"))
        #expect(Self.isHours(short[4], "89.5") && Self.isHours(short[5], "0.5"))
        #expect(Self.isHours(short[6], "92") && Self.isHours(short[7], "0"))
        #expect(short[8] == .empty)   // only people in progress still need hours
        #expect(short[9] == .text("2024年 总学时 89.5/90 学时，差 0.5 学时；2025年另有待审核 3 学时，审核通过后计入"))
        #expect(progress[1] == .text("李四") && progress[3] == .text("进行中"))
        #expect(progress[2] == .text("330106********2076"))
        #expect(Self.isHours(progress[7], "49.75") && Self.isHours(progress[8], "49.75"))
    }

    @Test func detailSheet() throws {
        let path = try Self.written(Self.summary())
        defer { Self.remove(path) }
        let rows = try Self.rows(path, "明细")
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
        for sheet in ["汇总", "未达标人员", "明细"] {
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
        #expect(try Self.rows(path, "明细")[5][2] == .text("330106198501054514"))
    }

    @Test func awkwardText() throws {
        var summary = Self.summary()
        summary.people[2].name = " 王\u{1}五\u{0}六 "
        summary.people[2].unit = "+86 单位"
        let path = try Self.written(summary)
        defer { Self.remove(path) }
        let row = try Self.rows(path, "明细")[5]
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
        #expect(try Self.rows(path, "明细").count == 1)
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
            == ["汇总", "未达标人员", "明细", "明细（续2）", "明细（续3）"])
        for sheet in ["明细", "明细（续2）", "明细（续3）"] {
            let rows = try Self.rows(path, sheet)
            #expect(rows.count == 3 && rows[0][0] == .text("单位"))
        }
        #expect(try Self.rows(path, "明细（续3）")[2][1] == .text("张三"))
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
        try XLSXWorkbook(path: path, displayName: "big.xlsx").sheet(named: "明细").forEachRow { _ in detail += 1 }
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
