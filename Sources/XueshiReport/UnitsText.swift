import Foundation
import XueshiModel

/// `report units` as a terminal table, a CSV file and JSON.
public enum UnitsText {
    static func headers(_ context: ReportContext, byDepartment: Bool = false) -> [String] {
        (byDepartment ? ["单位", "部门"] : ["单位"]) + ["人数", "达标", "未达标", "进行中", "达标率", "计入学时", "人均学时"]
            + context.years.map { "\($0)年学时" } + Category.allCases.map(\.label)
    }

    static func cells(_ unit: UnitSummary, _ context: ReportContext, byDepartment: Bool = false) -> [String] {
        (byDepartment ? [unit.unit, unit.department ?? ""] : [unit.unit]) + [String(unit.people), String(unit.meeting), String(unit.short), String(unit.inProgress), unit.rateText,
         unit.counted.description, unit.averagePerPerson.description]
            + context.years.map { (unit.countedByYear[$0] ?? .zero).description }
            + Category.allCases.map { (unit.countedByCategory[$0] ?? .zero).description }
    }

    /// The per-unit table with a totals row, columns aligned with Chinese text; fitted to `width` when
    /// given (the categories go first, then the years, the average, the hours, the in-progress count).
    ///
    /// `byDepartment`: one row per department of each unit (the rosters'), then the total.
    public static func table(_ summary: Summary, width: Int? = nil, byDepartment: Bool = false) -> String {
        typealias Column = TextTable.Column
        let years = summary.context.years.count, categories = Category.allCases.count
        let kept = Column.kept
        var dropOrders: [Int] = [kept, kept, kept, kept, 5, kept, 4, 3]
        dropOrders += Array(repeating: 2, count: years)
        dropOrders += Array(repeating: 1, count: categories)
        if byDepartment { dropOrders.insert(kept, at: 1) }
        let headers = headers(summary.context, byDepartment: byDepartment)
        let texts = byDepartment ? 2 : 1
        var columns = (0..<texts).map { Column(headers[$0], wraps: true, minimumWidth: 8) }
        for index in texts..<headers.count { columns.append(Column(headers[index], numeric: true, dropOrder: dropOrders[index])) }
        var table = TextTable(columns: columns)
        for unit in byDepartment ? summary.departments : summary.units {
            table.rows.append(cells(unit, summary.context, byDepartment: byDepartment).map { Text.inert($0) })
        }
        var total = cells(summary.overall, summary.context, byDepartment: byDepartment)
        if byDepartment { total[1] = "" }
        table.rows.append(total)
        let what = byDepartment ? "各部门汇总" : "各单位汇总"
        return "\(summary.context.policyTitle)：\(what)（截至 \(summary.context.asOf)，\(summary.context.policyRule)）\n"
            + table.render(width: width)
    }

    /// UTF-8 with BOM (so that Excel on Windows reads it), Chinese headers, CRLF; no cell can start a
    /// formula.
    public static func csv(_ summary: Summary, byDepartment: Bool = false) -> Data {
        var text = "\u{FEFF}" + CSVText.line(headers(summary.context, byDepartment: byDepartment))
        for unit in byDepartment ? summary.departments : summary.units {
            text += CSVText.line(cells(unit, summary.context, byDepartment: byDepartment))
        }
        var total = cells(summary.overall, summary.context, byDepartment: byDepartment)
        if byDepartment { total[1] = "" }
        text += CSVText.line(total)
        return Data(text.utf8)
    }


    /// Exactly INTERFACE.md's shape: {"policy", "asOf", "units": [{"unit", "people", "meeting", "notMeeting", "counted"}]}.
    /// `byDepartment`: a "departments" list beside "units", each with its unit and department.
    public static func json(_ summary: Summary, byDepartment: Bool = false) throws -> Data {
        struct Unit: Encodable {
            var unit: String; var department: String?; var people: Int; var meeting: Int; var notMeeting: Int; var counted: Hours
        }
        struct Report: Encodable { var policy: String; var asOf: String; var units: [Unit]; var departments: [Unit]? }
        func unit(_ u: UnitSummary) -> Unit {
            Unit(unit: u.unit, department: u.department, people: u.people, meeting: u.meeting, notMeeting: u.notMeeting, counted: u.counted)
        }
        let report = Report(policy: summary.context.policyName, asOf: summary.context.asOf.description,
                            units: summary.units.map(unit), departments: byDepartment ? summary.departments.map(unit) : nil)
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
