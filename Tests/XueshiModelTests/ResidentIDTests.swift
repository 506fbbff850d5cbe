import Testing
@testable import XueshiModel

/// DOMAIN.md: a person is their normalised ID — trimmed, full-width folded, upper-case X, 15-digit IDs
/// widened to 18; a wrong check digit (GB 11643-1999, ISO 7064 MOD 11-2) is rejected.
@Suite("Resident ID numbers")
struct ResidentIDTests {
    @Test("an ID is normalised before it is compared", arguments: [
        ("330102198503124568", "330102198503124568"),
        (" 330102198503124568\t", "330102198503124568"),
        ("３３０１０２１９８５０３１２４５６８", "330102198503124568"),
        ("33010619900101123x", "33010619900101123X"),
        ("33010619900101123X", "33010619900101123X"),
        ("\u{3000}330106198811110016\u{3000}", "330106198811110016"),
        ("330102 1985 0312 4568", "330102198503124568"),
    ])
    func normalises(raw: String, expected: String) {
        #expect(ResidentID.parse(raw).map(\.value) == .success(expected))
    }

    @Test("a 15-digit ID is widened to 18 with century 19 and its check digit")
    func widens() {
        #expect(ResidentID.parse("330106900101123").map(\.value) == .success("33010619900101123X"))
    }

    @Test("a wrong check digit is rejected and the right one named")
    func checkDigit() {
        #expect(ResidentID.parse("330106199001011234") == .failure(.checkDigit("330106199001011234", expected: "X", found: "4")))
        let message = ResidentID.Problem.checkDigit("330106199001011234", expected: "X", found: "4").description
        #expect(message.contains("校验位应为 X，实为 4"))
        #expect(!message.contains("19900101"), "the message hides the birth date")
    }

    @Test("an ID Excel stored as a number has lost digits: rejected, never guessed", arguments: [
        "3.30106199001011E+17", "3.30106199001011e+17", "330106199001011000.0",
    ])
    func storedAsNumber(raw: String) {
        guard case .failure(.storedAsNumber) = ResidentID.parse(raw) else {
            Issue.record("\(raw) must be refused as an ID stored as a number")
            return
        }
    }

    @Test("malformed IDs are refused with the reason", arguments: [
        ("", ResidentID.Problem.empty),
        ("33010619900101", .wrongLength("33010619900101", 14)),
        ("3301061990010112X4", .badCharacter("3301061990010112X4")),
        ("330106199013011234", .badBirthDate("330106199013011234")),
        ("330106199002301234", .badBirthDate("330106199002301234")),
    ])
    func refuses(raw: String, problem: ResidentID.Problem) {
        #expect(ResidentID.parse(raw) == .failure(problem))
    }

    @Test("IDs are masked where a person reads them: region and last four only")
    func masks() throws {
        let id = try ResidentID.parse("330102198503124568").get()
        #expect(id.masked == "330102********4568")
        #expect(id.shown(reveal: false) == "330102********4568")
        #expect(id.shown(reveal: true) == "330102198503124568")
    }
}

@Suite("Packed IDs")
struct PackedIDTests {
    @Test("packing keeps different IDs apart, X included")
    func distinct() throws {
        let ids = ["33010619900101123X", "330102198503124568", "330106198811110016", "11010519491231002X"]
        let packed = try ids.map { try ResidentID.parse($0).get().packed }
        #expect(Set(packed).count == ids.count)
        #expect(try ResidentID.parse("33010619900101123X").get().packed == 33010619900101123 * 11 + 10)
    }
}
