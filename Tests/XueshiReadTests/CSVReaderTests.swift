import Foundation
import Testing
@testable import XueshiRead

// The rows of the provincial fixtures (make_csv_fixtures.py, PROVINCIAL), as a spreadsheet shows them.
private let provincialRows: [RawRow] = [
    row(1, padded("浙江省工业和信息化领域专业技术人员继续教育学时登记表")),
    row(2, padded("导出时间：2025-08-20 14:32:05")),
    row(3, ["序号", "姓名", "身份证号", "工作单位", "年度", "科目类别", "学习形式", "项目名称", "主办单位",
            "开始日期", "结束日期", "学时", "审核状态"]),
    row(4, ["1", "张伟", "33010619900101123X", "杭州智元科技有限公司", "2024", "专业科目", "面授培训",
            "人工智能大模型应用开发实务", "浙江省人工智能学会", "2024-03-05", "2024-03-07", "24", "已审核"]),
    row(5, ["2", "张伟", "33010619900101123x", "杭州智元科技有限公司", "2024", "一般公需科目", "网络课程",
            "数据安全法, 个人信息保护法解读", "浙江省专业技术人员继续教育网", "2024/4/1", "2024/4/30", "30", "已审核"]),
    // One record over two lines of the file: still one row, and the next one is row 7.
    row(6, ["3", "李娜", "330203198512152423", "宁波海曙数据服务有限公司", "2024", "行业公需科目", "学术会议",
            "“数字浙江”建设专题\n\"新质生产力\"研讨会", "浙江省经济和信息化厅", "2024年5月10日", "2024年5月11日",
            "12", "待审核"]),
    row(7, ["4", " 王芳 ", "330304199207083018", "温州瓯海电子研究所", "2025", "专业科目", "网络课程",
            "机器学习算法进阶", "浙江大学继续教育学院", "2025-01-08 09:00", "2025-01-20 17:00", "８", "已审核"]),
    row(8, [""]),
    row(9, ["5", "刘洋", "3.30402198803214E+17", "嘉兴南湖智能制造有限公司", "2023", "专业科目", "论文",
            "工业视觉缺陷检测方法研究", "", "", "", "10", "审核通过"]),
    row(10, ["6", "陈静", "330603197911300048", "绍兴柯桥纺织科技有限公司", "2023", "行业公需科目", "面授培训",
             "智能制造与数字化转型", "绍兴市经信局", "2023.06.12", "2023.06.13", "8学时", "未通过"]),
    row(11, ["7", "陈静", "330603197911300048", "绍兴柯桥纺织科技有限公司", "2025", "专业科目", "专利",
             "一种纺织品瑕疵检测装置", "", "2025-02-01", "", "20", "已审核"]),
    row(12, ["8", "赵磊", "331004199506067813", "台州路桥汽车零部件有限公司", "2024", "专业科目", "项目",
             "AI质检系统 \"慧眼\" 项目", "台州学院", "2024-09-01", "2024-12-31", "40", "已审核"]),
    row(13, ["9", "孙丽\t", "330502198704191136", "湖州吴兴信息技术有限公司", "2025", "一般公需科目", "网络课程",
             "专业技术人员职业道德", "浙江省专业技术人员继续教育网", "2025-03-01", "2025-03-31", "30", "已审核"]),
    row(14, ["10", "周杰", "330902199309235203", "舟山定海海洋科技有限公司", "2024", "专业科目", "学历教育",
             "海洋信息工程（在职研究生）", "浙江海洋大学", "2024-09-01", "2025-01-15", "60", "已审核"]),
    row(15, padded("合计", "", "", "", "", "", "", "", "", "", "", "242")),
]

private let comma = CSVFormat.comma, tab = CSVFormat.tab, semicolon = CSVFormat.semicolon

/// What a caller's profile would check: the row holds the provincial header's key columns.
private func isProvincialHeader(_ row: RawRow) -> Bool {
    let texts = Set(row.cells.map(\.text))
    return ["姓名", "身份证号", "学时"].allSatisfy(texts.contains)
}

@Suite("CSV reader")
struct CSVReaderTests {
    struct FixtureCase: Sendable, CustomTestStringConvertible {
        var file: String
        var format: CSVFormat
        var testDescription: String { file }
    }

