import Testing
@testable import XueshiImport
import XueshiModel
import XueshiRead

/// The export section of DOMAIN.md, rule by rule, on single rows.
@Suite("Normalising a row of the provincial export")
struct RecordMapperTests {
    static let profile = ImportProfile.builtIn().first { $0.name == "zj-provincial" }!
    static let headers = ["姓名", "身份证号", "工作单位", "年度", "科目类别", "学习形式", "项目名称", "开始日期", "结束日期", "学时", "审核状态"]
    static let good = ["张伟", "330106198803124514", "之江实验室", "2024", "专业科目", "面授培训", "大模型培训", "2024-03-05", "2024-03-06", "8", "已审核"]

    static func mapper(headers: [String] = headers) -> RecordMapper {
        let header = profile.matchHeader(RawRow(number: 1, cells: headers.map(RawCell.text)))!
        return RecordMapper(header: header, file: "t.csv")
    }

    /// Maps the good row with some cells replaced.
    static func map(_ changes: [String: RawCell], headers: [String] = headers) -> RecordMapper.Outcome {
        var cells = good.map(RawCell.text)
        for (header, cell) in changes { cells[headers.firstIndex(of: header)!] = cell }
        var mapper = mapper(headers: headers)
        return mapper.map(RawRow(number: 7, cells: cells))
    }

    static func record(_ changes: [String: RawCell]) -> HourRecord? {
        if case .record(let record) = map(changes) { return record }
        return nil
    }

    static func errors(_ changes: [String: RawCell]) -> [RowError] {
        if case .invalid(let errors) = map(changes) { return errors }
        return []
    }

    @Test("category words map to the domain's categories", arguments: [
        ("一般公需科目", XueshiModel.Category.generalPublic), ("一般公需", .generalPublic), ("行业公需科目", .industryPublic),
        ("行业公需", .industryPublic), ("专业科目", .professional), ("专业课", .professional), ("专业", .professional),
        (" 专业科目 ", .professional),
    ])
    func categories(word: String, category: XueshiModel.Category) {
        #expect(Self.record(["科目类别": .text(word)])?.category == category)
    }

    @Test("status words map to approved, pending, rejected", arguments: [
        ("已审核", RecordStatus.approved), ("审核通过", .approved), ("通过", .approved), ("已通过", .approved),
        ("待审核", .pending), ("审核中", .pending), ("未审核", .pending),
        ("未通过", .rejected), ("审核不通过", .rejected), ("退回", .rejected), ("已退回", .rejected),
    ])
    func statuses(word: String, status: RecordStatus) {
        #expect(Self.record(["审核状态": .text(word)])?.status == status)
    }

    @Test("an absent status column means approved")
    func absentStatus() {
        let headers = Array(Self.headers.dropLast())
        var mapper = Self.mapper(headers: headers)
        guard case .record(let record) = mapper.map(RawRow(number: 2, cells: Self.good.dropLast().map(RawCell.text))) else {
            Issue.record("row should map"); return
        }
        #expect(record.status == .approved)
    }

    @Test("an unknown category or status is an error on that row, not a guess", arguments: [
        ("科目类别", "选修课", "不认识的科目类别「选修课」"), ("审核状态", "作废", "不认识的审核状态「作废」"),
    ])
    func unknownCodes(column: String, word: String, message: String) {
        let errors = Self.errors([column: .text(word)])
        #expect(errors.count == 1)
        #expect(errors.first?.column == column)
        #expect(errors.first?.row == 7)
        #expect(errors.first?.reason.hasPrefix(message) == true)
    }

    @Test("form words map; an unknown form is kept as other with its text", arguments: [
        ("面授培训", LearningForm.training, nil as String?), ("面授", .training, nil), ("网络课程", .online, nil),
        ("在线学习", .online, nil), ("学术会议", .conference, nil), ("论文", .paper, nil), ("著作", .paper, nil),
        ("专利", .patent, nil), ("课题", .project, nil), ("学历教育", .degree, nil), ("读书会", .other, "读书会"),
    ])
    func forms(word: String, form: LearningForm, text: String?) {
        let record = Self.record(["学习形式": .text(word)])
        #expect(record?.form == form)
        #expect(record?.formText == text)
    }

