import Foundation
import Testing
import XueshiRead

// merged-cells.xlsx and merged-cells-html.xls are made by Fixtures/make_html_fixtures.py (openpyxl, and a
// spreadsheet program saving the workbook as a web page); the other pages are written here, as the
// templates of the systems that export them write them.

/// `text` in `charset`, converted by the system's iconv.
private func encoded(_ text: String, as charset: String) throws -> [UInt8] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
    process.arguments = ["-f", "UTF-8", "-t", charset]
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    input.fileHandleForWriting.write(Data(text.utf8))
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    return [UInt8](data)
}

private func rows(ofFile path: String, sheet: String? = nil, chunkSize: Int = HTMLTableWorkbook.defaultChunkSize) throws -> [RawRow] {
    let workbook = try HTMLTableWorkbook(path: path, displayName: "导出.xls", chunkSize: chunkSize)
    var rows: [RawRow] = []
    try workbook.sheet(named: sheet).forEachRow { rows.append($0) }
    return rows
}

private func rows(of page: String, sheet: String? = nil, chunkSize: Int = HTMLTableWorkbook.defaultChunkSize) throws -> [RawRow] {
    try rows(ofFile: try temporaryFile(Array(page.utf8)), sheet: sheet, chunkSize: chunkSize)
}

/// The cells of a page of one table, row by row.
private func cells(of page: String) throws -> [[RawCell]] {
    try rows(of: page).map(\.cells)
}

/// Reads every row of the page's first table, keeping none: what an import does with a big file.
private func readAll(_ path: String) throws {
    try HTMLTableWorkbook(path: path, displayName: "导出.xls").sheet(named: nil).forEachRow { _ in }
}

/// The same bytes on every run (a linear congruential generator).
private struct SeededBytes {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt8 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return UInt8(truncatingIfNeeded: state >> 33)
    }
}

private func texts(_ values: String...) -> [RawCell] { values.map { $0.isEmpty ? .empty : .text($0) } }

@Suite("Web pages of tables saved as .xls")
struct HTMLTableReaderTests {

    // MARK: - Pages a spreadsheet program saves

    @Test("a sheet saved as a web page reads as the .xlsx it came from: merges, dates, IDs")
    func webPageOfAWorkbookReadsAsTheWorkbook() throws {
        var xlsxRows: [RawRow] = []
        try XLSXWorkbook(path: try fixturePath("merged-cells.xlsx"), displayName: "m.xlsx").sheet(named: nil)
            .forEachRow { xlsxRows.append($0) }
        let htmlRows = try rows(ofFile: try fixturePath("merged-cells-html.xls"))

        func withoutTrailingEmpties(_ cells: [RawCell]) -> [RawCell] {
            var cells = cells
            while cells.last == .empty { cells.removeLast() }
            return cells
        }
        /// A number in the .xlsx is the text the page shows for it.
        func asPageShowsIt(_ cell: RawCell) -> RawCell {
            if case .number(let literal) = cell { return .text(literal) }
            return cell
        }
        #expect(htmlRows.map(\.number) == xlsxRows.map(\.number))
        for (html, xlsx) in zip(htmlRows, xlsxRows) {
            #expect(withoutTrailingEmpties(html.cells) == withoutTrailingEmpties(xlsx.cells.map(asPageShowsIt)), "row \(html.number)")
            #expect(html.mergedFrom == xlsx.mergedFrom, "row \(html.number)")
        }
        // What the fixture holds, spelled out.
        #expect(htmlRows[0].cells.prefix(4) == [.text("学时登记表"), .empty, .empty, .text("导出时间：2025-09-01")][...])
        #expect(htmlRows[3].cells == [.text("之江实验室"), .text("王芳"), .text("330102199007153620"), .text("4.5"), .date("45357")])
        #expect(htmlRows[3].mergedFrom == [0: 3])
        #expect(htmlRows[4].cells.prefix(2) == [.text("外聘专家"), .text("外聘专家")][...])
        #expect(htmlRows[5].mergedFrom == [0: 5, 1: 5])
    }

