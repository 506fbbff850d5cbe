import Foundation
import Testing
@testable import XueshiImport
import XueshiModel
@testable import XueshiRead
import ZIPFoundation

/// The fast path reads a workbook's plain rows straight from the sheet's bytes and the shared strings;
/// the general path (`map`) reads every row as cells. Whatever row the fast path takes, the general path
/// must make exactly the same record of it, with the same key digest; and reading a sheet with the fast
/// path on must hand the general path exactly the rows it would get without it.
@Suite("The fast path for workbook rows agrees with the general path")
struct RecordMapperPlainWorkbookTests {
    /// Reads every sheet of `workbook` twice, once with the fast path, and compares row by row. Returns
    /// how many data rows the fast path took and left.
    static func compare(_ workbook: XLSXWorkbook, file: String) throws -> (taken: Int, left: Int) {
        let reader = ExportReader(profiles: ImportProfile.builtIn())
        var taken = 0, left = 0
        for name in workbook.sheetNames {
            let sheet = try workbook.sheet(named: name)
            var expectedRows: [Int: RawRow] = [:]
            try sheet.forEachRow { expectedRows[$0.number] = $0 }

            // A fresh mapper for every row, as in the CSV test: a total row would close the sheet.
            var header: HeaderMap?
            var lent: (number: Int, batch: RecordBatch)?
            try sheet.forEachRow(plain: { row in
                if let header {
                    let batch = RecordBatch()
                    if RecordMapper(header: header, file: file).mapPlain(row, into: batch) {
                        lent = (row.number, batch)
                    } else {
                        #expect(batch.isEmpty)
                    }
                }
                return false  // the general path gets every row, to compare
            }) { raw in
                #expect(raw == expectedRows[raw.number], "\(file) \(name) row \(raw.number)")
                defer { lent = nil }
                guard let header else {
                    if let found = reader.bestHeader(in: raw), found.profile.kind == .hours { header = found }
                    return
                }
                var mapper = RecordMapper(header: header, file: file)
                let outcome = mapper.map(raw)
                guard let lentRow = lent, lentRow.number == raw.number else {
                    left += 1
                    return
                }
                let (number, batch) = lentRow
                taken += 1
                let text = raw.cells.map(\.text).joined(separator: " | ")
                guard case .record(let expected) = outcome else {
                    Issue.record("\(file) \(name): the fast path took row \(number), which the general path does not make a record: \(text)")
                    return
                }
                #expect(batch.count == 1)
                #expect(batch.record(at: 0) == expected, "\(file) \(name) row \(number): \(text)")
                #expect(batch.entries[0].digest == expected.key.digest, "\(file) \(name) row \(number): \(text)")
                #expect(batch.entries[0].personKey == expected.id.packed)
                #expect(batch.entries[0].row == number)
            }
        }
        return (taken, left)
    }

    /// The workbooks among the test fixtures (the golden export, the reader's and the end-to-end tests'),
    /// from the source tree.
    @Test("the fixtures' workbooks: every row the fast path takes becomes the same record", arguments: [
        "XueshiImportTests/Fixtures/golden/provincial-quirks-libreoffice.xlsx",
        "XueshiReadTests/Fixtures/provincial-libreoffice.xlsx", "XueshiReadTests/Fixtures/openpyxl-features.xlsx",
        "XueshiReadTests/Fixtures/openpyxl-1904.xlsx", "XueshiReadTests/Fixtures/handmade-oddities.xlsx",
        "EndToEndTests/Fixtures/export-libreoffice.xlsx", "EndToEndTests/Fixtures/formulas-openpyxl.xlsx",
        "EndToEndTests/Fixtures/formulas-xlsxwriter.xlsx", "EndToEndTests/Fixtures/hidden-first-sheet.xlsx",
        "EndToEndTests/Fixtures/merged-hours.xlsx", "EndToEndTests/Fixtures/title-line-breaks.xlsx",
    ])
    func fixtures(path: String) throws {
        let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        let url = tests.appendingPathComponent(path)
        let workbook = try XLSXWorkbook(path: url.path, displayName: url.lastPathComponent)
        _ = try Self.compare(workbook, file: url.lastPathComponent)
    }

    @Test("a workbook of every kind of cell: every row the fast path takes becomes the same record")
    func variety() throws {
        let sheet = VarietySheet()
        let data = try sheet.workbook()
        for chunkSize in [256 * 1024, 7] {
            var workbook = try XLSXWorkbook(data: data, displayName: "variety.xlsx")
            workbook.chunkSize = chunkSize
            let (taken, left) = try Self.compare(workbook, file: "variety.xlsx")
            // The fast path must really be in use: the plain rows go through it, the odd ones do not.
            #expect(taken >= 300, "the fast path took only \(taken) rows")
            #expect(left >= 300, "the general path got only \(left) rows")
        }
    }
}

