import Foundation
/// Continuing-education hours (学时), exact to the hundredth: stored as a whole number of hundredths so
/// that sums and comparisons are exact (89.99 is not 90). Binary floating point never holds an hour.
public struct Hours: Hashable, Comparable, Sendable, AdditiveArithmetic, CustomStringConvertible {
    /// The amount in hundredths of an hour: 8.5 hours is 850.
    public var hundredths: Int64

    public init(hundredths: Int64) { self.hundredths = hundredths }
    public init(_ whole: Int) { self.hundredths = Int64(whole) * 100 }

    public static let zero = Hours(hundredths: 0)
    public static func + (a: Hours, b: Hours) -> Hours { Hours(hundredths: a.hundredths + b.hundredths) }
    public static func - (a: Hours, b: Hours) -> Hours { Hours(hundredths: a.hundredths - b.hundredths) }
    public static func += (a: inout Hours, b: Hours) { a.hundredths += b.hundredths }
    public static func < (a: Hours, b: Hours) -> Bool { a.hundredths < b.hundredths }

    /// "90", "92.5", "89.99": no trailing zeros, no exponent.
    public var description: String {
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = hundredths.magnitude
        let whole = magnitude / 100, fraction = magnitude % 100
        if fraction == 0 { return "\(sign)\(whole)" }
        if fraction % 10 == 0 { return "\(sign)\(whole).\(fraction / 10)" }
        return "\(sign)\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// Why a text is not an amount of hours.
    public enum ParseError: Error, Equatable, Sendable {
        case empty
        case notANumber(String)
        case tooPrecise(String)
    }

    /// Parses hours as exports write them: "8", "8.0", "8.50", "８", "8学时", "8 学时", "8小时", " 8 ".
    /// More than two decimals are refused unless they are zeros ("8.125" is not rounded silently).
    /// The sign is kept so that the caller can say "must be more than 0" rather than "not a number".
    /// A number as a spreadsheet stored it, a binary float written out: `=1.1+2.2` is saved as
    /// "3.3000000000000003". Within 1e-9 of a value with two decimals it is that value; further away
    /// it is what `parse` says (too precise). Exact decimal arithmetic throughout, never a Double.
    public static func parseSpreadsheetNumber(_ literal: String) -> Result<Hours, ParseError> {
        let direct = parse(literal)
        guard case .failure(.tooPrecise) = direct,
              let value = Decimal(string: literal, locale: Locale(identifier: "en_US_POSIX")) else { return direct }
        var scaled = value * 100, rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        // 1e-9 hours is 1e-7 hundredths.
        guard (scaled - rounded).magnitude <= Decimal(sign: .plus, exponent: -7, significand: 1),
              rounded.magnitude < Decimal(Int64.max / 2) else { return direct }
        return .success(Hours(hundredths: NSDecimalNumber(decimal: rounded).int64Value))
    }

    public static func parse(_ raw: String) -> Result<Hours, ParseError> {
        // Fast path: plain ASCII digits with at most two decimals, as nearly every export writes them.
        if let plain = raw.utf8.withContiguousStorageIfAvailable({ plainDecimal($0) }) ?? nil {
            return .success(Hours(hundredths: plain))
        }
        var text = Text.canonical(raw)
        for unit in ["学时", "小时", "课时", "h", "H"] where text.hasSuffix(unit) {
            text = Text.trim(String(text.dropLast(unit.count)))
            break
        }
        if text.isEmpty { return .failure(raw.isEmpty || Text.canonical(raw).isEmpty ? .empty : .notANumber(raw)) }
        var negative = false
        var bytes = Substring(text).utf8[...]
        if bytes.first == UInt8(ascii: "-") { negative = true; bytes = bytes.dropFirst() }
        else if bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        var whole: Int64 = 0, fraction: Int64 = 0, fractionDigits = 0, digits = 0
        var seenPoint = false
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = Int64(byte - UInt8(ascii: "0"))
                digits += 1
                if seenPoint {
                    fractionDigits += 1
                    if fractionDigits <= 2 { fraction = fraction * 10 + digit }
                    else if digit != 0 { return .failure(.tooPrecise(raw)) }
                } else {
                    guard whole < 100_000_000 else { return .failure(.notANumber(raw)) }
                    whole = whole * 10 + digit
                }
            case UInt8(ascii: "."):
                if seenPoint { return .failure(.notANumber(raw)) }
                seenPoint = true
            default:
                return .failure(.notANumber(raw))
            }
        }
        if digits == 0 { return .failure(.notANumber(raw)) }
        if fractionDigits == 1 { fraction *= 10 }
        let value = whole * 100 + fraction
        return .success(Hours(hundredths: negative ? -value : value))
    }
}

extension Hours {
    /// "8", "12.5", "0.25" → hundredths; nil for anything else (signs, spaces, units, more decimals).
    /// The importer's fast path calls this for every row, on the bytes of the cell.
    public static func plainDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard !bytes.isEmpty, bytes.count <= 12 else { return nil }
        var whole: Int64 = 0, fraction: Int64 = 0, fractionDigits = 0, seenPoint = false, digits = 0
        for byte in bytes {
            if byte >= 0x30 && byte <= 0x39 {
                digits += 1
                if seenPoint {
                    fractionDigits += 1
                    guard fractionDigits <= 2 else { return nil }
                    fraction = fraction * 10 + Int64(byte - 0x30)
                } else {
                    whole = whole * 10 + Int64(byte - 0x30)
                }
            } else if byte == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else {
                return nil
            }
        }
        guard digits > 0, !(seenPoint && fractionDigits == 0) else { return nil }
        return whole * 100 + (fractionDigits == 1 ? fraction * 10 : fraction)
    }
}

extension Hours: Codable {
    /// Encoded as a JSON number with at most two decimals (92.5, 90, 89.99), decoded likewise.
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self), case .success(let hours) = Hours.parse(text) {
            self = hours
            return
        }
        let number = try container.decode(Double.self)
        // A decoded JSON/YAML number is rounded to the nearest hundredth: that is the format's precision.
        self.init(hundredths: Int64((number * 100).rounded()))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(JSONDecimal(self))
    }
}

/// A number that prints exactly as its decimal text: Foundation's encoders print a Double's shortest
/// round-trip form, which for a value with at most two decimals is exactly that text.
struct JSONDecimal: Encodable {
    let hours: Hours
    init(_ hours: Hours) { self.hours = hours }
    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        if hours.hundredths % 100 == 0 { try container.encode(hours.hundredths / 100) }
        else { try container.encode(Double(hours.hundredths) / 100) }
    }
}
