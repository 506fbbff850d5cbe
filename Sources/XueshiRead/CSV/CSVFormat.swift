/// How a CSV file is written: its text encoding and the byte that separates its fields.
public struct CSVFormat: Sendable, Hashable, CustomStringConvertible {
    public var encoding: TextEncoding
    /// An ASCII byte: a comma, a tab or a semicolon (`CSVFormat.comma`, `.tab`, `.semicolon`).
    public var delimiter: UInt8
    /// UTF-16 without a byte-order mark, big-endian (told from where its zero bytes fall); a mark decides
    /// for itself.
    public var bigEndian = false

    public init(encoding: TextEncoding = .utf8, delimiter: UInt8 = CSVFormat.comma, bigEndian: Bool = false) {
        self.encoding = encoding
        self.delimiter = delimiter
        self.bigEndian = bigEndian
    }

    public static let comma: UInt8 = 0x2C
    public static let tab: UInt8 = 0x09
    public static let semicolon: UInt8 = 0x3B
    /// The delimiters detection tries, in order.
    public static let delimiters: [UInt8] = [comma, tab, semicolon]

    /// For users: "GB18030，逗号分隔".
    public var description: String {
        let separator: String
        switch delimiter {
        case CSVFormat.comma: separator = "逗号分隔"
        case CSVFormat.tab: separator = "制表符分隔"
        case CSVFormat.semicolon: separator = "分号分隔"
        default: separator = "分隔符 0x" + String(delimiter, radix: 16, uppercase: true)
        }
        return "\(encoding.displayName)，\(separator)"
    }
}
