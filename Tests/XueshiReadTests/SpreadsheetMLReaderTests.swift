import Foundation
import Testing
import XueshiRead

// The fixtures are made by Fixtures/make_spreadsheetml_fixtures.py (a spreadsheet program's export filter,
// and XML written the way Excel and templates write the format); the values checked here are the ones that
// script writes. Hostile and broken inputs are built by the tests themselves.

private func readRows(path: String, sheet: String? = nil, chunkSize: Int = 256 * 1024) throws -> [RawRow] {
    let workbook = try SpreadsheetMLWorkbook(path: path, displayName: "表格.xls", chunkSize: chunkSize)
    var rows: [RawRow] = []
    try workbook.sheet(named: sheet).forEachRow { rows.append($0) }
    return rows
}

private func readRows(_ fixture: String, sheet: String? = nil, chunkSize: Int = 256 * 1024) throws -> [RawRow] {
    try readRows(path: try fixturePath(fixture), sheet: sheet, chunkSize: chunkSize)
}

private func temporaryFile(_ text: String) throws -> String { try temporaryFile(Array(text.utf8)) }

/// A workbook of one sheet "表" whose `<Table>` holds `table`.
private func workbookXML(_ table: String, declaration: String = "<?xml version=\"1.0\"?>") -> String {
    """
    \(declaration)
    <?mso-application progid="Excel.Sheet"?>
    <Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
     <Worksheet ss:Name="表"><Table>\(table)</Table></Worksheet>
    </Workbook>

    """
}

private func rowsOf(table: String) throws -> [RawRow] {
    let path = try temporaryFile(workbookXML(table))
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try readRows(path: path)
}

private func tableError(_ table: String) -> ReadError? {
    readError { _ = try rowsOf(table: table) }
}

private let unit = RawCell.text("杭州智算科技有限公司")

@Suite("Excel 2003 XML reader")
struct SpreadsheetMLReaderTests {

    // MARK: - Sheets

