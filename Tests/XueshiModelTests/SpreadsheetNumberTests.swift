import Testing
import XueshiModel

/// Hours a spreadsheet stored as a binary float: 89.99 stays 89.99 and is never 90, but the float
/// noise of a formula (=1.1+2.2 saved as 3.3000000000000003) is not a third decimal.
@Suite("Hours from a spreadsheet's number cells")
struct SpreadsheetNumberTests {
    @Test("within 1e-9 of two decimals is that value", arguments: [
        ("3.3000000000000003", 330), ("89.99", 8999), ("8.499999999999998", 850), ("16", 1600), ("0.30000000000000004", 30),
    ])
    func floatNoise(literal: String, hundredths: Int64) throws {
        #expect(try Hours.parseSpreadsheetNumber(literal).get() == Hours(hundredths: hundredths))
    }

    @Test("further away is still too precise, as a typed 8.125 is", arguments: ["8.125", "3.30000001", "89.995"])
    func realDecimals(literal: String) {
        guard case .failure(.tooPrecise) = Hours.parseSpreadsheetNumber(literal) else {
            Issue.record("\(literal) was accepted"); return
        }
    }
}
