import Testing
@testable import XueshiModel

/// DOMAIN.md: hours may be fractional (0.5) and are exact — fixed point, never binary floating point.
@Suite("Hours are exact to the hundredth")
struct HoursTests {
    @Test("hours are read as exports write them", arguments: [
        ("8", 800), ("8.0", 800), ("8.50", 850), ("８", 800), ("8学时", 800), ("8 学时", 800),
        (" 8 ", 800), ("\t12.5\u{3000}", 1250), ("０．５", 50), ("0.25", 25), ("89.99", 8999), ("8.500", 850),
        ("+3", 300), ("16小时", 1600),
    ] as [(String, Int64)])
    func parses(text: String, hundredths: Int64) {
        #expect(Hours.parse(text) == .success(Hours(hundredths: hundredths)))
    }

    @Test("text that is not an amount of hours is refused, not guessed", arguments: [
        "abc", "8..5", "八", "8.5.1", "1e3", "学时", "--8",
    ])
    func refuses(text: String) {
        guard case .failure(.notANumber) = Hours.parse(text) else {
            Issue.record("\(text) should not parse")
            return
        }
    }

    @Test("more than two decimals is refused rather than rounded")
    func tooPrecise() {
        #expect(Hours.parse("8.125") == .failure(.tooPrecise("8.125")))
    }

    @Test("an empty cell is empty, not zero")
    func empty() {
        #expect(Hours.parse("") == .failure(.empty))
        #expect(Hours.parse("  ") == .failure(.empty))
    }

    @Test("89.99 is not 90: sums and comparisons are exact")
    func exactSums() {
        let parts = ["30.33", "30.33", "29.33"].map { try! Hours.parse($0).get() }
        let total = parts.reduce(Hours.zero, +)
        #expect(total == Hours(hundredths: 8999))
        #expect(total < Hours(90))
        // Ten times 0.1 is exactly 1 (it is not with binary floating point).
        #expect(Array(repeating: try! Hours.parse("0.1").get(), count: 10).reduce(Hours.zero, +) == Hours(1))
    }

    @Test("hours print without trailing zeros", arguments: [
        (9000, "90"), (9250, "92.5"), (8999, "89.99"), (5, "0.05"), (-850, "-8.5"), (0, "0"),
    ] as [(Int64, String)])
    func prints(hundredths: Int64, text: String) {
        #expect(Hours(hundredths: hundredths).description == text)
    }
}