    @Test("the sheets are listed in the file's order, SheetHidden and SheetVeryHidden ones marked hidden")
    func sheetsAndVisibility() throws {
        let workbook = try SpreadsheetMLWorkbook(path: try fixturePath("spreadsheetml-features.xml"), displayName: "功能.xls")
        #expect(workbook.sheets == [WorkbookSheet(name: "功能"), WorkbookSheet(name: "隐藏", hidden: true),
                                    WorkbookSheet(name: "深度隐藏", hidden: true), WorkbookSheet(name: "说明 & 备注")])
        #expect(workbook.defaultSheetName == "功能")
    }

    @Test("a hidden sheet is read when asked for by name")
    func hiddenSheetByName() throws {
        #expect(try readRows("spreadsheetml-features.xml", sheet: "隐藏").map(\.cells) == [[.text("隐藏的内容")]])
        #expect(try readRows("spreadsheetml-features.xml", sheet: "深度隐藏").map(\.cells) == [[.text("深度隐藏的内容")]])
        #expect(try readRows("spreadsheetml-features.xml", sheet: "说明 & 备注").map(\.cells) == [[.text("本表仅供测试")]])
    }

    @Test("the default sheet skips a hidden first sheet; prefixed elements and x:Visible are read alike")
    func prefixedElements() throws {
        let workbook = try SpreadsheetMLWorkbook(path: try fixturePath("spreadsheetml-prefixed.xml"), displayName: "前缀.xls")
        #expect(workbook.sheets == [WorkbookSheet(name: "旧表", hidden: true), WorkbookSheet(name: "前缀")])
        #expect(workbook.defaultSheetName == "前缀")
        let rows = try readRows("spreadsheetml-prefixed.xml")
        #expect(rows.map(\.number) == [2])
        #expect(rows[0].cells == [.empty, .number("12.5"), .date("45356")])
    }

    @Test("an unknown sheet name lists the sheets there are")
    func unknownSheet() throws {
        let workbook = try SpreadsheetMLWorkbook(path: try fixturePath("spreadsheetml-features.xml"), displayName: "功能.xls")
        let error = readError { _ = try workbook.sheet(named: "不存在") }
        #expect(error?.reason.contains("“功能”、“隐藏”") == true, "\(String(describing: error))")
    }

    @Test("files of this kind are told from their content")
    func detection() throws {
        for name in ["spreadsheetml-features.xml", "spreadsheetml-prefixed.xml", "spreadsheetml-gb2312.xml",
                     "spreadsheetml-exported.xml"] {
            #expect(try FileKind.detect(path: try fixturePath(name)) == .spreadsheetML, "\(name)")
        }
    }

    // MARK: - Cells

    @Test("String, Number, DateTime, Boolean and Error data, numbers kept as written, dates as 1900 serials")
    func dataTypes() throws {
        let rows = try readRows("spreadsheetml-features.xml")
        #expect(try row(rows, 2).cells == [
            .text("文字"), .number("8.50"), .number("3.30106198301179E+17"), .date("45352"), .date("45352.375"),
            .boolean(true), .boolean(false),
            // Column H's style is a date format: its number is a date. I names a "Fixed" style of its own.
            .date("45356"), .number("45356"), .error("#DIV/0!"),
        ])
    }

    @Test("a number in a date style is a date; styles inherit through ss:Parent; a percentage is no date")
    func dateStyles() throws {
        let rows = try readRows("spreadsheetml-features.xml")
        // Row 5 via ss:Index, its first cell in column C; the empty string in G is no value.
        #expect(try row(rows, 5).cells == [.empty, .empty, .date("45356"), .date("45357.5"), .number("0.125")])
    }

    @Test("rich text, line breaks, entities, CDATA and a comment's text: the cell shows its own text")
    func text() throws {
        let rows = try readRows("spreadsheetml-features.xml")
        #expect(try row(rows, 6).cells == [
            .text("加粗红色普通"), .text("第一行\n第二行"), .text("R&D <研发> \"中心\" 中文"), .text("有批注"),
            .number("3"), .error(RawCell.uncalculatedFormula), .text("<原样> & 保留"), .text("  前后空格  "),
        ])
    }

    @Test("dates around Excel's 1900-02-29, a time alone, and data that do not fit their type")
    func datesAndMisfits() throws {
        let rows = try readRows("spreadsheetml-features.xml")
        #expect(try row(rows, 14).cells == [
            .date("0.375"), .empty, .date("59"), .date("60"), .date("61"), .date("45721.7291666667"),
            .text("2024/3/1"), .text("8学时"),
        ])
    }

    @Test("DateTime serials", arguments: [
        ("2024-03-01T00:00:00.000", "45352"), ("2024-03-01T09:00:00.000", "45352.375"), ("2024-03-01", "45352"),
        ("2024-03-01T09:00", "45352.375"), ("2024-03-01T00:00:00.5", "45352.000005787"),
        ("1900-01-01T00:00:00.000", "1"), ("9999-12-31T00:00:00.000", "2958465"),
        ("2024-03-01T23:59:59.9999", "45352.9999999884"), ("2024-03-01T00:00:00Z", "45352"),
    ])
    func dateTimeSerials(_ literal: String, _ serial: String) throws {
        let rows = try rowsOf(table: "<Row><Cell><Data ss:Type=\"DateTime\">\(literal)</Data></Cell></Row>")
        #expect(rows.first?.cells == [.date(serial)])
    }

    @Test("DateTime text that is no date stays text", arguments: ["2024-02-30T00:00:00", "1899-12-30T00:00:00",
                                                                "2024-13-01", "2024-03-01T25:00:00", "昨天"])
    func dateTimeMisfits(_ literal: String) throws {
        let rows = try rowsOf(table: "<Row><Cell><Data ss:Type=\"DateTime\">\(literal)</Data></Cell></Row>")
        #expect(rows.first?.cells == [.text(literal)])
    }

    // MARK: - Where cells go

    @Test("a merge across one row takes its columns; the value stays in its first cell")
    func mergeAcross() throws {
        let first = try row(try readRows("spreadsheetml-features.xml"), 1)
        #expect(first.cells == [.text("功能样例"), .empty, .empty, .empty, .empty, .text("标题后")])
        #expect(first.mergedFrom.isEmpty)
    }

    @Test("a merge down fills its value into the rows below and says from which row; the next cell carries ss:Index")
    func mergeDown() throws {
        let rows = try readRows("spreadsheetml-features.xml")
        let top = try row(rows, 7)
        #expect(top.cells == [.text("张伟"), unit, unit, .number("8")])
        #expect(top.mergedFrom.isEmpty)
        for (number, hours) in [(8, "16"), (9, "24")] {
            let covered = try row(rows, number)
            #expect(covered.cells == [number == 8 ? .text("王芳") : .text("李娜"), unit, unit, .number(hours)])
            #expect(covered.mergedFrom == [1: 7, 2: 7])
        }
    }

    @Test("rows follow ss:Index and ss:Span; rows with nothing in them are not handed on")
    func rowNumbers() throws {
        let rows = try readRows("spreadsheetml-features.xml")
        #expect(rows.map(\.number) == [1, 2, 5, 6, 7, 8, 9, 13, 14])
        #expect(try row(rows, 13).cells == [.text("跨行之后"), .empty, .text("空的合并之后")])
    }

    @Test("cells without ss:Index follow the previous cell; ss:Index skips to its column")
    func cellIndex() throws {
        let rows = try rowsOf(table: """
            <Row><Cell ss:Index="2"><Data ss:Type="String">B</Data></Cell><Cell><Data ss:Type="String">C</Data></Cell>\
            <Cell ss:Index="5" ss:MergeAcross="1"><Data ss:Type="String">E</Data></Cell><Cell><Data ss:Type="String">G</Data></Cell></Row>
            <Row ss:Index="3"><Cell ss:Index="16384"><Data ss:Type="Number">1</Data></Cell></Row>
            """)
        #expect(rows.map(\.number) == [1, 3])
        #expect(rows[0].cells == [.empty, .text("B"), .text("C"), .empty, .text("E"), .empty, .text("G")])
        #expect(rows[1].cells.count == 16384 && rows[1].cells.last == .number("1"))
    }

    @Test("empty cells written over a merged area carry formatting only and do not move the cells after them")
    func placeholdersInMerges() throws {
        let rows = try rowsOf(table: """
            <Row><Cell ss:MergeDown="1"><Data ss:Type="String">单位</Data></Cell><Cell><Data ss:Type="Number">1</Data></Cell></Row>
            <Row><Cell ss:StyleID="s1"/><Cell><Data ss:Type="Number">2</Data></Cell></Row>
            """)
        #expect(rows.map(\.cells) == [[.text("单位"), .number("1")], [.text("单位"), .number("2")]])
        #expect(rows[1].mergedFrom == [0: 1])
    }

    @Test("a value written on a cell a merge covers is refused, not read into the wrong column")
    func valueInsideMerge() throws {
        let error = tableError("""
            <Row><Cell><Data ss:Type="String">张伟</Data></Cell><Cell ss:MergeDown="1"><Data ss:Type="String">单位</Data></Cell>\
            <Cell><Data ss:Type="Number">8</Data></Cell></Row>
            <Row><Cell><Data ss:Type="String">王芳</Data></Cell><Cell><Data ss:Type="Number">16</Data></Cell></Row>
            """)
        #expect(error?.reason.contains("第 2 行附近") == true, "\(String(describing: error))")
        #expect(error?.reason.contains("第 B 列的单元格落在第 1 行向下合并的单元格里") == true)
        #expect(error?.reason.contains("另存为 .xlsx") == true)
    }

    @Test("a spreadsheet program's export that writes the cells after a vertical merge without ss:Index is refused")
    func exportedVerticalMerge() throws {
        let path = try fixturePath("spreadsheetml-exported.xml")
        let workbook = try SpreadsheetMLWorkbook(path: path, displayName: "登记表.xls")
        // The program's filter writes no sheet visibility.
        #expect(workbook.sheets == [WorkbookSheet(name: "学时登记"), WorkbookSheet(name: "说明")])
        var rows: [RawRow] = []
        let error = readError { try workbook.sheet(named: nil).forEachRow { rows.append($0) } }
        #expect(error?.reason.contains("工作表“学时登记”第 5 行附近") == true, "\(String(describing: error))")
        // The rows before it came through as written: the title in A1 only, the rich text of row 2 whole.
        #expect(rows.map(\.number) == [1, 2, 3, 4])
        #expect(rows[0].cells == [.text("浙江省工业和信息化领域专业技术人员继续教育学时登记表")])
        #expect(rows[1].cells == [.text("导出时间：2025-08-15 10:30:12")])
        #expect(try readRows(path: path, sheet: "说明").map(\.cells) == [
            [.text("本表由系统导出，仅供核对。")], [.text("是否含待审核"), .number("1")], [.text("校验"), .text("#DIV/0!")],
        ])
    }

    // MARK: - Streaming

    @Test("tiny chunks cut tags, entities, CR LF and UTF-8 sequences: the rows come out the same",
          arguments: ["spreadsheetml-features.xml", "spreadsheetml-prefixed.xml", "spreadsheetml-gb2312.xml",
                      "spreadsheetml-utf16.xml"])
    func chunkBoundaries(_ fixture: String) throws {
        let path = try fixturePath(fixture)
        let workbook = try SpreadsheetMLWorkbook(path: path, displayName: fixture)
        for sheet in workbook.sheetNames {
            let whole = try readRows(path: path, sheet: sheet)
            for size in [1, 2, 3, 5, 7, 13, 64, 1000] {
                #expect(try readRows(path: path, sheet: sheet, chunkSize: size) == whole, "\(fixture) \(sheet) chunk \(size)")
            }
        }
    }

    @Test("a reader can be used twice; an error thrown by the caller comes out unchanged")
    func rereadAndCallerErrors() throws {
        struct Stop: Error {}
        let workbook = try SpreadsheetMLWorkbook(path: try fixturePath("spreadsheetml-features.xml"), displayName: "功能.xls")
        let reader = try workbook.sheet(named: nil)
        var first: [RawRow] = [], second: [RawRow] = []
        try reader.forEachRow { first.append($0) }
        try reader.forEachRow { second.append($0) }
        #expect(first == second && !first.isEmpty)
        #expect(throws: Stop.self) { try reader.forEachRow { _ in throw Stop() } }
    }

    @Test("many rows stream through in bounded time, and a million rows of empty cells yield none")
    func manyRows() throws {
        var table = ""
        for n in 1...20_000 {
            table += "<Row><Cell><Data ss:Type=\"Number\">\(n)</Data></Cell><Cell><Data ss:Type=\"String\">张伟\(n)</Data></Cell>"
                + "<Cell><Data ss:Type=\"DateTime\">2024-03-05T00:00:00.000</Data></Cell></Row>\n"
        }
        // What the export filter wrote for the golden workbook before its empty rows' format was cleared.
        table += String(repeating: "<Row ss:Height=\"12.816\"><Cell ss:Index=\"14\"/></Row>", count: 200_000)
        let start = Date()
        let rows = try rowsOf(table: table)
        #expect(rows.count == 20_000)
        #expect(rows.last?.cells == [.number("20000"), .text("张伟20000"), .date("45356")])
        #expect(Date().timeIntervalSince(start) < 30)
    }

    // MARK: - Encodings

    @Test("a GB2312 declaration is read as GB18030, which holds GBK's characters too; UTF-16 by its byte-order mark",
          arguments: ["spreadsheetml-gb2312.xml", "spreadsheetml-utf16.xml"])
    func declaredEncodings(_ fixture: String) throws {
        let rows = try readRows(fixture)
        #expect(rows.map(\.cells) == [[.text("姓名"), .text("工作单位"), .text("学时")],
                                      [.text("朱镕基"), .text("浙江省经济和信息化厅"), .number("8")]])
        #expect(try SpreadsheetMLWorkbook(path: try fixturePath(fixture), displayName: fixture).sheetNames == ["学时"])
    }

    @Test("a UTF-8 byte-order mark is passed over; a utf-16 declaration on one-byte text is read as UTF-8")
    func byteOrderMarkAndMislabel() throws {
        let table = "<Row><Cell><Data ss:Type=\"String\">张伟</Data></Cell></Row>"
        let bom = try temporaryFile([0xEF, 0xBB, 0xBF] + Array(workbookXML(table).utf8))
        #expect(try readRows(path: bom).map(\.cells) == [[.text("张伟")]])
        let mislabelled = try temporaryFile(workbookXML(table, declaration: "<?xml version=\"1.0\" encoding=\"utf-16\"?>"))
        #expect(try readRows(path: mislabelled).map(\.cells) == [[.text("张伟")]])
    }

    @Test("bytes that are not the declared encoding are refused with what the file seems to be")
    func wrongEncoding() throws {
        let table = "<Row><Cell><Data ss:Type=\"String\">张伟</Data></Cell></Row>"
        // 张伟 in GBK, in a file that declares no encoding.
        let parts = workbookXML(table).components(separatedBy: "张伟")
        let gbk = Array(parts[0].utf8) + [0xD5, 0xC5, 0xCE, 0xB0] + Array(parts[1].utf8)
        let asUTF8 = readError { _ = try readRows(path: try temporaryFile(gbk)) }
        #expect(asUTF8?.reason.contains("不是 UTF-8") == true, "\(String(describing: asUTF8))")

        var invalid = Array(workbookXML(table, declaration: "<?xml version=\"1.0\" encoding=\"GB2312\"?>").utf8)
        invalid.insert(contentsOf: [0xFF, 0xFF], at: invalid.count - 40)
        let asGB = readError { _ = try readRows(path: try temporaryFile(invalid)) }
        #expect(asGB?.reason.contains("文件声明为 GB2312 编码") == true, "\(String(describing: asGB))")

        let unknown = readError {
            _ = try readRows(path: try temporaryFile(workbookXML(table, declaration: "<?xml version=\"1.0\" encoding=\"x-nonexistent\"?>")))
        }
        #expect(unknown?.reason.contains("“x-nonexistent”本机无法识别") == true, "\(String(describing: unknown))")
    }

    // MARK: - Damaged files

    @Test("a file cut off anywhere is refused as incomplete or damaged, never read as if whole")
    func truncated() throws {
        let whole = Array(try Data(contentsOf: URL(fileURLWithPath: try fixturePath("spreadsheetml-features.xml"))))
        let end = try #require(whole.lastIndex(of: UInt8(ascii: ">")))
        for length in stride(from: 0, to: end, by: 23) {
            let path = try temporaryFile(Array(whole[..<length]))
            let error = readError { _ = try readRows(path: path, chunkSize: 64) }
            guard let reason = error?.reason else { continue }
            #expect(reason.contains("不完整") || reason.contains("已损坏") || reason.contains("不是 Excel 2003 XML"), "\(length): \(reason)")
            if length > 400 { #expect(reason.contains("不完整"), "\(length): \(reason)") }
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    @Test("garbage is refused with a ReadError")
    func garbage() throws {
        var seed: UInt64 = 0x2003
        func random(_ count: Int) -> [UInt8] {
            (0..<count).map { _ in
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return UInt8(truncatingIfNeeded: seed >> 33)
            }
        }
        let head = Array(workbookXML("").prefix(200).utf8)
        for size in [0, 1, 10, 1000, 100_000] {
            _ = readError { _ = try readRows(path: try temporaryFile(random(size))) }
            _ = readError { _ = try readRows(path: try temporaryFile(head + random(size))) }
        }
        let html = readError { _ = try readRows(path: try temporaryFile("<html><body><table><tr><td>1</td></tr></table></body></html>")) }
        #expect(html?.reason.contains("根元素是 <html>") == true, "\(String(describing: html))")
    }

    @Test("broken XML is refused, naming what is wrong and where", arguments: [
        ("<Row><Cell><Data ss:Type=\"String\">x</Data></Row>", "不配对"),
        ("<Row><Cell ss:Index=\"abc\"/></Row>", "ss:Index=\"abc\" 不是正整数"),
        ("<Row><Cell ss:Index=\"0\"/></Row>", "不是正整数"),
        ("<Row ss:Index=\"5\"/><Row ss:Index=\"3\"/>", "行的顺序错乱"),
        ("<Row><Cell ss:Index=\"3\"/><Cell ss:Index=\"2\"/></Row>", "不在前一个单元格"),
        ("<Row><Cell ss:MergeAcross=\"2\"/><Cell ss:Index=\"3\"/></Row>", "不在前一个单元格"),
        ("<Row><Cell ss:Index=\"16385\"><Data ss:Type=\"Number\">1</Data></Cell></Row>", "最大列"),
    ])
    func brokenXML(_ table: String, _ expected: String) throws {
        let error = tableError(table)
        #expect(error?.reason.contains(expected) == true, "\(String(describing: error))")
        #expect(error?.reason.contains("Excel 2003 XML 表格文件") == true)
    }

    @Test("bounds: huge indexes and merges, deep nesting, long text and tags are refused at once", arguments: [
        ("<Row ss:Index=\"1000000000\"><Cell><Data ss:Type=\"Number\">1</Data></Cell></Row>", "最大行"),
        ("<Row><Cell ss:Index=\"1000000000\"><Data ss:Type=\"Number\">1</Data></Cell></Row>", "最大列"),
        ("<Row><Cell ss:Index=\"99999999999999999999999\"/></Row>", "不是正整数"),
        ("<Row><Cell ss:MergeAcross=\"1000000000\"><Data ss:Type=\"Number\">1</Data></Cell></Row>", "最大列"),
        ("<Row><Cell ss:MergeDown=\"1000000000\"><Data ss:Type=\"Number\">1</Data></Cell></Row>", "最大行"),
        ("<Row ss:Span=\"1000000000\"/>", "最大行"),
        (String(repeating: "<B>", count: 70), "嵌套超过 64 层"),
        ("<Row><Cell><Data ss:Type=\"String\">" + String(repeating: "长", count: 400_000) + "</Data></Cell></Row>", "超过 1 MB"),
        ("<Row><Cell ss:StyleID=\"" + String(repeating: "s", count: 5_000_000), "超过 4 MB"),
    ])
    func bounds(_ table: String, _ expected: String) throws {
        let start = Date()
        let error = tableError(table)
        #expect(error?.reason.contains(expected) == true, "\(String(describing: error?.reason.prefix(300)))")
        #expect(Date().timeIntervalSince(start) < 10)
    }
}
