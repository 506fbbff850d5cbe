/// A resident identity number (居民身份证号码, GB 11643-1999): the key of a person in the ledger.
/// Always 18 characters, the last a check digit (ISO 7064 MOD 11-2) that may be X.
public struct ResidentID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The normalised 18 characters: digits, and an upper-case X at the end where the check digit is 10.
    public let value: String

    public var description: String { value }
    public static func < (a: ResidentID, b: ResidentID) -> Bool { a.value < b.value }

    /// Why a text is not a valid ID. Each case says enough for the user to find the mistake.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case empty
        /// Excel turned the ID into a number and dropped its last digits (3.30106199001011E+17).
        case storedAsNumber(String)
        case wrongLength(String, Int)
        case badCharacter(String)
        case badBirthDate(String)
        case checkDigit(String, expected: Character, found: Character)

        /// The ID as the file wrote it, its middle hidden: an error message is read by a person too.
        /// Whatever its length (a whole note pasted into the ID column), at most a few stars more than an ID.
        static func hide(_ text: String) -> String {
            let scalars = Array(text.unicodeScalars)
            guard scalars.count >= 12 else { return Text.inert(text) }
            let stars = min(scalars.count - 10, 12)
            return Text.inert(String(String.UnicodeScalarView(scalars.prefix(6)))) + String(repeating: "*", count: stars)
                + (scalars.count - 10 > stars ? "…" : "") + Text.inert(String(String.UnicodeScalarView(scalars.suffix(4))))
        }

        public var description: String {
            switch self {
            case .empty: return "身份证号为空"
            case .storedAsNumber(let text):
                return "身份证号「\(Text.excerpt(text))」被 Excel 存成了数字，末几位已丢失，无法还原；请在原系统中把该列设为文本后重新导出"
            case .wrongLength(let text, let count):
                return "身份证号「\(Problem.hide(text))」长 \(count) 位，应为 18 位（或旧式 15 位）"
            case .badCharacter(let text):
                return "身份证号「\(Problem.hide(text))」含有数字以外的字符（只有第 18 位可以是 X）"
            case .badBirthDate(let text):
                return "身份证号「\(Problem.hide(text))」中的出生日期不存在"
            case .checkDigit(let text, let expected, let found):
                return "身份证号「\(Problem.hide(text))」校验位应为 \(expected)，实为 \(found)；请核对号码"
            }
        }
    }

    /// Weights of GB 11643-1999 for the first 17 digits, and the check character for each remainder.
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    /// The check character for the first 17 digits.
    public static func checkCharacter(for first17: some Collection<UInt8>) -> Character {
        var sum = 0
        var index = 0
        for byte in first17 { sum += Int(byte - UInt8(ascii: "0")) * weights[index]; index += 1 }
        return checkCharacters[sum % 11]
    }

    /// Normalises and validates: trims, folds full-width characters, upper-cases x, widens a 15-digit
    /// ID to 18 (century 19, check digit computed), and checks the birth date and the check digit.
    public static func parse(_ raw: String) -> Result<ResidentID, Problem> {
        // Fast path for the common case, 18 ASCII characters already clean: no copies.
        if raw.utf8.count == 18, let checked = checkedFast(raw) { return checked }
        let text = Text.removingSpaces(Text.foldWidth(raw))
        if text.isEmpty { return .failure(.empty) }
        if text.contains("E+") || text.contains("e+") || (text.contains(".") && text.allSatisfy({ $0.isNumber || $0 == "." })) {
            return .failure(.storedAsNumber(raw))
        }
        var bytes = Array(text.utf8)
        if let last = bytes.last, last == UInt8(ascii: "x") { bytes[bytes.count - 1] = UInt8(ascii: "X") }
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        switch bytes.count {
        case 15:
            guard bytes.allSatisfy(isDigit) else { return .failure(.badCharacter(raw)) }
            var widened = Array(bytes[0..<6]) + Array("19".utf8) + Array(bytes[6...])
            guard birthDateIsValid(widened) else { return .failure(.badBirthDate(raw)) }
            widened.append(contentsOf: String(checkCharacter(for: widened)).utf8)
            return .success(ResidentID(trusted: String(decoding: widened, as: UTF8.self)))
        case 18:
            guard bytes[0..<17].allSatisfy(isDigit), isDigit(bytes[17]) || bytes[17] == UInt8(ascii: "X")
            else { return .failure(.badCharacter(raw)) }
            guard birthDateIsValid(bytes) else { return .failure(.badBirthDate(raw)) }
            let expected = checkCharacter(for: bytes[0..<17])
            let found = Character(Unicode.Scalar(bytes[17]))
            guard expected == found else { return .failure(.checkDigit(raw, expected: expected, found: found)) }
            return .success(ResidentID(trusted: String(decoding: bytes, as: UTF8.self)))
        default:
            return .failure(.wrongLength(raw, text.count))
        }
    }

    /// Validates an ID written as 18 plain ASCII digits (the last possibly X): nil when it is not so
    /// written, and the general path must clean it first.
    static func checkedFast(_ raw: String) -> Result<ResidentID, Problem>? {
        var raw = raw
        let verdict = raw.withUTF8 { checkPlain($0) }
        switch verdict {
        case .notPlain: return nil
        case .valid: return .success(ResidentID(trusted: raw))
        case .badBirthDate: return .failure(.badBirthDate(raw))
        case .checkDigit(let expected, let found):
            return .failure(.checkDigit(raw, expected: Character(Unicode.Scalar(expected)), found: Character(Unicode.Scalar(found))))
        }
    }

    /// What `checkPlain` found.
    public enum PlainCheck: Equatable, Sendable {
        /// Not 18 plain ASCII digits (the last possibly X): the general path must look at it.
        case notPlain
        /// Valid: the packed value (see `packed`).
        case valid(packed: Int64)
        case badBirthDate
        case checkDigit(expected: UInt8, found: UInt8)
    }

    /// Checks the bytes of an ID written as 18 plain ASCII digits, the form nearly every export uses,
    /// without making a string. The importer's fast path calls this for every row.
    public static func checkPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> PlainCheck {
        guard bytes.count == 18, let p = bytes.baseAddress else { return .notPlain }
        var sum = 0
        var packed: Int64 = 0
        for index in 0..<17 {
            let byte = p[index]
            guard byte >= 0x30 && byte <= 0x39 else { return .notPlain }
            sum += Int(byte - 0x30) * weights[index]
            packed = packed * 10 + Int64(byte - 0x30)
        }
        let last = p[17]
        guard (last >= 0x30 && last <= 0x39) || last == UInt8(ascii: "X") else { return .notPlain }
        func number(_ from: Int, _ to: Int) -> Int {
            var value = 0
            for index in from..<to { value = value * 10 + Int(p[index] - 0x30) }
            return value
        }
        let year = number(6, 10)
        guard (1900...2100).contains(year), CalendarDate(year: year, month: number(10, 12), day: number(12, 14)) != nil else {
            return .badBirthDate
        }
        let expected = checkBytes[sum % 11]
        guard expected == last else { return .checkDigit(expected: expected, found: last) }
        return .valid(packed: packed * 11 + (last == UInt8(ascii: "X") ? 10 : Int64(last - 0x30)))
    }

    static let checkBytes: [UInt8] = Array("10X98765432".utf8)

    /// The ID as one number (the 17 digits, times 11, plus the check value): a compact key for maps.
    public var packed: Int64 {
        var number: Int64 = 0
        var index = 0
        for byte in value.utf8 {
            if index < 17 { number = number * 10 + Int64(byte - 0x30) }
            else { number = number * 11 + (byte == UInt8(ascii: "X") ? 10 : Int64(byte - 0x30)) }
            index += 1
        }
        return number
    }

    /// For values already validated (read back from the ledger).
    public init(trusted value: String) { self.value = value }

    static func birthDateIsValid(_ bytes: [UInt8]) -> Bool {
        func number(_ range: Range<Int>) -> Int { bytes[range].reduce(0) { $0 * 10 + Int($1 - 0x30) } }
        let year = number(6..<10), month = number(10..<12), day = number(12..<14)
        guard (1900...2100).contains(year) else { return false }
        return CalendarDate(year: year, month: month, day: day) != nil
    }

    /// "330106********1234": the region code and the last four, the birth date hidden. Used wherever a
    /// person reads the ID unless they asked to see it.
    public var masked: String {
        String(value.prefix(6)) + String(repeating: "*", count: 8) + String(value.suffix(4))
    }

    /// The ID as shown: masked unless `reveal`.
    public func shown(reveal: Bool) -> String { reveal ? value : masked }
}
