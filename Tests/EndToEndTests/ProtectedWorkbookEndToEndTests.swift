import Foundation
import Testing

/// A workbook with a password to open is told apart from an old .xls, by its content, and refused
/// with what to do; nothing is written.
@Suite("Password-protected workbooks, end to end")
struct ProtectedWorkbookEndToEndTests {
    @Test("an encrypted .xlsx says it has a password, not that it is an old .xls")
    func refused() throws {
        let x = try Xueshi(); defer { x.remove() }
        let result = try x.run(["import", try x.copyFixture("password-protected.xlsx")])
        #expect(result.status == 3)
        #expect((result.stdout + result.stderr).contains("打开密码"), "\(result.stdout)")
        #expect(!(result.stdout + result.stderr).contains("旧版"))
        #expect(!FileManager.default.fileExists(atPath: x.ledger))
    }
}
