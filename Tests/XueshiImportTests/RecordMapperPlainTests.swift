import Foundation
import Testing
@testable import XueshiImport
import XueshiModel
@testable import XueshiRead

/// The fast path reads common rows straight from their bytes; the general path (`map`) applies every
/// rule. Whatever row the fast path takes, the general path must make exactly the same record of it,
/// with the same key digest; every other row is left to the general path.
@Suite("The fast path for plain rows agrees with the general path")
struct RecordMapperPlainTests {
    static let headers = ["序号", "姓名", "身份证号", "工作单位", "年度", "科目类别", "学习形式", "项目名称", "主办单位",
                          "开始日期", "结束日期", "学时", "审核状态", "登记日期"]
    static let good = ["1", "张伟", "330106198803124514", "之江实验室", "2024", "专业科目", "面授培训", "大模型培训",
                       "浙江省人力资源和社会保障厅", "2024-03-05", "2024-03-06", "8", "已审核", "2024-04-01"]

    /// Cell values to try in each column, one column at a time, in the good row: plain ones the fast
    /// path takes, and the quirks, errors and skip markers it must leave alone.
    static let variants: [String: [String]] = [
        "序号": ["", "合计", "总计：", " 12", "１", "合 计"],
        "姓名": ["", " 张伟", "张伟 ", "张　伟", "\u{3000}张伟", "张伟\t", "A", "合计", "\u{A0}张伟", "张伟\u{200B}", "\u{FEFF}张伟"],
        "身份证号": ["", "33010619880312451x", "11010519491231002X", "11010519491231002x", "330106880312451",
                  "330106198803124515", "３３０１０６１９８８０３１２４５１４", " 330106198803124514", "3.30106198803125E+17",
                  "330106198802304514", "身份证号", "33010619880312451"],
        "工作单位": ["", " 之江实验室", "之江实验室\u{200B}", "之江　实验室", "之江实验室,杭州"],
        "年度": ["", "2024年", " 2024", "1989", "２０２４", "2024.0", "20x4", "2101", "2023", "2024年度", "\u{0B}"],
        "科目类别": ["", "专业", " 专业科目", "专业 科目", "ＡＢ", "一般公需科目", "行业公需", "专业科目\t", "未知"],
        "学习形式": ["", "网络课程", "其它方式", " 面授培训", "学术会议", "面授 培训"],
        "项目名称": ["", " x ", "含\"引号\"的培训", "多行\n标题", "合计", "a,b", "\u{3000}"],
        "主办单位": ["", " 浙江省 ", "\u{3000}"],
        "开始日期": ["", " ", "2024/3/5", "2024-02-30", "45356", "2024-03-07", "2024-3-5", "2024年3月5日", "２０２４-03-05",
                 "\u{0B}", "\u{200B}", " 2024-03-05"],
        "结束日期": ["", "2024-03-04", "2024.03.06", "2023-12-31", "2025-01-01", "bad", "\u{3000}"],
        "学时": ["", "8.5", "0", "-1", "8.125", "8学时", "300", "200", "200.01", "１０", "08", "8.", ".5", " 8", "0.01", "1e2"],
        "审核状态": ["", "待审核", "未通过", "审核 通过", "unknown", " 已审核"],
        "登记日期": ["", "2024.4.1", "2024-13-01", " "],
    ]

    static func csvLine(_ cells: [String]) -> String {
        cells.map { cell in
            cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
        }.joined(separator: ",")
    }

    /// Every variant row, and some rows that change several columns at once.
    static func rows() -> [[String]] {
        var rows = [good]
        for (column, values) in variants {
            let index = headers.firstIndex(of: column)!
            for value in values {
                var row = good
                row[index] = value
                rows.append(row)
            }
        }
        var generator = SplitMix64(seed: 20250728)
        for _ in 0..<3000 {
            var row = good
            for _ in 0..<3 {
                let column = headers[Int(generator.next() % UInt64(headers.count))]
                let values = [good[headers.firstIndex(of: column)!]] + variants[column]!
                row[headers.firstIndex(of: column)!] = values[Int(generator.next() % UInt64(values.count))]
            }
            rows.append(row)
        }
        return rows
    }