    static let provincialFixtures = [
        FixtureCase(file: "provincial-gb18030.csv", format: CSVFormat(encoding: .gb18030, delimiter: comma)),
        FixtureCase(file: "provincial-utf8-bom.csv", format: CSVFormat(encoding: .utf8, delimiter: comma)),
        FixtureCase(file: "provincial-utf8.csv", format: CSVFormat(encoding: .utf8, delimiter: comma)),
        FixtureCase(file: "provincial-tab.csv", format: CSVFormat(encoding: .gb18030, delimiter: tab)),
        FixtureCase(file: "utf16.csv", format: CSVFormat(encoding: .utf16, delimiter: tab)),
    ]

    // MARK: Fixtures

    @Test("each provincial fixture reads back exactly, whatever the chunk size", arguments: provincialFixtures)
    func readsFixture(_ fixture: FixtureCase) throws {
        // A chunk of 1 byte cuts every character and every CRLF; 3 and 7 cut them at varying places.
        for chunkSize in [1, 3, 7, 1 << 20] {
            let rows = try readAll(fixturePath(fixture.file), fixture.format, chunkSize: chunkSize)
            #expect(rows == provincialRows, "chunk size \(chunkSize)")
        }
    }

    @Test("detection picks each fixture's encoding and delimiter", arguments: provincialFixtures)
    func detectsFixture(_ fixture: FixtureCase) throws {
        let detection = try CSVReader.detect(path: fixturePath(fixture.file), displayName: fixture.file,
                                             accept: isProvincialHeader)
        #expect(detection.format == fixture.format)
        #expect(detection.sampleRows == provincialRows)
    }

