/// A calendar date with no time and no time zone: the day a training started or ended.
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A valid date, or nil (2023-02-29 does not exist).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
              day <= CalendarDate.daysIn(month: month, year: year) else { return nil }
        self.year = year; self.month = month; self.day = day
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// As stored in the ledger: 20240305.
    public var yyyymmdd: Int { year * 10_000 + month * 100 + day }
    public init?(yyyymmdd: Int) { self.init(year: yyyymmdd / 10_000, month: yyyymmdd / 100 % 100, day: yyyymmdd % 100) }

    /// "2024-03-05".
    public var description: String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day))"
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool { a.yyyymmdd < b.yyyymmdd }

    /// Days since 1970-01-01 (negative before), for date arithmetic.
    public var daysSinceEpoch: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public init(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// The date of an Excel serial number in the 1900 date system (45356 is 2024-03-05). Excel counts
    /// 1900-02-29, which never was: serials from 61 on are one day ahead of a plain count.
    public init?(excelSerial serial: Int) {
        guard serial >= 1, serial < 2_958_466 else { return nil }
        if serial == 60 { return nil }
        let offset = serial < 60 ? serial - 1 : serial - 2
        self.init(daysSinceEpoch: CalendarDate(year: 1900, month: 1, day: 1)!.daysSinceEpoch + offset)
    }

    /// Today in the local calendar of this machine.
    public static func today() -> CalendarDate {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        return CalendarDate(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))!
    }

    /// What `parsePlain` found.
    public enum PlainParse: Equatable, Sendable {
        /// Not written as yyyy-mm-dd in ASCII digits: `parse` must look at it.
        case notPlain
        case date(CalendarDate)
        /// Written so, but no such day (2023-02-29).
        case invalid
    }

    /// Reads exactly "2024-03-05" from bytes, the form nearly every export uses, without making a string.
    public static func parsePlain(_ bytes: UnsafeBufferPointer<UInt8>) -> PlainParse {
        guard bytes.count == 10, let p = bytes.baseAddress else { return .notPlain }
        guard p[4] == UInt8(ascii: "-"), p[7] == UInt8(ascii: "-") else { return .notPlain }
        var parts = (0, 0, 0)
        for position in 0..<10 where position != 4 && position != 7 {
            let byte = p[position]
            guard byte >= 0x30 && byte <= 0x39 else { return .notPlain }
            let digit = Int(byte - 0x30)
            switch position {
            case 0..<4: parts.0 = parts.0 * 10 + digit
            case 5..<7: parts.1 = parts.1 * 10 + digit
            default: parts.2 = parts.2 * 10 + digit
            }
        }
        return CalendarDate(year: parts.0, month: parts.1, day: parts.2).map(PlainParse.date) ?? .invalid
    }

    /// Parses the forms exports use: 2024-03-05, 2024/3/5, 2024.03.05, 2024年3月5日, 20240305, each
    /// possibly followed by a time ("2024-03-05 09:30:00", "2024-03-05T09:30"), with full-width digits.
    public static func parse(_ raw: String) -> CalendarDate? {
        // Fast path: exactly "2024-03-05", the form nearly every export uses.
        if raw.utf8.count == 10, let plain = raw.utf8.withContiguousStorageIfAvailable({ parsePlain($0) }) {
            switch plain {
            case .date(let date): return date
            case .invalid: return nil
            case .notPlain: break
            }
        }
        var groups: [(value: Int, digits: Int)] = []
        var value = 0, digits = 0
        func closeGroup() {
            if digits > 0 { groups.append((value, digits)); value = 0; digits = 0 }
        }
        scan: for scalar in Text.canonical(raw).unicodeScalars {
            switch scalar {
            case "0"..."9":
                guard digits < 8 else { return nil }
                value = value * 10 + Int(scalar.value - 48)
                digits += 1
            case "-", "/", ".", "年", "月":
                closeGroup()
                if groups.count >= 3 { return nil }
            case "日", "号":
                closeGroup()
                break scan
            case " ", "T", "\t":
                closeGroup()
                if groups.count == 3 || (groups.count == 1 && groups[0].digits == 8) { break scan }
                return nil
            default:
                return nil
            }
        }
        closeGroup()
        if groups.count == 1, groups[0].digits == 8 { return CalendarDate(yyyymmdd: groups[0].value) }
        guard groups.count == 3, groups[0].digits == 4, groups[1].digits <= 2, groups[2].digits <= 2 else { return nil }
        return CalendarDate(year: groups[0].value, month: groups[1].value, day: groups[2].value)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