    @Test("every row the fast path takes becomes the same record, with the same digest, on the general path")
    func agreement() throws {
        let profile = ImportProfile.builtIn().first { $0.name == "zj-provincial" }!
        let header = try #require(profile.matchHeader(RawRow(number: 1, cells: Self.headers.map(RawCell.text))))
        let rows = Self.rows()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("xueshi-plain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("rows.csv").path
        let text = ([Self.csvLine(Self.headers)] + rows.map(Self.csvLine)).joined(separator: "\r\n") + "\r\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)

        var taken = 0, left = 0, compared = 0
        let reader = try CSVReader(path: path, displayName: "rows.csv", format: CSVFormat())
        try reader.forEachRecord { fields in
            guard fields.number > 1 else { return }
            var general = RecordMapper(header: header, file: "rows.csv")
            let plain = RecordMapper(header: header, file: "rows.csv")
            let batch = RecordBatch()
            let outcome = general.map(fields.rawRow())
            guard plain.mapPlain(fields, into: batch) else {
                #expect(batch.isEmpty)
                left += 1
                return
            }
            taken += 1
            let row = Self.csvLine(fields.rawRow().cells.map(\.text))
            guard case .record(let expected) = outcome else {
                Issue.record("the fast path took row \(fields.number), which the general path does not make a record: \(row)")
                return
            }
            #expect(batch.count == 1)
            #expect(batch.record(at: 0) == expected, "row \(fields.number): \(row)")
            #expect(batch.entries[0].digest == expected.key.digest, "row \(fields.number): \(row)")
            #expect(batch.entries[0].personKey == expected.id.packed)
            #expect(batch.entries[0].row == fields.number)
            compared += 1
        }
        // The fast path must really be in use: the good row and the plain variants go through it.
        #expect(taken >= 300, "the fast path took only \(taken) rows")
        #expect(left >= 300, "the general path got only \(left) rows")
        #expect(compared == taken)
    }

    @Test("a field's ordinal is its place among all fields")
    func ordinals() {
        #expect(Field.allCases.map(\.ordinal) == Array(Field.allCases.indices))
    }

    @Test("a total row closes the file for the fast path too")
    func afterTotal() throws {
        let profile = ImportProfile.builtIn().first { $0.name == "zj-provincial" }!
        let header = try #require(profile.matchHeader(RawRow(number: 1, cells: Self.headers.map(RawCell.text))))
        var mapper = RecordMapper(header: header, file: "t.csv")
        var total = Self.good
        total[0] = "合计"
        #expect(mapper.map(RawRow(number: 5, cells: total.map(RawCell.text))).isSkip(.total))
        // A plain row after the total: skipped by the general path, never taken by the fast path.
        let line = Self.csvLine(Self.good) + "\n"
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("xueshi-total-\(UUID().uuidString).csv").path
        try line.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try CSVReader(path: path, displayName: "t.csv", format: CSVFormat()).forEachRecord { fields in
            let taken = mapper.mapPlain(fields, into: RecordBatch())
            #expect(!taken)
            #expect(mapper.map(fields.rawRow()).isSkip(.total))
        }
    }
}

/// A small seeded generator, so the mixed rows are the same on every run.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("The export time in the title rows")
struct ExportTimeTests {
    @Test("is read from the title rows in the forms exports write it", arguments: [
        ("导出时间：2025-09-01 10:00:00", "2025-09-01 10:00:00"),
        ("导出时间:2025/9/1 8:05", "2025-09-01 08:05:00"),
        ("导出日期：2025年9月1日", "2025-09-01 00:00:00"),
        ("  导出时间： 2025-09-01T10:00:00 ", "2025-09-01 10:00:00"),
        ("导出时间：２０２５-09-01 10:00:00　导出人：张三", "2025-09-01 10:00:00"),
        ("生成时间：2025.09.01 23:59:59", "2025-09-01 23:59:59"),
    ])
    func found(cell: String, expected: String) {
        let rows = [RawRow(number: 1, cells: [.text("浙江省专业技术人员继续教育学时登记表")]),
                    RawRow(number: 2, cells: [.empty, .text(cell)])]
        #expect(ExportTime.find(in: rows) == expected)
    }

    @Test("may stand in the cell after its label, as text or as a workbook's date cell")
    func nextCell() {
        // 45901.5 is 2025-09-01 at noon in the 1900 date system.
        let asDate = [RawRow(number: 2, cells: [.text("导出时间："), .empty, .date("45901.5")])]
        #expect(ExportTime.find(in: asDate) == "2025-09-01 12:00:00")
        let asText = [RawRow(number: 2, cells: [.text("导出时间"), .text("2025-09-01 10:00")])]
        #expect(ExportTime.find(in: asText) == "2025-09-01 10:00:00")
    }

    @Test("is absent when no title row gives a valid one", arguments: [
        "导出时间：", "导出时间：2025-02-30 10:00:00", "导出时间：2025-09-01 25:00", "制表时间不详", "2025-09-01 10:00:00",
    ])
    func absent(cell: String) {
        #expect(ExportTime.find(in: [RawRow(number: 1, cells: [.text(cell)])]) == nil)
    }
}