    @Test("the year is the year column's, else the end date's, else the start date's")
    func yearRule() {
        #expect(Self.record(["年度": .text("2023")])?.year == 2023)
        #expect(Self.record(["年度": .text("2023年度")])?.year == 2023)
        #expect(Self.record(["年度": .number("2023")])?.year == 2023)
        #expect(Self.record(["年度": .empty, "开始日期": .text("2023-12-30"), "结束日期": .text("2024-01-02")])?.year == 2024)
        #expect(Self.record(["年度": .empty, "结束日期": .empty, "开始日期": .text("2023-12-30")])?.year == 2023)
        let errors = Self.errors(["年度": .empty, "开始日期": .empty, "结束日期": .empty])
        #expect(errors.first?.reason.contains("无法确定记录计入哪一年") == true)
    }

    @Test("dates come from text in any form, date cells and Excel serials", arguments: [
        RawCell.text("2024-03-05"), .text("2024/3/5 08:00"), .text("2024年3月5日"), .date("45356"), .date("45356.375"),
        .number("45356"), .text("45356"), .text("20240305"),
    ])
    func dates(cell: RawCell) {
        #expect(Self.record(["结束日期": cell, "开始日期": .empty])?.end == CalendarDate(year: 2024, month: 3, day: 5))
    }

    @Test("an ID Excel stored as a number is refused with a clear message; a 15-digit one survives")
    func idAsNumber() {
        let errors = Self.errors(["身份证号": .number("3.30106198803124E+17")])
        #expect(errors.first?.column == "身份证号")
        #expect(errors.first?.reason.contains("被 Excel 存成了数字") == true)
        #expect(Self.record(["身份证号": .number("330106900101123")])?.id.value == "33010619900101123X")
    }

    @Test("hours are exact, more than zero and below the profile's bound", arguments: [
        ("0", "学时必须大于 0"), ("-2", "学时必须大于 0"), ("201", "超过单条记录上限 200"), ("abc", "不是数字"),
        ("8.125", "超过两位小数"), ("", "学时为空"),
    ])
    func badHours(text: String, message: String) {
        let errors = Self.errors(["学时": .text(text)])
        #expect(errors.first?.column == "学时")
        #expect(errors.first?.reason.contains(message) == true, "\(errors)")
    }

    @Test("every problem of a row is reported, each with its column")
    func allProblems() {
        let errors = Self.errors(["姓名": .text(" "), "工作单位": .empty, "学时": .text("x"), "结束日期": .text("2024-03-01")])
        #expect(errors.map(\.column) == ["姓名", "工作单位", "学时", "结束日期"])
    }

    @Test("text fields are trimmed of spaces, tabs and full-width spaces")
    func trimmed() {
        let record = Self.record(["姓名": .text(" 张伟\t"), "工作单位": .text("\u{3000}之江实验室\u{3000}"), "项目名称": .text("\t大模型 培训 ")])
        #expect(record?.name == "张伟")
        #expect(record?.unit == "之江实验室")
        #expect(record?.title == "大模型 培训")
    }

    @Test("blank rows, total rows and the footer after them are skipped, not errors")
    func skipped() {
        var mapper = Self.mapper()
        #expect(mapper.map(RawRow(number: 2, cells: [.text(" "), .empty])).isSkip(.blank))
        #expect(mapper.map(RawRow(number: 3, cells: Self.headers.map(RawCell.text))).isSkip(.repeatedHeader))
        #expect(mapper.map(RawRow(number: 4, cells: [.text("合 计"), .text(""), .number("186.5")])).isSkip(.total))
        #expect(mapper.map(RawRow(number: 5, cells: [.text("制表人：人事处")])).isSkip(.total))
    }

    @Test("headers are found by alias, in any order, with spaces and notes around them")
    func headerAliases() {
        let row = RawRow(number: 3, cells: ["学时数", "公民身份号码", "所在单位", "学时类别", "课程名称", "姓 名", "结束时间", "备注"].map(RawCell.text))
        let header = Self.profile.matchHeader(row)
        #expect(header?.columns[.hours] == 0)
        #expect(header?.columns[.id] == 1)
        #expect(header?.columns[.name] == 5)
        #expect(header?.columns[.end] == 6)
        #expect(header?.ignoredHeaders == ["备注"])
        let noted = RawRow(number: 1, cells: ["*姓名", "身份证号", "工作单位", "科目类别", "项目名称", "学时（小时）"].map(RawCell.text))
        #expect(Self.profile.matchHeader(noted)?.columns[.hours] == 5)
        let missing = RawRow(number: 1, cells: ["姓名", "身份证号", "工作单位", "科目类别", "项目名称"].map(RawCell.text))
        #expect(Self.profile.matchHeader(missing) == nil)
    }
}

extension RecordMapper.Outcome {
    func isSkip(_ reason: RecordMapper.SkipReason) -> Bool {
        if case .skipped(let actual) = self { return actual == reason }
        return false
    }
}
