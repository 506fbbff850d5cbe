import Foundation
import Testing
@testable import XueshiRead

// Inputs the fuzz harnesses (Fuzz/) found, kept in Fixtures/fuzz/: each is now refused with a
// ReadError, quickly.

private func fuzzFixture(_ name: String) throws -> String {
    let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures/fuzz"),
                           "fixture fuzz/\(name) is missing")
    return url.path
}

@Suite("Fuzz findings")
struct FuzzFindingsTests {
    @Test("An .xlsx part whose deflate stream has not ended by the end of the file is refused as corrupt, not read forever")
    func unendedDeflateStream() throws {
        let path = try fuzzFixture("unended-deflate-stream.xlsx")
        let started = ContinuousClock.now
        let error = readError {
            let workbook = try XLSXWorkbook(path: path, displayName: "导出.xlsx")
            for sheet in workbook.sheets { try workbook.rows(ofSheet: sheet.name).forEachRow { _ in } }
        }
        #expect(error?.reason.contains("文件已损坏") == true)
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test("The same part read from bytes in memory is refused the same way")
    func unendedDeflateStreamInMemory() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: try fuzzFixture("unended-deflate-stream.xlsx")))
        let error = readError {
            let workbook = try XLSXWorkbook(data: data, displayName: "导出.xlsx")
            for sheet in workbook.sheets { try workbook.rows(ofSheet: sheet.name).forEachRow { _ in } }
        }
        #expect(error?.reason.contains("文件已损坏") == true)
    }
}
