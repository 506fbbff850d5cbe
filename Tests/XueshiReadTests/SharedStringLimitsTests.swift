import Foundation
import Testing
@testable import XueshiRead

/// The shared-strings table is read in bounded time and memory whatever it holds: an item longer than
/// any cell Excel can hold (Apache POI's shared-strings attack: one string of 200 MB in a 110 KB file) is
/// refused as soon as it passes the limit, naming the limit, instead of being waited for.
@Suite("Shared-string limits")
struct SharedStringLimitsTests {
    static func feed(_ parts: [Data], chunk: Int = 256 * 1024) throws -> XLSXStringTable {
        var table = XLSXSharedStrings()
        for part in parts {
            var offset = 0
            while offset < part.count {
                let end = min(part.count, offset + chunk)
                try table.consume(part.subdata(in: offset..<end))
                offset = end
            }
        }
        try table.finish()
        return table.table()
    }

    @Test("an item past 1 MiB is refused at once, with the limit named")
    func hugeItem() throws {
        let started = ContinuousClock.now
        let huge = Data(repeating: UInt8(ascii: "A"), count: 64 << 20)
        do {
            _ = try Self.feed([Data("<sst><si><t>".utf8), huge, Data("</t></si></sst>".utf8)])
            Issue.record("no error")
        } catch let error as XLSXSyntaxError {
            #expect(error.detail.contains("1 MiB") && error.detail.contains("32,767"), "\(error.detail)")
        }
        #expect(ContinuousClock.now - started < .seconds(2), "refused before the 64 MiB were read")
    }

    @Test("items up to the limit are read whole")
    func longButFine() throws {
        let text = String(repeating: "研修", count: 30_000)  // 180,000 bytes: a full cell of CJK text and more
        let table = try Self.feed([Data("<sst count=\"2\"><si><t>\(text)</t></si><si><t>学时</t></si></sst>".utf8)], chunk: 4096)
        #expect(table.count == 2)
        #expect(table.string(0) == text && table.string(1) == "学时")
    }
}
