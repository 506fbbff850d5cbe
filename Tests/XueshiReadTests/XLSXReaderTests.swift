import Foundation
import Testing
import XueshiRead

// The fixtures are made by Fixtures/make_xlsx_fixtures.py (LibreOffice, openpyxl, and hand-written XML
// for odd writers); the values checked here are the ones that script writes.

/// An .xlsx of Fixtures/, by its name without the extension.
private func xlsxFixture(_ name: String) throws -> String { try fixturePath(name + ".xlsx") }

private func readRows(_ fixture: String, sheet: String? = nil, chunkSize: Int? = nil) throws -> [RawRow] {
    var workbook = try XLSXWorkbook(path: try xlsxFixture(fixture), displayName: "\(fixture).xlsx")
    if let chunkSize { workbook.chunkSize = chunkSize }
    let reader = try workbook.sheet(named: sheet)
    var rows: [RawRow] = []
    try reader.forEachRow { rows.append($0) }
    return rows
}

private let title = "浙江省工业和信息化领域专业技术人员继续教育学时登记表"
private let header = ["序号", "姓名", "身份证号", "工作单位", "年度", "科目类别", "学习形式", "项目名称",
                      "主办单位", "开始日期", "结束日期", "学时", "审核状态"]
private let unitA = "杭州智算科技有限公司"
private let unitB = "宁波海联信息技术有限公司"

@Suite("XLSX reader")
struct XLSXReaderTests {

    // MARK: - LibreOffice: the provincial export's layout

    @Test func libreOfficeSheetNames() throws {
        let workbook = try XLSXWorkbook(path: try xlsxFixture("provincial-libreoffice"), displayName: "登记表.xlsx")
        #expect(workbook.sheetNames == ["学时登记", "说明"])
        #expect(workbook.usesDate1904 == false)
    }

    @Test func libreOfficeTitleHeaderAndRowNumbers() throws {
        let rows = try readRows("provincial-libreoffice")
        // Row 14 is blank in the sheet and absent from the XML; the numbers are the spreadsheet's.
        #expect(rows.map(\.number) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15])
        // The title merged over A1:M1 (one row) stays in its first cell only.
        #expect(try row(rows, 1).cells == [.text(title)])
        #expect(try row(rows, 2).cells == [.text("导出时间：2025-08-15 10:30:12")])
        #expect(try row(rows, 3).cells == header.map { RawCell.text($0) })
    }

