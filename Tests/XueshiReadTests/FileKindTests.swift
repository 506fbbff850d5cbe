import Foundation
import Testing
@testable import XueshiRead

/// A file's kind comes from its first bytes, not its name: systems save web pages, Excel 2003 XML and
/// CSV alike as ".xls", and sometimes as "Unicode" (UTF-16).
@Suite("Telling a file's kind from its content")
struct FileKindTests {
    static let spreadsheetML = "<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">"
    static let page = "<html><head><meta charset=\"gbk\"></head><body><table><tr><td>姓名</td></tr></table>"

    static func utf16(_ text: String, bigEndian: Bool, mark: Bool) -> [UInt8] {
        var bytes: [UInt8] = mark ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
        for unit in text.utf16 {
            let (high, low) = (UInt8(unit >> 8), UInt8(unit & 0xFF))
            bytes += bigEndian ? [high, low] : [low, high]
        }
        return bytes
    }

    @Test("Excel 2003 XML and web pages are told by their tags, in UTF-8 or UTF-16 of either byte order")
    func tags() {
        #expect(FileKind.detect(head: Array(Self.spreadsheetML.utf8)) == .spreadsheetML)
        #expect(FileKind.detect(head: Array(Self.page.utf8)) == .htmlTable)
        for bigEndian in [false, true] {
            for mark in [false, true] {
                #expect(FileKind.detect(head: Self.utf16(Self.spreadsheetML, bigEndian: bigEndian, mark: mark)) == .spreadsheetML)
                #expect(FileKind.detect(head: Self.utf16(Self.page, bigEndian: bigEndian, mark: mark)) == .htmlTable)
            }
        }
    }

    @Test("zip and compound-file signatures are workbooks; anything else is CSV")
    func signatures() {
        #expect(FileKind.detect(head: [0x50, 0x4B, 0x03, 0x04, 0, 0]) == .xlsx)
        #expect(FileKind.detect(head: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) == .legacyXLS)
        #expect(FileKind.detect(head: Array("序号,姓名,身份证号\n".utf8)) == .csv)
        #expect(FileKind.detect(head: Self.utf16("序号,姓名,身份证号\n1,张伟,330106198803124514\n", bigEndian: false, mark: false)) == .csv)
    }
}