/// A sheet written cell by cell the ways workbooks hold values: the good row of RecordMapperPlainTests as
/// Excel writes it (shared strings, numbers, date cells), each column varied in turn (texts as shared and
/// inline strings, numbers, dates, serials, booleans, errors, formulas, entities), rows varied in three
/// columns at once, rows a merged range reaches, a total row and a plain row after it.
struct VarietySheet {
    typealias Cell = @Sendable (inout [String: Int]) -> String

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
    static func shared(_ text: String) -> Cell {
        { table in
            let index = table[text] ?? table.count
            table[text] = index
            return "<c t=\"s\"><v>\(index)</v></c>"
        }
    }
    static func inline(_ text: String) -> Cell { { _ in "<c t=\"inlineStr\"><is><t>\(escaped(text))</t></is></c>" } }
    static func raw(_ xml: String) -> Cell { { _ in xml } }
    static func number(_ literal: String) -> Cell { raw("<c><v>\(literal)</v></c>") }
    static func date(_ serial: String) -> Cell { raw("<c s=\"1\"><v>\(serial)</v></c>") }

    static let headers = RecordMapperPlainTests.headers
    static let good: [Cell] = [
        number("1"), shared("张伟"), shared("330106198803124514"), shared("之江实验室"), number("2024"), shared("专业科目"),
        shared("面授培训"), shared("大模型培训"), shared("浙江省人力资源和社会保障厅"), date("45356"), date("45357"), number("8"),
        shared("已审核"), date("45383"),
    ]

    /// Cells to try in each column, besides the CSV test's texts (as shared and as inline strings).
    static let typed: [String: [Cell]] = [
        "序号": [raw("<c t=\"b\"><v>1</v></c>"), raw("<c t=\"e\"><v>#N/A</v></c>"), shared("合计")],
        "姓名": [number("123"), date("45356"), raw("<c t=\"str\"><v>张伟</v></c>"), raw("<c t=\"str\"><f>A1</f><v>张伟</v></c>"),
               inline("张&伟"), raw("<c t=\"inlineStr\"><is><t>张_x000D_伟</t></is></c>"),
               raw("<c t=\"inlineStr\"><is><t xml:space=\"preserve\"> 张伟</t></is></c>"),
               raw("<c t=\"inlineStr\"><is><r><t>张</t></r><r><t>伟</t></r></is></c>"), raw("<c t=\"b\"><v>0</v></c>"),
               raw("<c t=\"e\"><v>#REF!</v></c>"), raw("<c t=\"s\"><v> </v></c>"), raw("<c/>"), raw("<c t=\"str\"><v>a&amp;b</v></c>")],
        "身份证号": [number("330106880312451"), number("3.30106198803125E+17"), number("330106198803124514"),
                 inline("330106198803124514"), raw("<c t=\"str\"><v>330106198803124514</v></c>"),
                 raw("<c t=\"str\"><f>\"330106198803124514\"</f><v>330106198803124514</v></c>"), date("45356")],
        "工作单位": [number("1"), raw("<c t=\"e\"><v>#VALUE!</v></c>"), inline("之江&实验室")],
        "年度": [number("2024.0"), number("1989"), number("2023"), number(" 2024 "), date("2024"), date("45356"),
               number("2.024E3"), raw("<c t=\"str\"><v>2024</v></c>"), raw("<c><f>2000+24</f><v>2024</v></c>"),
               raw("<c><f>2000+24</f></c>"), raw("<c t=\"b\"><v>1</v></c>")],
        "科目类别": [number("3"), raw("<c t=\"e\"><v>#N/A</v></c>"), inline("专业科目")],
        "学习形式": [number("1"), date("45356"), inline("网络课程")],
        "项目名称": [number("8"), raw("<c t=\"str\"><f>\"x\"</f><v>x</v></c>"), raw("<c t=\"str\"><f>\"x\"</f></c>"),
                 inline("大模型&amp;培训"), raw("<c t=\"inlineStr\"><is><t>a&#10;b</t></is></c>"),
                 raw("<c t=\"inlineStr\"><is><t>a&#13;b</t></is></c>"), raw("<c t=\"inlineStr\"><is><t>a\u{0D}\u{0A}b</t></is></c>")],
        "主办单位": [number("5"), date("45356"), inline(" 浙江省 ")],
        "开始日期": [date("45356.375"), date("45356."), date(".5"), date("60"), date("0"), date("20240305"), date("2958466"),
                 date("2958465"), date("045356"), date("-1"), date("4.5356E4"), date("45356.5E0"), number("45356"),
                 number("45355"), number("20240305"), number("1.5"), date("45358"), date("45357.99"),
                 raw("<c s=\"1\"><f>TODAY()</f><v>45356</v></c>"), raw("<c s=\"1\"><f>TODAY()</f></c>"),
                 inline("2024-03-05"), raw("<c s=\"1\" t=\"d\"><v>2024-03-05</v></c>"), raw("<c s=\"1\"><v> 45356 </v></c>")],
        "结束日期": [date("45355"), date("45291"), date("45658"), number("45357"), date("45357.5"), date("1"), date("99999999")],
        "学时": [number("8.5"), number("8.125"), number("0.30000000000000004"), number("1E2"), number("8.0"), number("8.00"),
               number("8.10"), number("-1"), number("0"), number("0.01"), number("300"), number("200.01"), number("200"),
               number(" 8 "), date("8"), raw("<c><f>4+4</f><v>8</v></c>"), raw("<c><f>4+4</f><v>0</v></c>"),
               raw("<c t=\"str\"><v>8</v></c>"), inline("8"), number("7.9999999999999991"), number("1.2345678901234E+2")],
        "审核状态": [number("1"), inline("待审核"), raw("<c t=\"e\"><v>#DIV/0!</v></c>")],
        "登记日期": [date("45383.1"), date("60"), number("45383"), date("2958466"), raw("<c t=\"b\"><v>1</v></c>")],
    ]

