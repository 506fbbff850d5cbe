import Foundation
import Testing
@testable import XueshiRead

/// A worksheet is read in time linear in its size and in bounded memory whatever it holds: a cell
/// longer than Excel can hold, elements nested without end, a row past its limit are refused with the
/// limit named; a long row that arrives in many chunks is decoded a bounded number of times, not once
/// per chunk (which made a 32 MB row take 47 s).
@Suite("Worksheet limits")
struct SheetLimitsTests {
    /// The rows of `xml` fed to a scanner in chunks of `chunk` bytes.
    static func rows(_ xml: Data, chunk: Int) throws -> [RawRow] {
        var scanner = XLSXSheetScanner(sharedStrings: XLSXStringTable(bytes: [], ends: []), styles: XLSXStyles(),
                                       date1904: false, merges: XLSXMergeFiller(ranges: []))
        var rows: [RawRow] = []
        var offset = 0
        while offset < xml.count {
            let end = min(xml.count, offset + chunk)
            try scanner.consume(xml.subdata(in: offset..<end), plain: { _ in false }) { rows.append($0) }
            offset = end
        }
        try scanner.finish(plain: { _ in false }) { rows.append($0) }
        return rows
    }

    static func sheet(_ rows: String) -> Data {
        Data("<worksheet><sheetData>\(rows)</sheetData></worksheet>".utf8)
    }

    static func syntaxError(_ body: () throws -> Void) -> XLSXSyntaxError? {
        do { try body() } catch let error as XLSXSyntaxError { return error } catch { Issue.record("\(error)") }
        return nil
    }

    @Test("a row of 16,000 cells (3 MB) read in 4 KB chunks gives every cell, as in one chunk")
    func longRowInManyChunks() throws {
        let cells = (0..<16_000).map { "<c t=\"inlineStr\"><is><t>第\($0)格\(String(repeating: "研", count: 60))</t></is></c>" }
        let xml = Self.sheet("<row r=\"1\"><c t=\"inlineStr\"><is><t>表头</t></is></c></row><row r=\"2\">\(cells.joined())</row>"
                             + "<row r=\"3\"><c><v>3</v></c></row>")
        let small = try Self.rows(xml, chunk: 4096)
        let whole = try Self.rows(xml, chunk: xml.count)
        #expect(small.map(\.number) == [1, 2, 3])
        #expect(small.map(\.cells) == whole.map(\.cells))
        #expect(small[1].cells.count == 16_000)
        #expect(small[1].cells.last == .text("第15999格" + String(repeating: "研", count: 60)))
    }

    @Test("the last row is decoded when the sheet ends while it waited for more bytes")
    func lastRowAfterWaiting() throws {
        // Past the size at which a row in progress waits to double before it is decoded again.
        let text = String(repeating: "a", count: 300)
        let cells = String(repeating: "<c t=\"inlineStr\"><is><t>\(text)</t></is></c>", count: 4_000)
        let rows = try Self.rows(Self.sheet("<row r=\"7\">\(cells)</row>"), chunk: 64 * 1024)
        #expect(rows.count == 1 && rows[0].number == 7 && rows[0].cells.count == 4_000)
    }

    @Test("a cell past 1 MiB is refused, naming the limit")
    func hugeCell() {
        let huge = String(repeating: "y", count: (1 << 20) + 1)
        for cell in ["<c t=\"inlineStr\"><is><t>\(huge)</t></is></c>", "<c t=\"str\"><v>\(huge)</v></c>",
                     "<c t=\"inlineStr\"><is><r><t>\(huge)</t></r></is></c>"] {
            let error = Self.syntaxError { _ = try Self.rows(Self.sheet("<row r=\"2\">\(cell)</row>"), chunk: 256 * 1024) }
            #expect(error?.detail.contains("maximumCellBytes") == true && error?.detail.contains("32,767") == true, "\(String(describing: error))")
        }
    }

    @Test("elements nested deeper than 64 inside a row are refused, naming the limit")
    func deepNesting() {
        let xml = Self.sheet("<row r=\"2\">" + String(repeating: "<x>", count: 10_000) + String(repeating: "</x>", count: 10_000) + "</row>")
        let error = Self.syntaxError { _ = try Self.rows(xml, chunk: 4096) }
        #expect(error?.detail.contains("maximumDepth") == true, "\(String(describing: error))")
    }

    @Test("a row past 64 MiB is refused, naming the limit, without being decoded again and again")
    func rowPastTheLimit() {
        let cell = Data("<c r=\"A2\" t=\"inlineStr\"><is><t>x</t></is></c>".utf8)
        var xml = Data("<worksheet><sheetData><row r=\"2\">".utf8)
        for _ in 0..<((XLSXSheetScanner.maximumRowBytes / cell.count) + 10) { xml.append(cell) }
        let error = Self.syntaxError { _ = try Self.rows(xml, chunk: 256 * 1024) }
        #expect(error?.detail.contains("maximumRowBytes") == true, "\(String(describing: error))")
    }

    @Test("a merged-range tag past 1 MiB is refused, naming the limit")
    func hugeMergeTag() {
        var scanner = XLSXMergeScanner()
        let error = Self.syntaxError {
            try scanner.consume(Data("<worksheet><mergeCells><mergeCell ref=\"".utf8))
            for _ in 0..<8 { try scanner.consume(Data(repeating: UInt8(ascii: "A"), count: 256 * 1024)) }
        }
        #expect(error?.detail.contains("maximumTagBytes") == true, "\(String(describing: error))")
    }
}
