import Foundation
import Testing

extension Xueshi {
    /// Converts `text` with the system's iconv (`to` an iconv name, e.g. "UTF-16LE", "BIG5",
    /// "LATIN1//TRANSLIT") into a file of the scratch folder, as another program would have saved it.
    func iconv(_ name: String, _ text: String, to encoding: String) throws -> String {
        let source = try write(name + ".utf8", text)
        let target = path(name)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        process.arguments = ["-f", "UTF-8", "-t", encoding, source]
        _ = FileManager.default.createFile(atPath: target, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: target))
        try process.run()
        process.waitUntilExit()
        return target
    }
}

/// UTF-16 without a byte-order mark is recognised by its zero bytes, in either byte order; files in the
/// encodings xueshi does not read, or damaged, get advice that fits them. Files are written by the
/// system's iconv.
@Suite("Encodings, end to end")
struct UTF16WithoutBOMEndToEndTests {
    @Test("an export in UTF-16 without a BOM is read, little- or big-endian", arguments: ["UTF-16LE", "UTF-16BE"])
    func readsIt(encoding: String) throws {
        let x = try Xueshi(); defer { x.remove() }
        let target = try x.iconv("utf16.csv", Exports.good, to: encoding)
        let head = FileManager.default.contents(atPath: target)?.prefix(2)
        #expect(head != Data([0xFF, 0xFE]) && head != Data([0xFE, 0xFF]), "no BOM")
        let result = try x.run(["import", target, "--json"])
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        #expect(result.json["inserted"] as? Int == 3)
        #expect((result.json["files"] as? [[String: Any]])?.first?["encoding"] as? String == "utf-16")
    }

    @Test("a GBK file with one broken byte far down is called damaged at that row, not another encoding")
    func brokenGBKByte() throws {
        let x = try Xueshi(); defer { x.remove() }
        var text = Exports.header
        for n in 1...40 { text += Exports.row(n, "张伟", IDs.zhang, title: "研修班第\(n)期") }
        let path = try x.iconv("导出.csv", text, to: "GB18030")
        var bytes = try #require(FileManager.default.contents(atPath: path))
        // The second byte of 研 in row 31 (the 30th record) becomes a comma: a lead byte left alone.
        let marker = try #require(try x.iconv("marker", "研修班第30期", to: "GB18030").data)
        let at = try #require(bytes.range(of: marker)).lowerBound
        bytes[at + 1] = 0x2C
        try bytes.write(to: URL(fileURLWithPath: path))
        let result = try x.run(["import", path])
        #expect(result.status != 0)
        let said = result.stdout + result.stderr
        #expect(said.contains("第 31 行") && said.contains("此前的 30 行都能正常读出") && said.contains("损坏"), "\(said)")
        #expect(!said.contains("--encoding utf-8"), "the file is not UTF-8")
    }

    @Test("a Big5 file is named as Big5, with how to re-save it")
    func big5() throws {
        let x = try Xueshi(); defer { x.remove() }
        let traditional = "序號,姓名,身份證號,工作單位,年度,科目類別,學習形式,項目名稱,主辦單位,開始日期,結束日期,學時,審核狀態\n"
            + "1,張偉,\(IDs.zhang),之江實驗室,2024,專業科目,面授培訓,大模型研修班,浙江大學,2024-03-05,2024-03-06,8,已審核\n"
        let result = try x.run(["import", try x.iconv("big5.csv", traditional, to: "BIG5")])
        #expect(result.status != 0)
        let said = result.stdout + result.stderr
        #expect(said.contains("Big5") && said.contains("另存为"), "\(said)")
    }

    @Test("a file saved in a code page without Chinese says the Chinese is lost")
    func latin1() throws {
        let x = try Xueshi(); defer { x.remove() }
        let result = try x.run(["import", try x.iconv("latin1.csv", Exports.good, to: "LATIN1//TRANSLIT")])
        #expect(result.status != 0)
        let said = result.stdout + result.stderr
        #expect(said.contains("中文都变成了问号") && said.contains("重新导出"), "\(said)")
    }
}

extension String {
    /// The contents of the file at this path.
    var data: Data? { FileManager.default.contents(atPath: self) }
}
