import Foundation
import Testing
@testable import XueshiRead

// What the tests of every workbook reader share: fixtures, rows by number, the error a read throws,
// scratch files.

/// The path of a file in Fixtures/.
func fixturePath(_ name: String) throws -> String {
    let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"),
                           "fixture \(name) is missing")
    return url.path
}

func row(_ rows: [RawRow], _ number: Int) throws -> RawRow {
    try #require(rows.first { $0.number == number }, "row \(number) is missing")
}

/// The ReadError that `body` throws (a test failure when it throws something else or nothing).
func readError(_ body: () throws -> Void) -> ReadError? {
    do {
        try body()
        Issue.record("expected a ReadError, nothing was thrown")
    } catch let error as ReadError {
        return error
    } catch {
        Issue.record("expected a ReadError, got \(error)")
    }
    return nil
}

/// A scratch file holding `bytes`, named `name` in a folder of its own.
func temporaryFile(_ bytes: [UInt8], name: String = "导出.xls") throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reader-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
}
