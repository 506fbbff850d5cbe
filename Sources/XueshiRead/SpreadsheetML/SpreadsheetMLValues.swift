/// The text of a cell's `<Data>` as the `RawCell` its `ss:Type` makes it: numbers stay the literal the
/// file writes, date-times become serials of the 1900 date system, as an .xlsx holds them.
enum SpreadsheetMLValues {
    enum DataType { case string, number, dateTime, boolean, error }

    static func dataType(_ b: UnsafePointer<UInt8>, _ a: XLSXAttribute) -> DataType {
        let s = a.valueStart, e = a.valueEnd
        if XLSXXMLBytes.equalsIgnoringCase(b, s, e, "Number") { return .number }
        if XLSXXMLBytes.equalsIgnoringCase(b, s, e, "DateTime") { return .dateTime }
        if XLSXXMLBytes.equalsIgnoringCase(b, s, e, "Boolean") { return .boolean }
        if XLSXXMLBytes.equalsIgnoringCase(b, s, e, "Error") { return .error }
        return .string
    }

    /// The cell a `<Data>` of `type` holding `text` makes; `isDateStyle` says whether a number is shown as
    /// a date. Text that does not fit its type (a "Number" of "8学时", a "DateTime" of "2024/3/1", which
    /// Excel refuses to open) is kept as text, for the row checks to name.
    static func cell(_ type: DataType, _ text: String, isDateStyle: @autoclosure () -> Bool) -> RawCell {
        switch type {
        case .string:
            return text.isEmpty ? .empty : .text(text)
        case .number:
            let literal = XLSXXMLBytes.trim(text)
            if literal.isEmpty { return .empty }
            guard isNumber(literal) else { return .text(text) }
            return isDateStyle() ? .date(literal) : .number(literal)
        case .dateTime:
            let literal = XLSXXMLBytes.trim(text)
            if literal.isEmpty { return .empty }
            return serial(ofDateTime: literal).map { .date($0) } ?? .text(text)
        case .boolean:
            switch XLSXXMLBytes.trim(text).lowercased() {
            case "1", "true": return .boolean(true)
            case "0", "false": return .boolean(false)
            case "": return .empty
            default: return .text(text)
            }
        case .error:
            let literal = XLSXXMLBytes.trim(text)
            return literal.isEmpty ? .empty : .error(literal)
        }
    }

    /// Whether `s` is a decimal number as XML Schema writes one: "8", "-0.5", ".5", "3.30106198301179E+17".
    static func isNumber(_ s: String) -> Bool {
        let u = Array(s.utf8)
        var i = 0
        if i < u.count && (u[i] == 0x2B || u[i] == 0x2D) { i += 1 }
        var digits = 0
        while i < u.count && u[i] >= 0x30 && u[i] <= 0x39 { i += 1; digits += 1 }
        if i < u.count && u[i] == 0x2E {
            i += 1
            while i < u.count && u[i] >= 0x30 && u[i] <= 0x39 { i += 1; digits += 1 }
        }
        guard digits > 0 else { return false }
        if i < u.count && (u[i] == 0x45 || u[i] == 0x65) {
            i += 1
            if i < u.count && (u[i] == 0x2B || u[i] == 0x2D) { i += 1 }
            var exponent = 0
            while i < u.count && u[i] >= 0x30 && u[i] <= 0x39 { i += 1; exponent += 1 }
            guard exponent > 0 else { return false }
        }
        return i == u.count
    }

    /// Digits of the fraction of a day: a date-time's serial is written to ten places, rounded (what a
    /// spreadsheet shows of a five-digit serial: fifteen significant digits; 09:00 is exactly .375).
    static let fractionDigits = 10

    /// "2024-03-01T00:00:00.000" → "45352", "2024-03-01T09:00:00.000" → "45352.375": the serial in the
    /// 1900 date system, where 1900-01-01 is 1 and 1900-02-29, which never was, is 60 (Excel writes that
    /// day so). A time alone is written on 1899-12-31, the serial 0. The time, its seconds and fraction
    /// and a zone suffix are optional; nil for anything else, or a date outside 1899-12-31…9999-12-31.
    static func serial(ofDateTime s: String) -> String? {
        let u = Array(s.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= u.count else { return nil }
            var v = 0
            for k in from..<(from + count) {
                let d = u[k] &- 0x30
                guard d < 10 else { return nil }
                v = v * 10 + Int(d)
            }
            return v
        }
        guard let year = number(0, 4), u.count >= 10, u[4] == 0x2D, let month = number(5, 2), u[7] == 0x2D,
              let day = number(8, 2), (1...12).contains(month), day >= 1 else { return nil }
        var i = 10
        var milliseconds = 0
        if i < u.count && (u[i] == 0x54 || u[i] == 0x20) {       // "T", or a space as some writers put
            guard let hour = number(i + 1, 2), i + 3 < u.count, u[i + 3] == 0x3A, let minute = number(i + 4, 2),
                  hour < 24, minute < 60 else { return nil }
            i += 6
            var second = 0
            if i < u.count && u[i] == 0x3A {
                guard let sec = number(i + 1, 2), sec < 60 else { return nil }
                second = sec
                i += 3
                if i < u.count && u[i] == 0x2E {
                    i += 1
                    var scale = 100
                    var fraction = 0
                    let digitsStart = i
                    while i < u.count && u[i] >= 0x30 && u[i] <= 0x39 {
                        if scale > 0 { fraction += Int(u[i] - 0x30) * scale; scale /= 10 }
                        i += 1
                    }
                    guard i > digitsStart else { return nil }
                    milliseconds = fraction
                }
            }
            milliseconds += ((hour * 60 + minute) * 60 + second) * 1000
        }
        // A zone ("Z", "+08:00") is ignored: a spreadsheet's times have none.
        if i < u.count {
            let rest = u[i...]
            let zone = rest == [0x5A] || (rest.count == 6 && (rest.first == 0x2B || rest.first == 0x2D))
            guard zone else { return nil }
        }

        let days: Int
        if year == 1899 && month == 12 && day == 31 {
            days = 0
        } else if year == 1900 && month == 2 && day == 29 {
            days = 60
        } else {
            guard year >= 1900, day <= daysIn(month, year) else { return nil }
            let fromEpoch = daysFromCivil(year, month, day) - daysFromCivil(1899, 12, 30)
            // Before March 1900 the serials lack the day that 1900-02-29 takes.
            days = fromEpoch < 61 ? fromEpoch - 1 : fromEpoch
        }
        if milliseconds == 0 { return String(days) }
        let unit = 86_400_000
        var scaled = (milliseconds * pow10(fractionDigits) + unit / 2) / unit
        var whole = days
        if scaled >= pow10(fractionDigits) { whole += 1; scaled = 0 }
        if scaled == 0 { return String(whole) }
        var fraction = String(scaled)
        fraction = String(repeating: "0", count: fractionDigits - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(whole).\(fraction)"
    }

    private static func pow10(_ n: Int) -> Int {
        var v = 1
        for _ in 0..<n { v *= 10 }
        return v
    }

    private static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a date of the proleptic Gregorian calendar.
    private static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