    @Test func libreOfficeDataRows() throws {
        let rows = try readRows("provincial-libreoffice")
        #expect(try row(rows, 4).cells == [
            .number("1"), .text("张伟"), .text("330106198503120212"), .text(unitA), .number("2024"),
            .text("一般公需科目"), .text("网络课程"), .text("数字经济与创新驱动发展"), .text("浙江省经济和信息化厅"),
            .date("45356"), .date("45356"), .number("8"), .text("已审核"),
        ])
        // D4:D6 is merged vertically: the unit reaches rows 5 and 6.
        #expect(try row(rows, 5).cells == [
            .number("2"), .text("张伟"), .text("330106198503120212"), .text(unitA), .number("2024"),
            .text("专业科目"), .text("面授培训"), .text("大模型应用开发实务"), .text("浙江大学继续教育学院"),
            .date("45392"), .date("45394"), .number("24"), .text("已审核"),
        ])
        let sixth = try row(rows, 6)
        #expect(sixth[1] == .text("王芳"))
        #expect(sixth[3] == .text(unitA))
        #expect(sixth[11] == .number("8.5"))
        #expect(sixth[12] == .text("待审核"))
        // An ID ending in X, stored as text.
        let seventh = try row(rows, 7)
        #expect(seventh[2] == .text("33020319880215008X"))
        #expect(seventh[3] == .text(unitB))
        #expect(seventh[9] == .date("45232"))   // 2023-11-02
        // & < > in a shared string.
        #expect(try row(rows, 10)[7] == .text("机器学习工程化 & MLOps <高级班>"))
        #expect(try row(rows, 10)[12] == .text("退回"))
        let thirteenth = try row(rows, 13)
        #expect(thirteenth[9] == .date("45839"))    // 2025-07-01
        #expect(thirteenth[10] == .date("45869"))   // 2025-07-31
        #expect(thirteenth[11] == .number("0.5"))
        for r in rows where (4...13).contains(r.number) {
            #expect(r.cells.count == 13, "row \(r.number)")
            #expect(r.cells.allSatisfy { $0 != .empty }, "row \(r.number)")
        }
    }

    @Test func libreOfficeTotalRowWithFormulas() throws {
        let total = try row(try readRows("provincial-libreoffice"), 15)
        // B15 is a string formula (t="str"), L15 a SUM: their cached values; gaps are .empty.
        #expect(total.cells == [.text("合计"), .text("共10条")] + Array(repeating: .empty, count: 9) + [.number("219.5")])
    }

    @Test func libreOfficeSecondSheetByName() throws {
        let rows = try readRows("provincial-libreoffice", sheet: "说明")
        #expect(rows.map(\.number) == [1, 2, 3])
        #expect(rows[0].cells == [.text("本表由系统导出，仅供核对。")])
        // LibreOffice writes a boolean without a boolean format as the number 1.
        #expect(rows[1].cells == [.text("是否含待审核"), .number("1")])
        #expect(rows[2].cells == [.text("校验"), .error("#DIV/0!")])
    }

    // MARK: - openpyxl

    @Test func openpyxlFeatures() throws {
        let rows = try readRows("openpyxl-features")
        #expect(rows.map(\.number) == [1, 2, 3, 4, 5, 6, 8])
        #expect(rows[0].cells == [.text("openpyxl 功能样例")])   // merged A1:E1, one row
        #expect(rows[1].cells == ["姓名", "日期", "时间", "布尔", "身份证号", "工作单位", "备注", "公式"].map { RawCell.text($0) })
        // Inline strings; yyyy"年"m"月"d"日" and yyyy-mm-dd hh:mm dates; a boolean; an ID that Excel would
        // show as 3.30106199001011E+17, kept as written; a line break; the unit merged over F3:F5; the
        // formula in H3 has no cached value (openpyxl computes none): said so, not read as empty.
        #expect(rows[2].cells == [
            .text("张伟"), .date("45356"), .date("45356.375"), .boolean(true), .number("3.30106199001011e+17"),
            .text(unitA), .text("第一行\n第二行"), .error(RawCell.uncalculatedFormula),
        ])
        #expect(rows[3].cells == [
            .text("王芳"), .date("61"), .empty, .boolean(false), .number("8.5"), .text(unitA),
            .text("R&D <研发> \"中心\" 'A'"),
        ])
        // m/d/yy h:mm is built-in format 22; rich text runs are joined, spaces kept.
        #expect(rows[4].cells == [
            .text("李娜"), .date("45356.375"), .empty, .empty, .number("12"), .text(unitA), .text("加粗普通 斜体 "),
        ])
        // A percentage is a number; xml:space="preserve" text keeps its spaces.
        #expect(rows[5].cells == [.text("  前后空格  "), .empty, .empty, .empty, .number("0.1")])
        #expect(rows[6].cells == [.text("隔一行")] + Array(repeating: .empty, count: 8) + [.text("J列")])
        #expect(rows[6][9] == .text("J列"))
        #expect(rows[6][25] == .empty)
    }

    @Test func openpyxlSecondSheet() throws {
        let rows = try readRows("openpyxl-features", sheet: "第二页")
        #expect(rows == [RawRow(number: 1, cells: [.text("第二页内容")]),
                         RawRow(number: 2, cells: [.empty, .number("45356")])])
    }

    @Test func date1904SerialsAreNormalisedTo1900() throws {
        let workbook = try XLSXWorkbook(path: try xlsxFixture("openpyxl-1904"), displayName: "1904.xlsx")
        #expect(workbook.usesDate1904)
        let rows = try readRows("openpyxl-1904")
        // The file holds 43894 and 43894.375; the reader reports the 1900-system serials of 2024-03-05.
        // A plain number is not a date and is not shifted.
        #expect(rows == [RawRow(number: 1, cells: [.text("日期"), .text("日期时间")]),
                         RawRow(number: 2, cells: [.date("45356"), .date("45356.375"), .number("43894")])])
    }

    // MARK: - Odd writers (hand-written XML)

    @Test func oddWriterPackage() throws {
        let workbook = try XLSXWorkbook(path: try xlsxFixture("handmade-oddities"), displayName: "odd.xlsx")
        // Entity in a sheet name; sheets in workbook order, whatever the order of the relationships.
        #expect(workbook.sheetNames == ["数据 & 说明", "Empty"])
        var count = 0
        try workbook.sheet(named: "Empty").forEachRow { _ in count += 1 }
        #expect(count == 0)
    }

    @Test func oddWriterCells() throws {
        // x: prefixes everywhere, an absolute relationship target whose case differs from the entry name.
        let rows = try readRows("handmade-oddities", sheet: "数据 & 说明")
        #expect(rows.map(\.number) == [2, 3, 4, 5, 8, 9, 10, 11])
        // Rich runs joined, phonetic run left out; A2:B2 is a one-row merge: B2 stays empty.
        #expect(rows[0].cells == [.text("姓名"), .empty, .text("张 伟 ")])
        // Cells without r are counted from A; _x000D__x000A_, an empty string, entities, _x005F_ (an
        // escaped underscore), CDATA.
        #expect(rows[1].cells == [
            .text("第一行\r\n第二行"), .text(""), .text("中文 <&> \"' _x0041_ A"), .text("<b>不是标签</b>"),
        ])
        // A row without r follows row 3. Formats: [$-F800]dddd… (date), "day"\ 0.0 (number: the d is
        // quoted), [Red][<=100]0.00 (number), built-in 58 (date), @ (number), 0.00E+00 (number).
        #expect(rows[2].number == 4)
        #expect(rows[2].cells == [
            .empty, .date("45356.5"), .number("7"), .number("100"), .date("45356"), .number("1"), .number("1.5E+3"),
        ])
        // t="d" keeps its ISO text; t="str"; t="e"; t="b"; an inline string in column AB (index 27).
        var fifth: [RawCell] = [.text("2024-03-05T09:30:00"), .text("a&b"), .error("#N/A"), .boolean(true)]
        fifth += Array(repeating: .empty, count: 23)
        fifth.append(.text("富文本"))
        #expect(rows[3].cells == fifth)
        #expect(rows[3][27] == .text("富文本"))
        // Row 6 is <row r="6"/>, row 7 has only empty cells: neither is delivered. Row 8: a number in
        // spaces, a formula's cached value, an <extLst> inside the row.
        #expect(rows[4].cells == [.number("42"), .empty, .number("84")])
        #expect(rows[5].cells == [.text("  空格  ")])
        // B10:C11 is merged over two rows: its value reaches C10, B11 and C11 (A11 is outside).
        #expect(rows[6].cells == [.empty, .text("姓名"), .text("姓名")])
        #expect(rows[7].cells == [.text("中文 <&> \"' _x0041_ A"), .text("姓名"), .text("姓名")])
    }

    // MARK: - Streaming

    @Test(arguments: [1, 2, 3, 7, 31, 64, 1000])
    func tinyChunksGiveTheSameRows(chunkSize: Int) throws {
        // Rows, tags, entities, _xHHHH_ escapes, UTF-8 sequences and <mergeCell> split across chunks.
        let cases: [(String, String?)] = [
            ("provincial-libreoffice", nil), ("provincial-libreoffice", "说明"), ("openpyxl-features", nil),
            ("openpyxl-1904", nil), ("handmade-oddities", nil),
        ]
        for (fixture, sheet) in cases {
            let expected = try readRows(fixture, sheet: sheet)
            #expect(!expected.isEmpty)
            #expect(try readRows(fixture, sheet: sheet, chunkSize: chunkSize) == expected, "\(fixture) \(sheet ?? "")")
        }
    }

    @Test func readsFromMemoryAndMoreThanOnce() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: try xlsxFixture("provincial-libreoffice")))
        let workbook = try XLSXWorkbook(data: data, displayName: "内存.xlsx")
        let reader = try workbook.sheet(named: nil)
        #expect(reader.name == "学时登记")
        var first: [RawRow] = [], second: [RawRow] = []
        try reader.forEachRow { first.append($0) }
        try reader.forEachRow { second.append($0) }
        #expect(first == second)
        #expect(first == (try readRows("provincial-libreoffice")))
    }

    @Test func errorsFromTheBodyPropagateAndStopReading() throws {
        struct Enough: Error, Equatable { var row: Int }
        let reader = try XLSXWorkbook(path: try xlsxFixture("provincial-libreoffice"), displayName: "x.xlsx")
            .sheet(named: nil)
        var seen: [Int] = []
        #expect(throws: Enough(row: 4)) {
            try reader.forEachRow { row in
                seen.append(row.number)
                if row.number == 4 { throw Enough(row: 4) }
            }
        }
        #expect(seen == [1, 2, 3, 4])
    }

    // MARK: - Errors

    @Test func unknownSheetListsTheSheets() throws {
        let workbook = try XLSXWorkbook(path: try xlsxFixture("provincial-libreoffice"), displayName: "登记表.xlsx")
        let error = readError { _ = try workbook.sheet(named: "汇总") }
        #expect(error?.file == "登记表.xlsx")
        #expect(error?.reason.contains("没有名为“汇总”的工作表") == true)
        #expect(error?.reason.contains("“学时登记”、“说明”") == true)
        // Letter case and surrounding spaces are forgiven when unambiguous.
        let odd = try XLSXWorkbook(path: try xlsxFixture("handmade-oddities"), displayName: "odd.xlsx")
        #expect(try odd.sheet(named: " empty ").name == "Empty")
    }

    @Test func notAZipFile() throws {
        let csv = try temporaryFile(Array("姓名,身份证号\n张伟,330106198503120212\n".utf8), name: "导出.xlsx")
        let error = readError { _ = try XLSXWorkbook(path: csv, displayName: "导出.xlsx") }
        #expect(error?.file == "导出.xlsx")
        #expect(error?.reason.contains("不是有效的 .xlsx 文件") == true)
        #expect(error?.reason.contains("另存为 .xlsx") == true)

        let xls = try temporaryFile([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0, count: 504),
                                    name: "旧版.xlsx")
        #expect(readError { _ = try XLSXWorkbook(path: xls, displayName: "旧版.xlsx") }?.reason.contains(".xls") == true)

        let html = try temporaryFile(Array("<html><body><table><tr><td>姓名</td></tr></table></body></html>".utf8),
                                     name: "网页.xls")
        #expect(readError { _ = try XLSXWorkbook(path: html, displayName: "网页.xls") }?.reason.contains("网页") == true)

        let empty = try temporaryFile([], name: "空.xlsx")
        #expect(readError { _ = try XLSXWorkbook(path: empty, displayName: "空.xlsx") }?.reason.contains("空") == true)

        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("没有这个文件-\(UUID().uuidString).xlsx").path
        #expect(readError { _ = try XLSXWorkbook(path: missing, displayName: "没有.xlsx") }?.reason.contains("找不到") == true)
    }

    @Test func truncatedFile() throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: try xlsxFixture("provincial-libreoffice"))))
        let truncated = try temporaryFile(Array(bytes.prefix(bytes.count / 2)), name: "截断.xlsx")
        let error = readError { _ = try XLSXWorkbook(path: truncated, displayName: "截断.xlsx") }
        #expect(error?.file == "截断.xlsx")
        #expect(error?.reason.contains("不完整或已损坏") == true)
    }

    @Test func corruptedSheetData() throws {
        // Flip a byte inside the compressed data of the first sheet: the CRC (or inflate) catches it.
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: try xlsxFixture("provincial-libreoffice"))))
        let name = Array("xl/worksheets/sheet1.xml".utf8)
        func isLocalHeader(_ i: Int) -> Bool {
            guard bytes[i] == 0x50, bytes[i + 1] == 0x4B, bytes[i + 2] == 0x03, bytes[i + 3] == 0x04 else { return false }
            let end = min(bytes.count, i + 30 + name.count)
            return Array(bytes[(i + 30)..<end]) == name
        }
        let found: Int? = (0..<(bytes.count - 30)).first(where: isLocalHeader)
        let header = try #require(found)
        let nameLength = Int(bytes[header + 26]) | Int(bytes[header + 27]) << 8
        let extraLength = Int(bytes[header + 28]) | Int(bytes[header + 29]) << 8
        let dataStart = header + 30 + nameLength + extraLength
        bytes[dataStart + 200] ^= 0x55
        let path = try temporaryFile(bytes, name: "损坏.xlsx")
        let workbook = try XLSXWorkbook(path: path, displayName: "损坏.xlsx")
        var delivered = 0
        let error = readError { try workbook.sheet(named: nil).forEachRow { _ in delivered += 1 } }
        #expect(error?.reason.contains("已损坏") == true)
        #expect(delivered == 0)   // the first pass checks the whole entry before any row goes out
    }

    @Test func malformedSheetXML() throws {
        let workbook = try XLSXWorkbook(path: try xlsxFixture("handmade-malformed"), displayName: "坏.xlsx")
        for (sheet, expectedRows, words) in [("截断", 2, "缺少 </sheetData>"), ("编号越界", 1, "共享字符串编号 5 超出范围"),
                                              ("坏标签", 1, "标签未闭合")] {
            var rows = 0
            let error = readError { try workbook.sheet(named: sheet).forEachRow { _ in rows += 1 } }
            #expect(error?.file == "坏.xlsx")
            #expect(error?.reason.contains("工作表“\(sheet)”的内容格式错误") == true, "\(sheet)")
            #expect(error?.reason.contains(words) == true, "\(sheet): \(error?.reason ?? "")")
            #expect(rows == expectedRows, "\(sheet)")
        }
        let missing = readError { _ = try workbook.sheet(named: "丢失") }
        #expect(missing?.reason.contains("xl/worksheets/sheet4.xml") == true)
    }

    @Test func zipWithoutWorkbook() throws {
        let path = try xlsxFixture("handmade-word-renamed")
        let error = readError { _ = try XLSXWorkbook(path: path, displayName: "简历.xlsx") }
        #expect(error?.file == "简历.xlsx")
        #expect(error?.reason.contains("Word") == true)
    }
}
