import Foundation
import XueshiModel

/// `report units` as a terminal table, a CSV file and JSON.
public enum UnitsText {
    static func headers(_ context: ReportContext) -> [String] {
        ["单位", "人数", "达标", "未达标", "进行中", "达标率", "计入学时", "人均学时"]
            + context.years.map { "\($0)年学时" } + Category.allCases.map(\.label)
    }

    static func cells(_ unit: UnitSummary, _ context: ReportContext) -> [String] {
        [unit.unit, String(unit.people), String(unit.meeting), String(unit.short), String(unit.inProgress), unit.rateText,
         unit.counted.description, unit.averagePerPerson.description]
            + context.years.map { (unit.countedByYear[$0] ?? .zero).description }
            + Category.allCases.map { (unit.countedByCategory[$0] ?? .zero).description }
    }

    /// The per-unit table with a totals row, columns aligned with Chinese text; fitted to `width` when
    /// given (the categories go first, then the years, the average, the hours, the in-progress count).
    public static func table(_ summary: Summary, width: Int? = nil) -> String {
        typealias Column = TextTable.Column
        let years = summary.context.years.count, categories = Category.allCases.count
        let kept = Column.kept
        var dropOrders: [Int] = [kept, kept, kept, kept, 5, kept, 4, 3]
        dropOrders += Array(repeating: 2, count: years)
        dropOrders += Array(repeating: 1, count: categories)
        let headers = headers(summary.context)
        var columns = [Column(headers[0], wraps: true, minimumWidth: 8)]
        for index in 1..<headers.count { columns.append(Column(headers[index], numeric: true, dropOrder: dropOrders[index])) }
        var table = TextTable(columns: columns)
        for unit in summary.units { table.rows.append(cells(unit, summary.context)) }
        table.rows.append(cells(summary.overall, summary.context))
        return "\(summary.context.policyTitle)：各单位汇总（截至 \(summary.context.asOf)，\(summary.context.policyRule)）\n"
            + table.render(width: width)
    }

    /// UTF-8 with BOM (so that Excel on Windows reads it), Chinese headers, CRLF; no cell can start a
    /// formula.
    public static func csv(_ summary: Summary) -> Data {
        var text = "\u{FEFF}" + CSVText.line(headers(summary.context))
        for unit in summary.units { text += CSVText.line(cells(unit, summary.context)) }
        text += CSVText.line(cells(summary.overall, summary.context))
        return Data(text.utf8)
    }


    /// Exactly INTERFACE.md's shape: {"policy", "asOf", "units": [{"unit", "people", "meeting", "notMeeting", "counted"}]}.
    public static func json(_ summary: Summary) throws -> Data {
        struct Unit: Encodable { var unit: String; var people: Int; var meeting: Int; var notMeeting: Int; var counted: Hours }
        struct Report: Encodable { var policy: String; var asOf: String; var units: [Unit] }
        let report = Report(policy: summary.context.policyName, asOf: summary.context.asOf.description,
                            units: summary.units.map { Unit(unit: $0.unit, people: $0.people, meeting: $0.meeting,
                                                            notMeeting: $0.notMeeting, counted: $0.counted) })
        return try JSONOutput.encode(report)
    }
}

/// CSV as the program writes it, for Excel and WPS.
public enum CSVText {
    /// One line, CRLF-terminated: fields quoted where needed, each made inert (SpreadsheetSafety), so no
    /// cell can start a formula.
    public static func line(_ cells: [String]) -> String {
        cells.map { cell in
            let safe = SpreadsheetSafety.inert(cell)
            let quoted = safe.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            return quoted ? "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : safe
        }.joined(separator: ",") + "\r\n"
    }
}
