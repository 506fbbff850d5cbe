import Foundation

/// FreeXL's values as the cells an .xlsx of the same data gives: a number as the literal text an .xlsx
/// holds, a date or time (which FreeXL hands over as text) as its serial in the 1900 date system.
enum BIFFLiteral {
    /// The cell for a number FreeXL read as a double.
    ///
    /// An .xlsx stores the shortest text that gives the double back ("8.5", "3.3000000000000003"), and a
    /// whole number without a decimal point ("8", "45356"); so does this. From 10^15 up, only 15
    /// significant digits in Excel's notation ("3.30106198803125E+17"): Excel keeps no more when a number
    /// is typed, shows no more, and a number this large in an export is an ID or a code that became a
    /// number, which the importer must recognise as mangled (and name as Excel shows it), whichever
    /// program wrote the .xls.
    static func number(_ value: Double) -> RawCell {
        guard value.isFinite else { return .error("#NUM!") }
        let magnitude = value.magnitude
        if magnitude >= 1e15 { return .number(scientific15(value)) }
        if value == value.rounded(.towardZero) { return .number(String(Int64(value))) }
        return .number(excelExponent(value.description))
    }

    /// "3.30106198803125E+17": 15 significant digits, trailing zeros of the mantissa dropped.
    private static func scientific15(_ value: Double) -> String {
        let text = String(format: "%.14E", value)
        guard let e = text.firstIndex(of: "E") else { return text }
        var mantissa = text[..<e]
        if mantissa.contains(".") {
            while mantissa.last == "0" { mantissa.removeLast() }
            if mantissa.last == "." { mantissa.removeLast() }
        }
        return String(mantissa + text[e...])
    }

    /// Swift writes small numbers as "1e-05"; Excel's files have a capital E.
    private static func excelExponent(_ text: String) -> String {
        text.contains("e") ? text.replacingOccurrences(of: "e", with: "E") : text
    }

    /// The cell for a date, date and time, or time, which FreeXL gives as "2024-03-01",
    /// "2025-03-05 09:00:00" or "09:00:00" (rounded to the second): the serial an .xlsx holds, "45352",
    /// "45721.375", "0.375". Text in any other form (never seen from FreeXL) stays text.
    ///
    /// FreeXL counts days from 1900-01-01 (or 1904-01-02 in a 1904 workbook) treating every fourth year
    /// as a leap year, 1900 included, as Excel does; counting back the same way gives Excel's serial in
    /// the 1900 system for either date system, 1900-02-29 (serial 60) included.
    static func date(_ text: String) -> RawCell {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        func seconds(at start: Int) -> Int? {
            guard bytes.count == start + 8, bytes[start + 2] == 0x3A, bytes[start + 5] == 0x3A,
                  let h = number(start..<start + 2), let m = number(start + 3..<start + 5),
                  let s = number(start + 6..<start + 8), h <= 24, m < 60, s < 60 else { return nil }
            return h * 3600 + m * 60 + s
        }
        if bytes.count == 8, let secs = seconds(at: 0) {
            return .date(serialText(days: 0, seconds: secs))
        }
        guard bytes.count >= 10, bytes[4] == 0x2D, bytes[7] == 0x2D,
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              year >= 1900, (1...12).contains(month), (1...31).contains(day) else { return .text(text) }
        let days = serial(year: year, month: month, day: day)
        if bytes.count == 10 { return .date(String(days)) }
        guard bytes[10] == 0x20, let secs = seconds(at: 11) else { return .text(text) }
        return .date(serialText(days: days, seconds: secs))
    }

    /// The serial FreeXL counted to reach `year-month-day` (see `date(_:)`).
    static func serial(year: Int, month: Int, day: Int) -> Int {
        let leap = year % 4 == 0
        let before = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334][month - 1] + (leap && month > 2 ? 1 : 0)
        let daysBeforeYear = (year - 1900) * 365 + ((year - 1) / 4 - 1899 / 4)
        return daysBeforeYear + before + day
    }

    private static func serialText(days: Int, seconds: Int) -> String {
        if seconds == 0 { return String(days) }
        // FreeXL rounds to the second, so a time just before midnight comes as "24:00:00": the serial
        // stays on its own day (the largest value below the next one), as the file had it.
        if seconds >= 86_400 { return (Double(days) + 1).nextDown.description }
        return (Double(days) + Double(seconds) / 86_400).description
    }
}
