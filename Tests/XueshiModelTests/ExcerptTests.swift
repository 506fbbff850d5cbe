import Testing
import XueshiModel

/// An error quotes a cell so that the user can find it: briefly, with IDs masked, never acting on the
/// terminal; a whole row of IDs or a 10 MB note is never printed.
@Suite("Excerpts of cells in messages")
struct ExcerptTests {
    @Test("an ID anywhere in a cell is masked, as in every report")
    func masksIDs() {
        #expect(Text.excerpt("330106198803124514") == "330106********4514")
        #expect(Text.excerpt("张伟 33010619900101123X") == "张伟 330106********123X")
        #expect(Text.excerpt("电话 13800138000") == "电话 13800138000", "11 digits are not an ID")
    }

    @Test("a long cell is cut, and control characters are inert")
    func short() {
        let note = String(repeating: "填表说明", count: 5_000)
        #expect(Text.excerpt(note).count == Text.excerptLimit + 1)
        #expect(Text.excerpt(note).hasSuffix("…"))
        #expect(Text.excerpt("8\u{1B}[31m") == "8?[31m")
    }
}
