import Testing
@testable import XueshiModel

/// DOMAIN.md: every text field is trimmed of surrounding spaces, tabs and full-width spaces.
@Suite("Text clean-up and terminal width")
struct TextTests {
    @Test("surrounding spaces, tabs and full-width spaces are trimmed, the inside kept", arguments: [
        ("  张三 ", "张三"), ("\t之江实验室\u{3000}", "之江实验室"), ("人工智能 专题", "人工智能 专题"),
        ("\u{3000}\u{3000}", ""), ("\r\n项目\r\n", "项目"),
    ])
    func trims(raw: String, expected: String) {
        #expect(Text.trim(raw) == expected)
    }

    @Test("full-width digits, letters and spaces fold to ASCII")
    func folds() {
        #expect(Text.foldWidth("ＡＢｃ１２３\u{3000}（）") == "ABc123 ()")
        #expect(Text.foldWidth("学时") == "学时")
    }

    @Test("CJK characters take two terminal columns")
    func displayWidth() {
        #expect(Text.displayWidth("张三") == 4)
        #expect(Text.displayWidth("ab张") == 4)
        #expect(Text.pad("张三", to: 6) == "张三  ")
        #expect(Text.pad("12", to: 4, right: true) == "  12")
    }

    @Test("a cell that would start a formula is written as text", arguments: [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1+2", "'+1+2"), ("@SUM(A1)", "'@SUM(A1)"),
        ("-8", "-8"), ("\tx", "'\tx"), ("张三", "张三"), ("", ""), ("-x", "'-x"),
    ])
    func inert(raw: String, expected: String) {
        #expect(SpreadsheetSafety.inert(raw) == expected)
    }
}