    @Test("GBK bytes that are also valid UTF-8 are told apart by the header, not by decoding")
    func shortGBKNeedsTheHeader() throws {
        let path = try fixturePath("short-gbk.csv")
        // Anything that decodes is taken as UTF-8 when nothing is checked: the mistake detection must avoid.
        let unchecked = try CSVReader.detect(path: path, displayName: "short-gbk.csv") { _ in true }
        #expect(unchecked.format == CSVFormat(encoding: .utf8, delimiter: comma))
        #expect(unchecked.sampleRows.first?.cells.first != .text("专业"))

        let checked = try CSVReader.detect(path: path, displayName: "short-gbk.csv") {
            $0.cells.contains(.text("学时"))
        }
        #expect(checked.format == CSVFormat(encoding: .gb18030, delimiter: comma))
        #expect(checked.sampleRows == [row(1, ["专业", "学时", "状态"]), row(2, ["医学", "8", "1"]),
                                       row(3, ["药学", "16", "0"])])
        let rows = try readAll(path, checked.format!)
        #expect(rows == checked.sampleRows)
    }

    @Test("a file no candidate is accepted for gives no format and the first rows as best guessed")
    func rejectsWhenNothingIsAccepted() throws {
        let detection = try CSVReader.detect(path: fixturePath("provincial-gb18030.csv"), displayName: "x.csv") { _ in false }
        #expect(detection.format == nil)
        // The best guess: GB18030 (the sample is not UTF-8), split on commas (the widest rows).
        #expect(detection.sampleRows == provincialRows)
    }

    @Test("a pinned encoding is the only one tried")
    func pinnedEncoding() throws {
        let gb = try fixturePath("provincial-gb18030.csv")
        #expect(try CSVReader.detect(path: gb, displayName: "gb.csv", pinned: .gb18030, accept: isProvincialHeader).format
            == CSVFormat(encoding: .gb18030, delimiter: comma))
        #expect(try CSVReader.detect(path: gb, displayName: "gb.csv", pinned: .utf8, accept: isProvincialHeader).format == nil)
        let utf8 = try fixturePath("provincial-utf8.csv")
        #expect(try CSVReader.detect(path: utf8, displayName: "u.csv", pinned: .gb18030, accept: isProvincialHeader).format == nil)
    }

    @Test("detection finds the delimiter of a semicolon file and ignores a character cut by the sample's end")
    func detectsAcrossTheSampleEnd() throws {
        // More than the 64 KiB sample, padded so that the sample ends inside a three-byte character.
        var body = "姓名;身份证号;学时\n"
        while body.utf8.count < 70_000 { body += "张伟;33010619900101123X;8\n" }
        let bytes = try #require((0..<32).lazy.map { pad in Array((String(repeating: "#", count: pad) + "\n" + body).utf8) }
            .first { bytes in
                let last = CSVReader.sampleByteLimit - 1
                return bytes[last] >= 0xE0 || (bytes[last] & 0xC0 == 0x80 && bytes[last - 1] >= 0xE0)
            })
        try withTemporaryFile(bytes) { path in
            let detection = try CSVReader.detect(path: path, displayName: "big.csv") { $0.cells.contains(.text("学时")) }
            #expect(detection.format == CSVFormat(encoding: .utf8, delimiter: semicolon))
            #expect(detection.sampleRows.count == CSVReader.sampleRowLimit)
            #expect(detection.sampleRows[1] == row(2, ["姓名", "身份证号", "学时"]))
        }
    }

    @Test("detection of an empty file gives nothing")
    func detectsEmptyFile() throws {
        try withTemporaryFile([]) { path in
            let detection = try CSVReader.detect(path: path, displayName: "empty.csv") { _ in true }
            #expect(detection.format == nil)
            #expect(detection.sampleRows.isEmpty)
        }
    }

    // MARK: Parsing

    struct ParseCase: Sendable, CustomTestStringConvertible {
        var name: String
        var input: String
        var delimiter: UInt8 = CSVFormat.comma
        var rows: [RawRow]
        var testDescription: String { name }
    }

    static let parseCases: [ParseCase] = [
        ParseCase(name: "LF", input: "a,b,c\n1,2,3\n", rows: [row(1, ["a", "b", "c"]), row(2, ["1", "2", "3"])]),
        ParseCase(name: "CRLF", input: "a,b\r\n1,2\r\n", rows: [row(1, ["a", "b"]), row(2, ["1", "2"])]),
        ParseCase(name: "lone CR", input: "a,b\r1,2\r", rows: [row(1, ["a", "b"]), row(2, ["1", "2"])]),
        ParseCase(name: "last line without a line break", input: "a,b\n1,2", rows: [row(1, ["a", "b"]), row(2, ["1", "2"])]),
        ParseCase(name: "empty file", input: "", rows: []),
        ParseCase(name: "a line break alone is one blank row", input: "\n", rows: [row(1, [""])]),
        ParseCase(name: "blank lines count", input: "a\n\nb\r\n\r\nc\r\rd\n",
                  rows: [row(1, ["a"]), row(2, [""]), row(3, ["b"]), row(4, [""]), row(5, ["c"]), row(6, [""]), row(7, ["d"])]),
        ParseCase(name: "a row of delimiters is all empty", input: ",,\n", rows: [row(1, ["", "", ""])]),
        ParseCase(name: "trailing delimiter", input: "a,\n,b", rows: [row(1, ["a", ""]), row(2, ["", "b"])]),
        ParseCase(name: "trailing delimiter at the end of the file", input: "a,", rows: [row(1, ["a", ""])]),
        ParseCase(name: "no trimming", input: " a ,\tb\t, 　c", rows: [row(1, [" a ", "\tb\t", " 　c"])]),
        ParseCase(name: "quoted delimiter", input: "\"a,b\",c\n", rows: [row(1, ["a,b", "c"])]),
        ParseCase(name: "doubled quotes", input: "\"say \"\"hi\"\"\",x\n", rows: [row(1, ["say \"hi\"", "x"])]),
        ParseCase(name: "only a doubled quote", input: "\"\"\"\"\n", rows: [row(1, ["\""])]),
        ParseCase(name: "quoted empty field", input: "\"\",a\n", rows: [row(1, ["", "a"])]),
        ParseCase(name: "quoted LF is one row", input: "\"a\nb\",c\nd\n", rows: [row(1, ["a\nb", "c"]), row(2, ["d"])]),
        ParseCase(name: "quoted CRLF and CR", input: "\"a\r\nb\r\",c\r\nd\r\n",
                  rows: [row(1, ["a\r\nb\r", "c"]), row(2, ["d"])]),
        ParseCase(name: "quoted field at the end of the file", input: "a,\"b\"", rows: [row(1, ["a", "b"])]),
        ParseCase(name: "quote inside an unquoted field is literal", input: "ab\"c,d\"\n", rows: [row(1, ["ab\"c", "d\""])]),
        ParseCase(name: "text after a closing quote is appended", input: "\"ab\"c,\"x\" ,\"\"y\n",
                  rows: [row(1, ["abc", "x ", "y"])]),
        ParseCase(name: "Chinese text", input: "姓名,学时\n张伟,８学时\n", rows: [row(1, ["姓名", "学时"]), row(2, ["张伟", "８学时"])]),
        ParseCase(name: "UTF-8 byte-order mark is skipped", input: "\u{FEFF}\"姓名\",学时\n", rows: [row(1, ["姓名", "学时"])]),
        ParseCase(name: "only a byte-order mark", input: "\u{FEFF}", rows: []),
        ParseCase(name: "a byte-order mark further on is text", input: "a\n\u{FEFF}b\n", rows: [row(1, ["a"]), row(2, ["\u{FEFF}b"])]),
        ParseCase(name: "tab-separated", input: "a,b\tc\n", delimiter: CSVFormat.tab, rows: [row(1, ["a,b", "c"])]),
        ParseCase(name: "semicolon-separated", input: "a;\"b;c\"\n", delimiter: CSVFormat.semicolon, rows: [row(1, ["a", "b;c"])]),
        ParseCase(name: "short and long rows", input: "a\nb,c,d\n", rows: [row(1, ["a"]), row(2, ["b", "c", "d"])]),
    ]

    @Test("quoting and line ends, in UTF-8", arguments: parseCases)
    func parsesUTF8(_ testCase: ParseCase) throws {
        let bytes = Array(testCase.input.utf8)
        for chunkSize in [1, 2, 3, 1 << 20] {
            let rows = try readAll(bytes, CSVFormat(encoding: .utf8, delimiter: testCase.delimiter), chunkSize: chunkSize)
            #expect(rows == testCase.rows, "chunk size \(chunkSize)")
        }
    }

    @Test("quoting and line ends, through iconv", arguments: parseCases.filter { !$0.input.hasPrefix("\u{FEFF}") })
    func parsesTranscoded(_ testCase: ParseCase) throws {
        let format = CSVFormat(encoding: .gb18030, delimiter: testCase.delimiter)
        let gb = gb18030(testCase.input)
        let utf16 = utf16WithBOM(testCase.input, bigEndian: false)
        for chunkSize in [1, 2, 3, 1 << 20] {
            #expect(try readAll(gb, format, chunkSize: chunkSize) == testCase.rows, "GB18030, chunk size \(chunkSize)")
            let utf16Format = CSVFormat(encoding: .utf16, delimiter: testCase.delimiter)
            #expect(try readAll(utf16, utf16Format, chunkSize: chunkSize) == testCase.rows, "UTF-16, chunk size \(chunkSize)")
        }
    }

    // MARK: Chunk boundaries

    @Test("a character and a quoted CRLF split at every possible place", arguments: TextEncoding.allCases)
    func everySplit(_ encoding: TextEncoding) throws {
        let text = "序号,项目名称\r\n1,\"数字浙江\r\n\"\"专题\"\"\"\r\n2,学时\r\n"
        let expected = [row(1, ["序号", "项目名称"]), row(2, ["1", "数字浙江\r\n\"专题\""]), row(3, ["2", "学时"])]
        let bytes: [UInt8]
        switch encoding {
        case .utf8: bytes = Array(text.utf8)
        case .gb18030: bytes = gb18030(text)
        case .utf16: bytes = utf16WithBOM(text, bigEndian: true)
        }
        let format = CSVFormat(encoding: encoding, delimiter: comma)
        for chunkSize in 1...bytes.count {
            #expect(try readAll(bytes, format, chunkSize: chunkSize) == expected, "chunk size \(chunkSize)")
        }
    }

    @Test("many chunks: records span chunk ends, numbers run on", arguments: [TextEncoding.utf8, .gb18030])
    func manyChunks(_ encoding: TextEncoding) throws {
        var text = "序号,姓名,项目名称\r\n"
        for i in 1...3000 {
            text += i % 10 == 0 ? "\(i),张伟,\"人工智能\r\n第\(i)期\"\r\n" : "\(i),李娜,数据安全法解读\r\n"
        }
        let bytes = encoding == .utf8 ? Array(text.utf8) : gb18030(text)
        let rows = try readAll(bytes, CSVFormat(encoding: encoding, delimiter: comma), chunkSize: 4099)
        #expect(rows.count == 3001)
        #expect(rows.map(\.number) == Array(1...3001))
        #expect(rows[10] == row(11, ["10", "张伟", "人工智能\r\n第10期"]))
        #expect(rows[3000] == row(3001, ["3000", "张伟", "人工智能\r\n第3000期"]))
    }

    @Test("onRawChunk sees every byte of the file exactly once, in order", arguments: provincialFixtures)
    func rawChunks(_ fixture: FixtureCase) throws {
        let path = try fixturePath(fixture.file)
        let file = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        for chunkSize in [1, 5, 1 << 20] {
            var reader = try CSVReader(path: path, displayName: fixture.file, format: fixture.format)
            reader.chunkSize = chunkSize
            var seen: [UInt8] = []
            reader.onRawChunk = { seen.append(contentsOf: $0) }
            try reader.forEachRow { _ in }
            #expect(seen == file, "chunk size \(chunkSize)")
        }
    }

    // MARK: Errors

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var encoding: TextEncoding
        /// The rows delivered before the error.
        var rowsBefore: Int
        /// What the reason must say.
        var says: [String]
        /// The encoding the error suggests reading the file as, if any.
        var remedy: ReadError.Remedy? = nil
        var testDescription: String { name }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase(name: "invalid UTF-8 names the row and suggests GB18030",
                  bytes: Array("a,b\n\"c\nd\",e\nf,".utf8) + [0xD1, 0xA7, 0xCA] + Array("\ng\n".utf8),
                  encoding: .utf8, rowsBefore: 2, says: ["第 3 行", "GB18030"], remedy: .pinEncoding(.gb18030)),  // row 2 has two lines
        ErrorCase(name: "a GBK file read as UTF-8", bytes: gb18030("姓名,学时\n张伟,8\n"), encoding: .utf8,
                  rowsBefore: 0, says: ["第 1 行", "GB18030"], remedy: .pinEncoding(.gb18030)),
        ErrorCase(name: "invalid GB18030 names the row and suggests UTF-8",
                  bytes: gb18030("姓名,学时\n张伟,8\n") + [0x80] + Array(",x\n".utf8), encoding: .gb18030,
                  rowsBefore: 2, says: ["第 3 行", "UTF-8"], remedy: .pinEncoding(.utf8)),
        ErrorCase(name: "a file cut inside a GB18030 character", bytes: gb18030("姓名\n张") + [0xCE],
                  encoding: .gb18030, rowsBefore: 1, says: ["第 2 行"]),
        ErrorCase(name: "a lone UTF-16 surrogate", bytes: [0xFF, 0xFE, 0x61, 0x00, 0x0A, 0x00, 0x00, 0xDC, 0x0A, 0x00],
                  encoding: .utf16, rowsBefore: 1, says: ["第 2 行", "UTF-16"], remedy: .pinEncoding(nil)),
        ErrorCase(name: "unterminated quote names the row where it started",
                  bytes: Array("a,b\nc,\"d\ne,f\ng,h\n".utf8), encoding: .utf8, rowsBefore: 1,
                  says: ["第 2 行", "引号未闭合"]),
        ErrorCase(name: "unterminated quote through iconv",
                  bytes: gb18030("姓名\n\"张伟\n\n"), encoding: .gb18030, rowsBefore: 1, says: ["第 2 行", "引号未闭合"]),
    ]

    @Test("errors name the row", arguments: errorCases)
    func errors(_ testCase: ErrorCase) throws {
        for chunkSize in [1, 4, 1 << 20] {
            try withTemporaryFile(testCase.bytes) { path in
                var reader = try CSVReader(path: path, displayName: "导出.csv", format: CSVFormat(encoding: testCase.encoding))
                reader.chunkSize = chunkSize
                var delivered = 0
                let error = #expect(throws: ReadError.self) {
                    try reader.forEachRow { _ in delivered += 1 }
                }
                #expect(error?.file == "导出.csv")
                for words in testCase.says {
                    #expect(error?.reason.contains(words) == true, "\(error?.reason ?? "") should say \(words)")
                }
                #expect(error?.remedy == testCase.remedy)
                #expect(delivered == testCase.rowsBefore, "chunk size \(chunkSize)")
            }
        }
    }

    @Test("a record longer than the limit stops the reading instead of filling memory")
    func recordLimit() throws {
        let bytes = Array("a\n\"".utf8) + Array(repeating: UInt8(ascii: "x"), count: 10_000)
        try withTemporaryFile(bytes) { path in
            var reader = try CSVReader(path: path, displayName: "big.csv", format: CSVFormat())
            reader.chunkSize = 1000
            reader.maxRecordSize = 4000
            let error = #expect(throws: ReadError.self) { try reader.forEachRow { _ in } }
            #expect(error?.reason.contains("第 2 行") == true)
            #expect(error?.reason.contains("引号未闭合") == true)
        }
    }

    @Test("a field past 1 MiB, quoted or not, is refused naming the limit and the row")
    func hugeField() throws {
        let huge = String(repeating: "长", count: 400_000)  // 1.2 MB of UTF-8
        for line in ["a,\(huge),c", "a,\"\(huge)\",c", "a,\"x\"\"\(huge)\",c"] {
            try withTemporaryFile(Array("序号,姓名\r\n\(line)\r\n".utf8)) { path in
                let reader = try CSVReader(path: path, displayName: "big.csv", format: CSVFormat())
                let error = #expect(throws: ReadError.self) { try reader.forEachRow { _ in } }
                #expect(error?.reason.contains("第 2 行第 2 个字段") == true && error?.reason.contains("maximumFieldBytes") == true,
                        "\(String(describing: error))")
            }
        }
    }

    @Test("a record with more fields than Excel has columns is refused naming the limit")
    func tooManyFields() throws {
        try withTemporaryFile(Array(("序号,姓名\n" + String(repeating: ",", count: 20_000) + "\n").utf8)) { path in
            let reader = try CSVReader(path: path, displayName: "wide.csv", format: CSVFormat())
            let error = #expect(throws: ReadError.self) { try reader.forEachRow { _ in } }
            #expect(error?.reason.contains("第 2 行") == true && error?.reason.contains("maximumFields") == true, "\(String(describing: error))")
        }
    }

    @Test("16,384 fields, Excel's widest row, are read")
    func widestRow() throws {
        try withTemporaryFile(Array(("a\n" + String(repeating: "x,", count: 16_383) + "y\n").utf8)) { path in
            let reader = try CSVReader(path: path, displayName: "wide.csv", format: CSVFormat())
            var widths: [Int] = []
            try reader.forEachRow { widths.append($0.cells.count) }
            #expect(widths == [1, 16_384])
        }
    }

    @Test("a missing file is a ReadError naming it")
    func missingFile() {
        let error = #expect(throws: ReadError.self) {
            _ = try CSVReader(path: "/nonexistent/导出.csv", displayName: "导出.csv", format: CSVFormat())
        }
        #expect(error?.description.hasPrefix("导出.csv：无法打开文件") == true)
        #expect(throws: ReadError.self) {
            _ = try CSVReader.detect(path: "/nonexistent/导出.csv", displayName: "导出.csv") { _ in true }
        }
    }

    @Test("an error thrown by the caller stops the reading")
    func callerError() throws {
        struct Stop: Error {}
        var reader = try CSVReader(path: fixturePath("provincial-utf8.csv"), displayName: "p.csv", format: CSVFormat())
        reader.chunkSize = 16
        var seen = 0
        #expect(throws: Stop.self) {
            try reader.forEachRow { _ in
                seen += 1
                if seen == 3 { throw Stop() }
            }
        }
        #expect(seen == 3)
    }

    // MARK: Encoding names

    @Test("--encoding names", arguments: [
        ("utf-8", TextEncoding.utf8), ("UTF8", .utf8), ("utf-8-sig", .utf8), ("GBK", .gb18030), ("gb2312", .gb18030),
        ("GB18030", .gb18030), ("cp936", .gb18030), ("utf-16", .utf16), ("Unicode", .utf16), ("utf-16le", .utf16),
    ])
    func encodingNames(_ name: String, _ encoding: TextEncoding) {
        #expect(TextEncoding(name: name) == encoding)
    }

    @Test("unknown encoding names are refused")
    func unknownEncodingName() {
        #expect(TextEncoding(name: "latin1") == nil)
        #expect(TextEncoding(name: "") == nil)
    }
}