    // MARK: - Tolerant as a browser

    @Test("missing end tags, <th>, row groups, upper case, unquoted attributes, comments, scripts and styles")
    func tagsAreReadAsABrowserReadsThem() throws {
        let page = """
        <!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01//EN">
        <?xml version="1.0"?>
        <HTML><HEAD><TITLE>学时 <td>不是单元格</td></TITLE>
        <STYLE>td { color: red } /* <td>x</td> */</STYLE>
        <script type="text/javascript">if (a < b && "</td>") { document.write("<table><tr><td>x</td></tr></table>"); }</script>
        </HEAD><BODY>
        <TABLE BORDER=1 class=grid>
        <THEAD><TR><TH>姓名<TH>学时</THEAD>
        <TBODY>
        <!-- <tr><td>注释里的行</td></tr> -->
        <TR><TD>张伟<TD ALIGN=right>8
        <tr><td>王芳</td><td>4.5</td>
        </TBODY>
        <TFOOT><tr><td>合计<td>12.5</tfoot>
        </TABLE></BODY></HTML>
        """
        #expect(try cells(of: page) == [texts("姓名", "学时"), texts("张伟", "8"), texts("王芳", "4.5"), texts("合计", "12.5")])
    }

    @Test("a cell before any <tr> starts a row; rows are numbered as the table's rows, blank ones included")
    func rowNumbersAreTheTableRows() throws {
        let page = "<table><td>标题<tr><td>a<tr></tr><tr><td></td><tr><td>b</table>"
        let read = try rows(of: page)
        #expect(read.map(\.number) == [1, 2, 3, 4, 5])
        #expect(read.map(\.cells) == [texts("标题"), texts("a"), [], [.empty], texts("b")])
    }

