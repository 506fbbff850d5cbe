import Testing
@testable import XueshiModel

/// DOMAIN.md: dates come as 2024-03-05, 2024/3/5, 2024.03.05, 2024年3月5日, with a time after them, or as
/// Excel serial numbers.
@Suite("Calendar dates")
struct CalendarDateTests {
    @Test("every written form of a date is read", arguments: [
        "2024-03-05", "2024/3/5", "2024.03.05", "2024年3月5日", "2024-03-05 09:30:00", "2024/3/5 9:30",
        "2024-03-05T09:30", "２０２４－０３－０５", "20240305", " 2024-3-5 ", "2024年03月05日 14时", "2024年3月5号",
    ])
    func parses(text: String) {
        #expect(CalendarDate.parse(text) == CalendarDate(year: 2024, month: 3, day: 5))
    }

    @Test("impossible or unreadable dates are refused", arguments: [
        "2023-02-29", "2024-13-01", "2024-00-10", "24-3-5", "2024-3", "三月五日", "2024-03-05-01", "", "abc",
    ])
    func refuses(text: String) {
        #expect(CalendarDate.parse(text) == nil)
    }

    @Test("Excel serial numbers in the 1900 date system", arguments: [
        (45356, "2024-03-05"), (1, "1900-01-01"), (59, "1900-02-28"), (61, "1900-03-01"), (44927, "2023-01-01"),
        (46022, "2025-12-31"),
    ])
    func excelSerial(serial: Int, text: String) {
        #expect(CalendarDate(excelSerial: serial)?.description == text)
    }

    @Test("Excel's 1900-02-29, which never was, is not a date")
    func excelLeapBug() {
        #expect(CalendarDate(excelSerial: 60) == nil)
    }

    @Test("days since the epoch round-trip", arguments: [-1, 0, 19_787, 2_932_896, -719_162])
    func roundTrip(days: Int) {
        #expect(CalendarDate(daysSinceEpoch: days).daysSinceEpoch == days)
    }

    @Test("yyyymmdd is how the ledger stores a date")
    func yyyymmdd() {
        #expect(CalendarDate(year: 2024, month: 3, day: 5)?.yyyymmdd == 20240305)
        #expect(CalendarDate(yyyymmdd: 20240305) == CalendarDate(year: 2024, month: 3, day: 5))
    }
}