// MARK: - Helpers

private func row(_ number: Int, _ texts: [String]) -> RawRow {
    RawRow(number: number, cells: texts.map { $0.isEmpty ? .empty : .text($0) })
}

private func padded(_ texts: String...) -> [String] {
    texts + Array(repeating: "", count: 13 - texts.count)
}

private func readAll(_ path: String, _ format: CSVFormat, chunkSize: Int = 1 << 20) throws -> [RawRow] {
    var reader = try CSVReader(path: path, displayName: (path as NSString).lastPathComponent, format: format)
    reader.chunkSize = chunkSize
    var rows: [RawRow] = []
    try reader.forEachRow { rows.append($0) }
    return rows
}

private func readAll(_ bytes: [UInt8], _ format: CSVFormat, chunkSize: Int) throws -> [RawRow] {
    try withTemporaryFile(bytes) { try readAll($0, format, chunkSize: chunkSize) }
}

private func withTemporaryFile<T>(_ bytes: [UInt8], _ body: (String) throws -> T) throws -> T {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("xueshi-csv-\(UUID().uuidString).csv")
    try Data(bytes).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(url.path)
}

private func utf16WithBOM(_ text: String, bigEndian: Bool) -> [UInt8] {
    var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
    for unit in text.utf16 {
        let high = UInt8(unit >> 8), low = UInt8(unit & 0xFF)
        bytes += bigEndian ? [high, low] : [low, high]
    }
    return bytes
}