    @Test("a cell's text as a browser shows it: white space collapsed, <br> a line break, inline tags their text")
    func cellTextAsABrowserShowsIt() throws {
        let page = """
        <table><tr>
        <td>  人工智能
            大模型\t应用  </td>
        <td>深度学习<br>（第二期）<br/></td>
        <td><br></td>
        <td><font face="宋体"><b>浙江</b><span>大学</span></font> <a href="x">链接</a></td>
        <td><p>第一段</p><p>第二段</p><div>第三段</div></td>
        <td>a <br> b</td>
        <td>&nbsp;</td>
        <td>\u{3000}之江实验室\u{3000}</td>
        <td>\u{01}公需科目\u{01}</td>
        </tr></table>
        """
        #expect(try cells(of: page) == [[
            .text("人工智能 大模型 应用"), .text("深度学习\n（第二期）"), .empty, .text("浙江大学 链接"),
            .text("第一段\n第二段\n第三段"), .text("a\nb"), .text("\u{A0}"), .text("\u{3000}之江实验室\u{3000}"),
            .text("公需科目"),
        ]])
    }

    @Test("named, decimal and hexadecimal character references; unknown ones stay as written")
    func characterReferences() throws {
        let page = """
        <table><tr>
        <td>A&amp;B &lt;C&gt; &quot;D&quot; &apos;E&apos;</td>
        <td>&#23398;&#26102; &#x5B66;&#X65F6;</td>
        <td>&copy;&reg;&middot;&mdash;&hellip;&yen;&times;</td>
        <td>&nbsp&amp 1 &lt2</td>
        <td>&unknown; &amp;lt; & alone &# &#x; &;</td>
        <td>&#150; &#0; &#x110000; &#xD800;</td>
        <td>&aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;</td>
        </tr></table>
        """
        #expect(try cells(of: page) == [[
            .text("A&B <C> \"D\" 'E'"), .text("学时 学时"), .text("©®·—…¥×"), .text("\u{A0}& 1 <2"),
            .text("&unknown; &lt; & alone &# &#x; &;"), .text("\u{2013} \u{FFFD} \u{FFFD} \u{FFFD}"),
            .text("&aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;"),
        ]])
    }

    @Test("every cell is text as the page shows it: an 18-digit ID stays exact, styles change nothing")
    func cellsAreText() throws {
        let page = """
        <style>.id { mso-number-format:"\\@"; } .n { mso-number-format:"0\\.00"; }</style>
        <table><tr>
        <td class=id style="mso-number-format:'\\@'">330106199001011234</td>
        <td x:num="330106199001011000">330106199001011234</td>
        <td class=n x:num>8.5</td>
        <td>2024-03-05</td>
        <td sdval="8" sdnum="1033;">8</td>
        </tr></table>
        """
        #expect(try cells(of: page) == [texts("330106199001011234", "330106199001011234", "8.5", "2024-03-05", "8")])
    }

    @Test("a date a spreadsheet program saved with its serial reads as that date, not as its locale's text")
    func datesWithTheirSerial() throws {
        let page = """
        <table><tr>
        <td sdval="45356" sdnum="1033;0;MM/DD/YY">03/05/24</td>
        <td sdval="45721.375" sdnum="1033;0;MM/DD/YY HH:MM AM/PM">03/05/25 09:00 AM</td>
        <td sdval="45356" sdnum="2052;0;YYYY&quot;年&quot;M&quot;月&quot;D&quot;日&quot;">2024年3月5日</td>
        <td sdval="45356" sdnum="1033;">45356</td>
        <td sdval="330106199001011234" sdnum="1033;0;@">330106199001011234</td>
        <td sdval="abc" sdnum="1033;0;YYYY-MM-DD">2024-03-05</td>
        </tr></table>
        """
        #expect(try cells(of: page) == [[
            .date("45356"), .date("45721.375"), .date("45356"), .text("45356"), .text("330106199001011234"),
            .text("2024-03-05"),
        ]])
    }

    // MARK: - rowspan and colspan

    @Test("rowspan fills the value into the rows below, which record the first row, as an .xlsx merge")
    func rowspanFillsTheRowsBelow() throws {
        let page = """
        <table>
        <tr><td>单位</td><td>姓名</td><td>学时</td></tr>
        <tr><td rowspan="3">之江实验室</td><td>张伟</td><td>8</td></tr>
        <tr><td>王芳</td><td>4</td></tr>
        <tr><td>李娜</td><td rowspan=2>2</td></tr>
        <tr><td>杭州智算</td><td>刘洋</td></tr>
        </table>
        """
        let read = try rows(of: page)
        #expect(read.map(\.cells) == [
            texts("单位", "姓名", "学时"), texts("之江实验室", "张伟", "8"), texts("之江实验室", "王芳", "4"),
            texts("之江实验室", "李娜", "2"), texts("杭州智算", "刘洋", "2"),
        ])
        #expect(read.map(\.mergedFrom) == [[:], [:], [0: 2], [0: 2], [2: 4]])
    }

    @Test("colspan takes its columns, the value in the first only, and moves the later cells right")
    func colspanTakesColumns() throws {
        let page = """
        <table>
        <tr><th colspan=4>浙江省继续教育学时登记表</th></tr>
        <tr><td colspan="2">合计</td><td>12.5</td><td>备注</td></tr>
        <tr><td colspan=0>零按一列</td><td colspan=junk>无效按一列</td><td colspan="2px">2</td><td>末</td></tr>
        </table>
        """
        #expect(try cells(of: page) == [
            [.text("浙江省继续教育学时登记表"), .empty, .empty, .empty],
            [.text("合计"), .empty, .text("12.5"), .text("备注")],
            [.text("零按一列"), .text("无效按一列"), .text("2"), .empty, .text("末")],
        ])
    }

    @Test("rowspan and colspan together fill the whole block, as a merge over several rows does")
    func rowspanAndColspanTogether() throws {
        let page = """
        <table>
        <tr><td rowspan=2 colspan=2>外聘专家</td><td>2</td></tr>
        <tr><td>3</td></tr>
        <tr><td>a</td><td rowspan=2></td><td>b</td></tr>
        <tr><td>c</td><td>d</td></tr>
        </table>
        """
        let read = try rows(of: page)
        #expect(read.map(\.cells) == [
            texts("外聘专家", "外聘专家", "2"), texts("外聘专家", "外聘专家", "3"), texts("a", "", "b"), texts("c", "", "d"),
        ])
        // An empty cell spanning rows takes its column below but fills nothing in.
        #expect(read.map(\.mergedFrom) == [[:], [0: 1, 1: 1], [:], [:]])
    }

    @Test("a rowspan ends with its row group, and rowspan=0 spans the rest of it")
    func rowspanStopsAtTheRowGroup() throws {
        let page = """
        <table>
        <thead><tr><td rowspan=5>表头</td><td>x</td></tr></thead>
        <tbody><tr><td rowspan=0>组</td><td>1</td></tr><tr><td>2</td></tr><tr><td>3</td></tr></tbody>
        <tbody><tr><td>新组</td><td>4</td></tr></tbody>
        </table>
        """
        #expect(try cells(of: page) == [texts("表头", "x"), texts("组", "1"), texts("组", "2"), texts("组", "3"), texts("新组", "4")])
    }

    // MARK: - Tables and sheets

    @Test("each table is a sheet, 表格1, 表格2, …; a page with one table has the one sheet 表格1")
    func eachTableIsASheet() throws {
        let one = try HTMLTableWorkbook(path: try temporaryFile(Array("<table><tr><td>a</td></tr></table>".utf8)), displayName: "a.xls")
        #expect(one.sheetNames == ["表格1"])
        #expect(one.defaultSheetName == "表格1")

        let page = "<p>说明</p><table><tr><td>第一个</td></tr></table><table><tr><td>第二个</td></tr></table>"
        let path = try temporaryFile(Array(page.utf8))
        let two = try HTMLTableWorkbook(path: path, displayName: "b.xls")
        #expect(two.sheetNames == ["表格1", "表格2"])
        #expect(two.hiddenSheetNames.isEmpty)
        #expect(try rows(ofFile: path, sheet: "表格2").map(\.cells) == [texts("第二个")])

        let error = readError { _ = try two.sheet(named: "学时") }
        #expect(error?.reason.contains("“表格1”、“表格2”") == true)
    }

    @Test("a table in a cell is a sheet of its own; the outer cell keeps only its own text")
    func nestedTables() throws {
        let page = """
        <table>
        <tr><td>外层标题</td></tr>
        <tr><td>前<table><tr><td>内层</td><td>表格</td></tr></table>后</td><td>旁边</td></tr>
        <tr><td>外层末行</td></tr>
        </table>
        """
        let path = try temporaryFile(Array(page.utf8))
        #expect(try HTMLTableWorkbook(path: path, displayName: "n.xls").sheetNames == ["表格1", "表格2"])
        #expect(try rows(ofFile: path, sheet: "表格1").map(\.cells) == [texts("外层标题"), texts("前\n后", "旁边"), texts("外层末行")])
        #expect(try rows(ofFile: path, sheet: "表格2").map(\.cells) == [texts("内层", "表格")])
    }

    @Test("a table that only frames the data table is no sheet: the data table is the one read")
    func layoutFrameIsNoSheet() throws {
        let page = """
        <table width=100%><tr><td>&nbsp;</td></tr><tr><td>
          <table><tr><td>姓名</td><td>学时</td></tr><tr><td>张伟</td><td>8</td></tr></table>
        </td></tr></table>
        """
        let workbook = try HTMLTableWorkbook(path: try temporaryFile(Array(page.utf8)), displayName: "f.xls")
        #expect(workbook.sheetNames == ["表格2"])
        #expect(try rows(of: page).map(\.cells) == [texts("姓名", "学时"), texts("张伟", "8")])
    }

    @Test("a <table> where a row should be ends the table before it, as in a browser")
    func tableInsideATableButNotInACell() throws {
        let page = "<table><tr><td>一</td></tr><table><tr><td>二</td></tr></table>"
        let path = try temporaryFile(Array(page.utf8))
        #expect(try HTMLTableWorkbook(path: path, displayName: "t.xls").sheetNames == ["表格1", "表格2"])
        #expect(try rows(ofFile: path, sheet: "表格1").map(\.cells) == [texts("一")])
        #expect(try rows(ofFile: path, sheet: "表格2").map(\.cells) == [texts("二")])
    }

    // MARK: - Streaming

    @Test(arguments: [1, 2, 3, 7, 64, 1000])
    func tinyChunksGiveTheSameRows(chunkSize: Int) throws {
        // Tags, attribute values, references, comments, script end tags and UTF-8 / GBK / UTF-16
        // characters cut by a chunk's end.
        let page = """
        <html><head><meta charset="utf-8"><script>var s = "</scr" + "ipt>";</script><!-- a -- b --></head>
        <table><tr><th colspan="2">学时&nbsp;登记表&#x5B66;&#26102;</th></tr>
        <tr><td rowspan=2 sdval="45356" sdnum="1033;0;YYYY-MM-DD">2024-03-05</td><td>张伟&amp;王芳<br>第二行</td></tr>
        <tr><td>&lt;b&gt; 𠀀 😀</td></tr></table></html>
        """
        var files = [try temporaryFile(Array(page.utf8)), try fixturePath("merged-cells-html.xls")]
        files.append(try temporaryFile(try encoded(page.replacingOccurrences(of: "utf-8", with: "gbk"), as: "GB18030")))
        files.append(try temporaryFile([0xFF, 0xFE] + page.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }))
        for file in files {
            let expected = try rows(ofFile: file)
            #expect(expected.count >= 3)
            #expect(try rows(ofFile: file, chunkSize: chunkSize) == expected, "\(file)")
        }
        let whole = try rows(ofFile: files[0])
        #expect(whole.map(\.cells) == [
            [.text("学时\u{A0}登记表学时"), .empty], [.date("45356"), .text("张伟&王芳\n第二行")],
            [.date("45356"), .text("<b> 𠀀 😀")],
        ])
    }

    @Test func readsMoreThanOnceAndErrorsFromTheBodyStopReading() throws {
        let path = try temporaryFile(Array("<table><tr><td>1<tr><td>2<tr><td>3<tr><td>4</table>".utf8))
        let reader = try HTMLTableWorkbook(path: path, displayName: "x.xls").sheet(named: nil)
        #expect(reader.name == "表格1")
        var first: [RawRow] = [], second: [RawRow] = []
        try reader.forEachRow { first.append($0) }
        try reader.forEachRow { second.append($0) }
        #expect(first == second && first.count == 4)

        struct Enough: Error, Equatable { var row: Int }
        var seen: [Int] = []
        #expect(throws: Enough(row: 2)) {
            try reader.forEachRow { row in
                seen.append(row.number)
                if row.number == 2 { throw Enough(row: 2) }
            }
        }
        #expect(seen == [1, 2])
    }

    // MARK: - Charsets

    @Test("the charset a <meta> declares: http-equiv Content-Type or charset, GBK and GB2312 read as GB18030")
    func declaredCharsets() throws {
        let body = "<table><tr><td>学时登记</td><td>浙江大学</td></tr></table>"
        let heads = [
            #"<meta http-equiv="Content-Type" content="text/html; charset=gbk">"#,
            #"<META HTTP-EQUIV=content-type CONTENT='application/vnd.ms-excel;charset="GB2312"'>"#,
            #"<meta charset=gb18030>"#,
        ]
        for head in heads {
            let path = try temporaryFile(try encoded("<html><head>\(head)</head><body>\(body)</body></html>", as: "GB18030"))
            let workbook = try HTMLTableWorkbook(path: path, displayName: "g.xls")
            #expect(workbook.charsetName == "GB18030", "\(head)")
            #expect(try rows(ofFile: path).map(\.cells) == [texts("学时登记", "浙江大学")], "\(head)")
        }
        // Any charset iconv knows: Big5 from Taiwan or Hong Kong.
        let big5 = try temporaryFile(try encoded("<meta charset=\"big5\"><table><tr><td>學時登記</td></tr></table>", as: "BIG5"))
        #expect(try rows(ofFile: big5).map(\.cells) == [texts("學時登記")])
        // A declaration inside a comment is no declaration: these UTF-8 bytes are read as UTF-8.
        let commented = try temporaryFile(Array("<!-- <meta charset=gbk> --><table><tr><td>学时</td></tr></table>".utf8))
        #expect(try HTMLTableWorkbook(path: commented, displayName: "c.xls").charsetName == "UTF-8")
        #expect(try rows(ofFile: commented).map(\.cells) == [texts("学时")])
    }

    @Test("without a declaration: UTF-8 when every byte is valid UTF-8, else GB18030")
    func undeclaredCharsets() throws {
        let page = "<table><tr><td>浙江省工业和信息化领域专业技术人员继续教育学时登记表</td></tr></table>"
        let utf8 = try HTMLTableWorkbook(path: try temporaryFile(Array(page.utf8)), displayName: "u.xls")
        #expect(utf8.charsetName == "UTF-8")
        let gbkPath = try temporaryFile(try encoded(page, as: "GB18030"))
        #expect(try HTMLTableWorkbook(path: gbkPath, displayName: "g.xls").charsetName == "GB18030")
        #expect(try rows(ofFile: gbkPath).map(\.cells) == [texts("浙江省工业和信息化领域专业技术人员继续教育学时登记表")])
    }

    @Test("a byte-order mark decides first: UTF-8, UTF-16LE, UTF-16BE, whatever a <meta> says")
    func byteOrderMarks() throws {
        let page = "<meta charset=gbk><table><tr><td>学时</td><td>8.5</td></tr></table>"
        let utf16 = Array(page.utf16)
        let files: [(String, [UInt8])] = [
            ("UTF-8", [0xEF, 0xBB, 0xBF] + Array(page.utf8)),
            ("UTF-16LE", [0xFF, 0xFE] + utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
            ("UTF-16BE", [0xFE, 0xFF] + utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }),
        ]
        for (name, bytes) in files {
            let path = try temporaryFile(bytes)
            #expect(try HTMLTableWorkbook(path: path, displayName: "b.xls").charsetName == name)
            #expect(try rows(ofFile: path).map(\.cells) == [texts("学时", "8.5")], "\(name)")
        }
    }

    @Test("bytes invalid in the declared charset are an error that names the charset and the row")
    func invalidBytesInTheDeclaredCharset() throws {
        // Declared UTF-8, but row 3 holds GBK bytes.
        let bytes = Array("<meta charset=\"utf-8\"><table><tr><td>姓名</td></tr><tr><td>张伟</td></tr><tr><td>".utf8)
            + (try encoded("王芳", as: "GB18030")) + Array("</td></tr></table>".utf8)
        let error = readError { _ = try HTMLTableWorkbook(path: try temporaryFile(bytes), displayName: "坏.xls") }
        #expect(error?.file == "坏.xls")
        #expect(error?.reason.contains("utf-8") == true, "\(error?.reason ?? "")")
        #expect(error?.reason.contains("表格1第 3 行") == true, "\(error?.reason ?? "")")
        #expect(error?.reason.contains("另存为 .xlsx") == true)

        let unknown = try temporaryFile(Array("<meta charset=\"x-no-such-charset\"><table><tr><td>a</td></tr></table>".utf8))
        let unknownError = readError { _ = try HTMLTableWorkbook(path: unknown, displayName: "未知.xls") }
        #expect(unknownError?.reason.contains("x-no-such-charset") == true)
    }

    // MARK: - Damaged and hostile files

    @Test("a page without a table is refused, saying so")
    func pageWithoutATable() throws {
        let path = try temporaryFile(Array("<html><body><p>系统繁忙，请稍后再试</p></body></html>".utf8))
        let error = readError { _ = try HTMLTableWorkbook(path: path, displayName: "空.xls") }
        #expect(error?.reason.hasPrefix("网页里没有表格") == true)
        let empty = try temporaryFile([])
        #expect(readError { _ = try HTMLTableWorkbook(path: empty, displayName: "空.xls") }?.reason.hasPrefix("网页里没有表格") == true)
    }

    @Test("a truncated page: the rows read so far are kept, the table just ends, the cut row is left out")
    func truncatedPage() throws {
        let page = "<meta charset=gbk><table><tr><td>姓名</td><td>学时</td></tr><tr><td>张伟</td><td>16</td></tr><tr><td>王芳</td><td>8</td></tr></table>"
        let bytes = try encoded(page, as: "GB18030")
        let full = try rows(ofFile: try temporaryFile(bytes))
        #expect(full.count == 3)
        for length in 1..<bytes.count {
            let prefix = Array(bytes.prefix(length))
            guard let cut = try? HTMLTableWorkbook(path: try temporaryFile(prefix), displayName: "截断.xls") else {
                // Cut before the first <table>: no table at all.
                #expect(!String(decoding: prefix, as: UTF8.self).contains("<table>"))
                continue
            }
            var read: [RawRow] = []
            try cut.sheet(named: nil).forEachRow { read.append($0) }
            // Only whole rows, each as in the whole page: never a row with "1" for "16".
            #expect(Array(full.prefix(read.count)) == read, "cut at \(length)")
        }
        // Cut after a row's end: that row is there.
        let afterRow2 = page.range(of: "</tr><tr><td>王芳")!.upperBound
        let cut = try encoded(String(page[..<afterRow2]), as: "GB18030")
        #expect(try rows(ofFile: try temporaryFile(cut)).count == 2)
    }

    @Test("garbage and binary files are refused with a ReadError, quickly")
    func garbage() throws {
        var generator = SeededBytes(seed: 20250728)
        for size in [100, 4096, 300_000] {
            var bytes = (0..<size).map { _ in generator.next() }
            bytes.insert(contentsOf: Array("<html><table><tr><td>".utf8), at: 0)
            let started = Date()
            let error = readError { try readAll(try temporaryFile(bytes)) }
            #expect(error?.reason.contains("GB18030") == true, "\(error?.reason ?? "")")
            #expect(Date().timeIntervalSince(started) < 10)
        }
        // Markup noise, valid UTF-8: read without a crash, whatever it makes of it.
        let noise = String(repeating: "<<td></<table<tr =\"'&#x;&&<!-<!--><td colspan=99999999999999999999 rowspan=-3>", count: 2000)
        _ = try? readAll(try temporaryFile(Array(("<table>" + noise).utf8)))
    }

    @Test("limits: a cell over 1 MiB, a tag over 64 KiB, a row past column 16384, spans that would fill over a million cells, deep nesting, too many tables")
    func hostilePagesAreRefused() throws {
        let cases: [(String, String)] = [
            ("<table><tr><td>" + String(repeating: "学时", count: 200_000) + "</td></tr></table>", "单元格内容超过 1 MiB"),
            ("<table><tr><td title=\"" + String(repeating: "x", count: 70_000) + "\">a</td></tr></table>", "标签超过 64 KiB"),
            ("<table><tr>" + String(repeating: "<td colspan=1000>x", count: 20) + "</tr></table>", "超过 16384 列"),
            ("<table><tr><td rowspan=65536 colspan=16384>x</td></tr>" + String(repeating: "<tr></tr>", count: 1000) + "</table>",
             "rowspan/colspan"),
            (String(repeating: "<table><tr><td>", count: 40), "嵌套超过 16 层"),
            (String(repeating: "<table></table>", count: 10_001), "表格超过 10000 个"),
        ]
        for (page, expected) in cases {
            let started = Date()
            let error = readError { try readAll(try temporaryFile(Array(page.utf8))) }
            #expect(error?.reason.contains(expected) == true, "\(error?.reason ?? "no error")")
            #expect(Date().timeIntervalSince(started) < 10)
        }
        // The row and column of the cell are named.
        let big = "<table><tr><td>a</td></tr><tr><td>b</td><td>" + String(repeating: "x", count: 1 << 21) + "</td></tr></table>"
        #expect(readError { try readAll(try temporaryFile(Array(big.utf8))) }?.reason.contains("表格1第 2 行第 2 列") == true)
    }
}
