import XueshiModel
import XueshiRead

/// When the registration system made an export, from the title rows above its header
/// ("导出时间：2025-09-01 10:00:00"). The ledger uses it to tell an older export from a newer one: a
/// review decision in an older export never replaces one from a newer export, whatever order the
/// files are imported in.
public enum ExportTime {
    /// The labels a title row puts before the time.
    static let labels = ["导出时间", "导出日期", "下载时间", "生成时间", "打印时间"]

    /// The export time written in `rows` (the rows above the header), as "2025-09-01 10:00:00", or nil.
    public static func find(in rows: [RawRow]) -> String? {
        for row in rows {
            for (index, cell) in row.cells.enumerated() {
                let text = Text.canonical(cell.text)
                for label in labels {
                    guard let range = text.range(of: label) else { continue }
                    var rest = text[range.upperBound...].drop { $0 == ":" || $0 == " " || $0 == "：" }
                    // A time may be followed by other text in the same cell ("导出时间：2025-09-01 导出人：…").
                    rest = rest.prefix { !"导人，,;；".contains($0) }
                    if let time = parse(String(rest)) { return time }
                    // Or stand in the next cell, as text or as a date cell of a workbook.
                    if rest.isEmpty, let next = row.cells[(index + 1)...].first(where: { !$0.isBlank }) {
                        if case .date(let serial) = next, let time = fromSerial(serial) { return time }
                        if let time = parse(next.text) { return time }
                    }
                }
            }
        }
        return nil
    }

    /// A workbook's date-time serial ("45901.4166…": days, and the fraction of a day) as a time.
    static func fromSerial(_ serial: String) -> String? {
        guard let value = Double(serial), value >= 1, let date = CalendarDate(excelSerial: Int(value)) else { return nil }
        let seconds = Int(((value - value.rounded(.down)) * 86_400).rounded())
        guard seconds < 86_400 else { return nil }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(date) \(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
    }

    /// "2025-09-01 10:00:00", "2025/9/1 10:00", "2025年9月1日", "2025-09-01T10:00:00" → "2025-09-01 10:00:00"
    /// (a missing time is midnight); nil for anything else.
    static func parse(_ raw: String) -> String? {
        let text = Text.trim(raw)
        // The date ends where a time begins: at the first space or T after it.
        let dateEnd = text.firstIndex { $0 == " " || $0 == "T" } ?? text.endIndex
        guard let date = CalendarDate.parse(String(text[..<dateEnd])) else { return nil }
        var parts = [0, 0, 0]
        let time = Text.trim(String(text[dateEnd...].dropFirst()))
        if !time.isEmpty {
            let fields = time.split(separator: ":", omittingEmptySubsequences: false)
            guard (2...3).contains(fields.count) else { return nil }
            for (index, field) in fields.enumerated() {
                guard (1...2).contains(field.count), let value = Int(field) else { return nil }
                parts[index] = value
            }
            guard parts[0] < 24, parts[1] < 60, parts[2] < 60 else { return nil }
        }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(date) \(two(parts[0])):\(two(parts[1])):\(two(parts[2]))"
    }
}