/// `text` in GB18030, through the same iconv the reader uses (in the other direction).
private func gb18030(_ text: String) -> [UInt8] {
    let cd = iconv_open("GB18030", "UTF-8")
    precondition(Int(bitPattern: cd) != -1)
    defer { iconv_close(cd) }
    var input = Array(text.utf8)
    var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
    let written = input.withUnsafeMutableBytes { inBuffer in
        output.withUnsafeMutableBytes { outBuffer in
            var inPointer = inBuffer.baseAddress?.assumingMemoryBound(to: CChar.self)
            var outPointer = outBuffer.baseAddress?.assumingMemoryBound(to: CChar.self)
            var inLeft = inBuffer.count
            var outLeft = outBuffer.count
            let result = iconv(cd, &inPointer, &inLeft, &outPointer, &outLeft)
            precondition(result != -1 && inLeft == 0)
            return outBuffer.count - outLeft
        }
    }
    return Array(output.prefix(written))
}

@Suite("UTF-8 checking without making strings")
struct UTF8CheckTests {
    @Test("agrees with the standard library's decoding on valid text, broken sequences and random bytes")
    func agreesWithDecoding() {
        func standard(_ bytes: [UInt8]) -> Bool { String(validating: bytes, as: UTF8.self) != nil }
        func ours(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBufferPointer { UTF8Check.isValid($0) } }
        let samples: [[UInt8]] = [
            Array("继续教育学时 90h ✓ 𠀀".utf8), [], [0x41], [0xC0, 0x80], [0xC2, 0xA0], [0xE0, 0x80, 0x80], [0xE0, 0xA0, 0x80],
            [0xED, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xF0, 0x8F, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],
            [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFF], [0x80], [0xE4, 0xB8], [0xE4, 0xB8, 0xAD, 0xE4],
            [0xD5, 0xC5, 0xCE, 0xB0],  // 张伟 in GBK
        ]
        for sample in samples { #expect(ours(sample) == standard(sample), "\(sample)") }
        var state: UInt64 = 7
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(state % 9) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                // Mostly bytes around the UTF-8 boundaries.
                let pool: [UInt8] = [0x41, 0x7F, 0x80, 0xBF, 0xC1, 0xC2, 0xDF, 0xE0, 0xE4, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0x9F, 0xA0, 0x8F, 0x90]
                bytes.append(pool[Int(state >> 33) % pool.count])
            }
            #expect(ours(bytes) == standard(bytes), "\(bytes)")
        }
    }
}