    /// Every cell to try in a column: the typed ones and the CSV test's texts both ways.
    static func choices(_ column: String) -> [Cell] {
        let texts = RecordMapperPlainTests.variants[column] ?? []
        return (typed[column] ?? []) + texts.map(shared) + texts.map(inline)
    }

    func rows() -> [[Cell]] {
        var rows: [[Cell]] = [Self.good]
        for (index, column) in Self.headers.enumerated() {
            for cell in Self.choices(column) {
                var row = Self.good
                row[index] = cell
                rows.append(row)
            }
        }
        var generator = SplitMix64(seed: 20250729)
        for _ in 0..<3000 {
            var row = Self.good
            for _ in 0..<3 {
                let index = Int(generator.next() % UInt64(Self.headers.count))
                let cells = [Self.good[index]] + Self.choices(Self.headers[index])
                row[index] = cells[Int(generator.next() % UInt64(cells.count))]
            }
            rows.append(row)
        }
        return rows
    }

    /// The .xlsx: a title row merged over the width, the header, the rows, a total row and a plain row
    /// after it; the unit merged down over rows 11–13 and the hours over rows 21–22.
    func workbook() throws -> Data {
        var table: [String: Int] = [:]
        var sheet = ""
        func row(_ number: Int, _ cells: [String]) {
            sheet += "<row r=\"\(number)\">" + cells.joined() + "</row>"
        }
        row(1, [Self.shared("浙江省专业技术人员继续教育学时登记表")(&table)])
        row(2, Self.headers.map { Self.shared($0)(&table) })
        var number = 3
        for cells in rows() {
            var written = cells.map { $0(&table) }
            if (12...13).contains(number) { written[3] = "<c/>" }
            if number == 22 { written[11] = "<c/>" }
            row(number, written)
            number += 1
        }
        var total = Self.good.map { $0(&table) }
        total[0] = Self.shared("合计")(&table)
        row(number, total)
        row(number + 1, Self.good.map { $0(&table) })

        let strings = table.sorted { $0.value < $1.value }.map { "<si><t>\(Self.escaped($0.key))</t></si>" }.joined()
        let parts: [(String, String)] = [
            ("[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/></Types>
            """),
            ("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """),
            ("xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>
            """),
            ("xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
            <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>\
            <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
            """),
            ("xl/styles.xml", """
            <?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            <numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy\\-mm\\-dd"/></numFmts>\
            <cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="176" applyNumberFormat="1"/></cellXfs></styleSheet>
            """),
            ("xl/sharedStrings.xml", """
            <?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            uniqueCount="\(table.count)">\(strings)</sst>
            """),
            ("xl/worksheets/sheet1.xml", """
            <?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            <sheetData>\(sheet)</sheetData><mergeCells count="3"><mergeCell ref="A1:N1"/><mergeCell ref="D11:D13"/>\
            <mergeCell ref="L21:L22"/></mergeCells></worksheet>
            """),
        ]
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in parts {
            let bytes = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return try #require(archive.data)
    }
}
