import Foundation
import Testing
@testable import XueshiRead

// The fixtures are made by Fixtures/make_xls_fixtures.py (xlwt and two spreadsheet programs); the
// values checked here are the ones that script writes. Damaged files are made here from them.

private func readRows(_ path: String, sheet: String? = nil) throws -> [RawRow] {
    let workbook = try BIFFWorkbook(path: path, displayName: "导出.xls")
    var rows: [RawRow] = []
    try workbook.sheet(named: sheet).forEachRow { rows.append($0) }
    return rows
}

private func bytes(of path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

/// Opens `path` and reads every sheet, as an import would; what it yields, or the ReadError.
private func readEverything(_ path: String) -> Result<[[RawRow]], ReadError> {
    do {
        let workbook = try BIFFWorkbook(path: path, displayName: "导出.xls")
        return .success(try workbook.sheetNames.map { name in
            var rows: [RawRow] = []
            try workbook.rows(ofSheet: name).forEachRow { rows.append($0) }
            return rows
        })
    } catch let error as ReadError {
        return .failure(error)
    } catch {
        Issue.record("expected a ReadError, got \(error)")
        return .failure(ReadError(file: path, reason: "\(error)"))
    }
}

/// A small deterministic generator, so that a failing damaged file can be made again.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

private let oleSignature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
/// Far more than FreeXL needs for files of this size: the time after which a looping FreeXL is stopped,
/// and a little.
private let timeLimit = BIFFChild.silenceLimit(fileSize: 0) * 2 + .seconds(3)  // a silent child is tried twice

@Suite("BIFF .xls reader")
struct BIFFReaderTests {

    // MARK: - Sheets

    @Test("the sheets are listed in the file's order, with the one xlwt was told to hide")
    func sheetsInOrder() throws {
        let workbook = try BIFFWorkbook(path: try fixturePath("xlwt-features.xls"), displayName: "导出.xls")
        #expect(workbook.sheetNames == ["学时", "第二批", "隐藏"])
        #expect(workbook.hiddenSheetNames == ["隐藏"])
        #expect(workbook.defaultSheetName == "学时")
    }

    @Test("a hidden sheet is known as hidden, from its BOUNDSHEET record: the first shown sheet is the default")
    func hiddenSheet() throws {
        let workbook = try BIFFWorkbook(path: try fixturePath("hidden-first-sheet.xls"), displayName: "导出.xls")
        #expect(workbook.sheetNames == ["旧数据", "学时", "说明"])
        #expect(workbook.hiddenSheetNames == ["旧数据"])
        #expect(workbook.defaultSheetName == "学时")
    }

    @Test("BOUNDSHEET names are read in both of BIFF8's string forms")
    func boundSheetNames() {
        // Position, state 1 (hidden), type 0, then 2 characters compressed / UTF-16LE.
        #expect(BIFFSheetStates.boundSheetEntry([0, 0, 0, 0, 1, 0, 2, 0, 0x41, 0x42])! == ("AB", true))
        #expect(BIFFSheetStates.boundSheetEntry([0, 0, 0, 0, 0, 0, 2, 1, 0x66, 0x5B, 0xF6, 0x65])! == ("学时", false))
        #expect(BIFFSheetStates.boundSheetEntry([0, 0, 0, 0, 0, 0, 4, 1, 0x66, 0x5B]) == nil, "cut short")
    }

    @Test("rows(ofSheet:) reads the sheet named, and only it")
    func rowsOfSheet() throws {
        let workbook = try BIFFWorkbook(path: try fixturePath("xlwt-features.xls"), displayName: "导出.xls")
        var rows: [RawRow] = []
        try workbook.rows(ofSheet: "第二批").forEachRow { rows.append($0) }
        #expect(rows == [RawRow(number: 1, cells: [.text("姓名"), .text("学时")]),
                         RawRow(number: 2, cells: [.text("陈静"), .number("16")])])
        #expect(try readRows(try fixturePath("xlwt-features.xls"), sheet: "隐藏") == [RawRow(number: 1, cells: [.text("旧数据")])])
    }

    @Test("an unknown sheet name lists the sheets there are")
    func unknownSheet() throws {
        let workbook = try BIFFWorkbook(path: try fixturePath("xlwt-features.xls"), displayName: "导出.xls")
        let error = readError { _ = try workbook.sheet(named: "第三批") }
        #expect(error?.reason.contains("“学时”、“第二批”、“隐藏”") == true, "\(String(describing: error))")
    }

    @Test("a reader can be read twice, and an error thrown by the caller stops the reading and comes out as it is")
    func readTwiceAndStop() throws {
        struct Enough: Error {}
        let reader = try BIFFWorkbook(path: try fixturePath("xlwt-features.xls"), displayName: "导出.xls").sheet(named: nil)
        var first: [RawRow] = [], second: [RawRow] = []
        try reader.forEachRow { first.append($0) }
        try reader.forEachRow { second.append($0) }
        #expect(first == second && first.count == 7)
        var seen = 0
        #expect(throws: Enough.self) {
            try reader.forEachRow { _ in
                seen += 1
                if seen == 2 { throw Enough() }
            }
        }
        #expect(seen == 2)
    }

    // MARK: - Rows and cells

    @Test("rows keep the numbers a spreadsheet shows; a row without cells is left out; a row ends at its last cell")
    func rowNumbers() throws {
        let rows = try readRows(try fixturePath("xlwt-features.xls"))
        #expect(rows.map(\.number) == [1, 3, 4, 5, 6, 8, 9])
        #expect(try row(rows, 1).cells == [.text("继续教育学时登记表")])
        #expect(try row(rows, 8).cells == [.empty, .empty, .empty, .empty, .empty, .text("右边")])
    }

    @Test("text, whole numbers, decimals, and an ID stored as a number as an .xlsx holds it (15 significant digits)")
    func textAndNumbers() throws {
        let rows = try readRows(try fixturePath("xlwt-features.xls"))
        #expect(try row(rows, 3).cells.map(\.text) == ["序号", "姓名", "身份证号", "身份证号（数字）", "学时", "开始日期",
                                                        "开始时间", "时间", "备注"])
        let first = try row(rows, 4).cells
        #expect(Array(first.prefix(5)) == [.number("1"), .text("张伟"), .text("330106198803124514"),
                                           .number("3.30106198803125E+17"), .number("8")])
        #expect(first[8] == .text("第一行\n第二行"))
        let second = try row(rows, 5).cells
        // A 15-digit ID survives as a number; 8.5 is written as Excel writes it.
        #expect(Array(second.prefix(5)) == [.number("2"), .text("王芳"), .text("33010619900101123X"),
                                            .number("330106900101123"), .number("8.5")])
        #expect(second[8] == .text("  空格  "))
        let third = try row(rows, 6).cells
        #expect(third[3] == .number("3.30106198301179E+17"))
        #expect(third[4] == .number("3.3000000000000003"), "the shortest text that gives the double back")
    }

    @Test("negative, tiny and large numbers; a boolean is the number 1; a formula's cell is empty (FreeXL reads no formulas)")
    func moreNumbers() throws {
        let rows = try readRows(try fixturePath("xlwt-features.xls"))
        #expect(try row(rows, 9).cells == [.number("-3"), .number("0.1"), .number("1E-05"), .number("1099511627776"),
                                           .number("1E+15"), .number("123456789012345"), .number("1")])
    }

    @Test("dates, date-times and times become serials of the 1900 system, as in an .xlsx")
    func dates() throws {
        let rows = try readRows(try fixturePath("xlwt-features.xls"))
        let first = try row(rows, 4).cells, second = try row(rows, 5).cells, third = try row(rows, 6).cells
        #expect(Array(first[5...7]) == [.date("45352"), .date("45721.375"), .date("0.375")])
        #expect(Array(second[5...7]) == [.date("59"), .date("45721.729166666664"), .date("0.7293402777777778")])
        // Excel's 1900-02-29 is serial 60, 1900-03-01 is 61; a time a second before midnight stays on its day.
        #expect(Array(third[5...7]) == [.date("60"), .date("61"), .date("45356.99999999999")])
    }

    @Test("a workbook in the 1904 date system gives the same serials as the 1900 system")
    func dates1904() throws {
        let rows = try readRows(try fixturePath("xlwt-1904.xls"))
        #expect(try row(rows, 2).cells == [.date("45352"), .date("45721.375")])
    }

    @Test("numbers as an .xlsx stores them: whole, shortest round trip, 15 significant digits from 10^15")
    func numberLiterals() {
        #expect(BIFFLiteral.number(8) == .number("8"))
        #expect(BIFFLiteral.number(-0.0) == .number("0"))
        #expect(BIFFLiteral.number(8.5) == .number("8.5"))
        #expect(BIFFLiteral.number(1.1 + 2.2) == .number("3.3000000000000003"))
        #expect(BIFFLiteral.number(999_999_999_999_999) == .number("999999999999999"))
        #expect(BIFFLiteral.number(Double("330106199001011000")!) == .number("3.30106199001011E+17"))
        #expect(BIFFLiteral.number(Double("330106198803124514")!) == .number("3.30106198803125E+17"))
        #expect(BIFFLiteral.number(1e16) == .number("1E+16"))
        #expect(BIFFLiteral.number(.infinity) == .error("#NUM!"))
    }

    @Test("FreeXL's date texts back to serials, Excel's phantom 1900-02-29 included; other text stays text")
    func dateLiterals() {
        #expect(BIFFLiteral.date("1900-01-01") == .date("1"))
        #expect(BIFFLiteral.date("1900-02-28") == .date("59"))
        #expect(BIFFLiteral.date("1900-02-29") == .date("60"))
        #expect(BIFFLiteral.date("1900-03-01") == .date("61"))
        #expect(BIFFLiteral.date("2024-03-01") == .date("45352"))
        #expect(BIFFLiteral.date("2024-03-01 09:00:00") == .date("45352.375"))
        #expect(BIFFLiteral.date("2024-03-01 00:00:00") == .date("45352"))
        #expect(BIFFLiteral.date("2024-03-01 24:00:00") == .date("45352.99999999999"))
        #expect(BIFFLiteral.date("12:00:00") == .date("0.5"))
        #expect(BIFFLiteral.date("2024-13-01") == .text("2024-13-01"))
        #expect(BIFFLiteral.date("下午") == .text("下午"))
    }

    // MARK: - Files that cannot be read

    @Test("a password to open is named, with what to do")
    func passwordProtected() throws {
        let error = readError { _ = try BIFFWorkbook(path: try fixturePath("password-protected.xls"), displayName: "加密.xls") }
        #expect(error?.file == "加密.xls")
        #expect(error?.reason.contains("设置了打开密码") == true, "\(String(describing: error))")
        #expect(error?.reason.contains("取消密码后另存为 .xlsx") == true)
    }

    @Test("an Excel 5.0/95 file is refused with what to do, not read with its text garbled")
    func excel95() throws {
        let error = readError { _ = try BIFFWorkbook(path: try fixturePath("excel95.xls"), displayName: "旧.xls") }
        #expect(error?.reason.contains("Excel 5.0/95") == true, "\(String(describing: error))")
        #expect(error?.reason.contains("另存为 .xlsx") == true)
    }

    @Test("a compound file without a workbook stream (a Word document's shape) says it holds no workbook")
    func noWorkbookStream() throws {
        var data = try bytes(of: try fixturePath("xlwt-1904.xls"))
        // The directory entry's name, "Workbook" in UTF-16LE, renamed.
        let name = Array("Workbook".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        let at = try #require((0...(data.count - name.count)).first { data[$0..<$0 + name.count].elementsEqual(name) })
        data[at] = UInt8(ascii: "X")
        let error = readError { _ = try BIFFWorkbook(path: try temporaryFile(data), displayName: "导出.xls") }
        #expect(error?.reason.contains("找不到 Excel 工作簿数据") == true, "\(String(describing: error))")
    }

    @Test("an empty string among the shared strings, which FreeXL 1.0 cannot read, refuses the file with what to do")
    func emptySharedString() throws {
        let error = readError { _ = try BIFFWorkbook(path: try fixturePath("xlwt-empty-string.xls"), displayName: "导出.xls") }
        #expect(error?.reason.contains("文件已损坏") == true, "\(String(describing: error))")
        #expect(error?.reason.contains("另存为 .xlsx") == true)
    }

    @Test("a file over the size limit is refused before it is loaded")
    func tooLarge() throws {
        let path = try temporaryFile(oleSignature)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(BIFFWorkbook.maximumFileSize) + 1)  // sparse: no disk used
        try handle.close()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = readError { _ = try BIFFWorkbook(path: path, displayName: "大.xls") }
        #expect(error?.reason.contains("文件太大") == true, "\(String(describing: error))")
    }

    @Test("every truncated copy is read whole or refused as damaged, quickly, never half read")
    func truncated() throws {
        for fixture in ["xlwt-features.xls", "xlwt-1904.xls"] {
            let source = try fixturePath(fixture)
            let whole = try bytes(of: source)
            guard case .success(let expected) = readEverything(source) else { Issue.record("\(fixture) unreadable"); continue }
            var lengths = Array(stride(from: 8, to: whole.count, by: 61))
            lengths += Array(stride(from: 512, to: whole.count, by: 512)).flatMap { [$0 - 1, $0, $0 + 1] }
            for length in lengths {
                let path = try temporaryFile(Array(whole.prefix(length)))
                let started = ContinuousClock.now
                switch readEverything(path) {
                case .success(let rows):
                    #expect(rows == expected, "\(fixture) cut at \(length) bytes read differently")
                case .failure(let error):
                    #expect(error.reason.contains("文件已损坏"), "\(fixture) cut at \(length): \(error.reason)")
                }
                #expect(ContinuousClock.now - started < timeLimit, "\(fixture) cut at \(length) took too long")
                try? FileManager.default.removeItem(atPath: path)
            }
        }
    }

    @Test("random bytes after the compound file's signature are refused as damaged, quickly")
    func randomBytes() throws {
        var random = SplitMix64(state: 20_240_301)
        for size in [0, 1, 100, 504, 512, 1_000, 4_096, 20_000, 100_000] {
            for _ in 0..<4 {
                let path = try temporaryFile(oleSignature + (0..<size).map { _ in UInt8.random(in: 0...255, using: &random) })
                let started = ContinuousClock.now
                if case .failure(let error) = readEverything(path) {
                    #expect(error.reason.contains("文件已损坏"), "\(size) random bytes: \(error.reason)")
                } else {
                    Issue.record("\(size) random bytes were read as a workbook")
                }
                #expect(ContinuousClock.now - started < timeLimit, "\(size) random bytes took too long")
                try? FileManager.default.removeItem(atPath: path)
            }
        }
    }

    @Test("copies with random bytes changed are read or refused with a ReadError, never a crash or a hang")
    func flippedBytes() throws {
        var random = SplitMix64(state: 45_352)
        let whole = try bytes(of: try fixturePath("xlwt-features.xls"))
        for round in 0..<300 {
            var data = whole
            for _ in 0..<Int.random(in: 1...16, using: &random) {
                data[Int.random(in: 8..<data.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            let path = try temporaryFile(data)
            let started = ContinuousClock.now
            _ = readEverything(path)  // Either is fine: garbage in, but no crash, no hang, no other error.
            #expect(ContinuousClock.now - started < timeLimit, "round \(round) took too long")
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}
