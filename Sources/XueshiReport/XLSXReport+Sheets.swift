import CXlsxWriter
import Foundation
import XueshiModel
import XueshiVerify

extension XLSXReport.Book {
    // MARK: - 汇总

    /// Title line, header row, one row per unit, 合计, notes; the rate chart below them, as wide as the
    /// table, so that it is seen (and printed) with it.
    func writeSummarySheet(_ summary: Summary) throws {
        let context = summary.context
        let f = formats
        let sheet = try addSheet(XLSXReport.summarySheetName)
        let categories = Category.allCases
        let headers = ["单位", "人数", "达标", "未达标", "进行中", "达标率", "计入学时", "人均学时"]
            + context.years.map { "\($0)年学时" } + categories.map(\.label)
        let rateColumn = 5
        let headerRow = 1, firstUnitRow = 2
        let lastColumn = headers.count - 1

        // Counts, the rate, then hours: each column at least as wide as its header (CJK counts two).
        let widths = [XLSXReport.columnWidth(["单位", "合计"] + summary.units.map(\.unit), within: 10...40)]
            + headers.enumerated().dropFirst().map { column, header in
                Double(max(XLSXReport.displayWidth(header) + 2, column < rateColumn ? 8 : column == rateColumn ? 9 : 11))
            }
        for (column, width) in widths.enumerated() { try sheet.width(column, column, width) }
        let tableWidth = widths.reduce(0, +)
        sheet.freeze(rows: headerRow + 1)
        try sheet.printSetup(repeating: headerRow...headerRow, header: pageHeader)

        let title = "\(context.policyTitle)　核查截至 \(context.asOf)　生成于 \(context.generatedAt)"
        let titleLines = XLSXReport.wrappedLines(title, width: tableWidth, scale: XLSXReport.Formats.titleFontSize / 11)
        try sheet.banner(0, 0...lastColumn, title, f.title, lines: titleLines, lineHeight: 21)
        // The height of the rows written, in points: where the chart falls on the printed pages.
        var rowsHeight = Double(titleLines) * 21
        for (column, header) in headers.enumerated() { try sheet.text(headerRow, column, header, f.header) }

        func unitRow(_ row: Int, _ unit: UnitSummary, name: String, total: Bool) throws {
            try sheet.text(row, 0, name, total ? f.totalText : f.text)
            let integer = total ? f.totalInteger : f.integer, hours = total ? f.totalHours : f.hours
            try sheet.integer(row, 1, unit.people, integer)
            try sheet.integer(row, 2, unit.meeting, integer)
            try sheet.integer(row, 3, unit.short, integer)
            try sheet.integer(row, 4, unit.inProgress, integer)
            if unit.people > 0 {
                try sheet.number(row, rateColumn, Double(unit.meeting) / Double(unit.people), total ? f.totalPercent : f.percent)
            } else if total {
                try sheet.text(row, rateColumn, "", f.totalPercent)
            }
            try sheet.hours(row, 6, unit.counted, hours)
            try sheet.hours(row, 7, unit.averagePerPerson, hours)
            var column = 8
            for year in context.years {
                try sheet.hours(row, column, unit.countedByYear[year] ?? .zero, hours); column += 1
            }
            for category in categories {
                try sheet.hours(row, column, unit.countedByCategory[category] ?? .zero, hours); column += 1
            }
        }

        var row = firstUnitRow
        for unit in summary.units {
            try unitRow(row, unit, name: unit.unit, total: false)
            row += 1
        }
        // The units can be sorted and filtered; 合计 stays under them.
        if !summary.units.isEmpty {
            try sheet.check(worksheet_autofilter(sheet.pointer, lxw_row_t(headerRow), 0, lxw_row_t(row - 1), lxw_col_t(lastColumn)),
                            row: nil)
        }
        try unitRow(row, summary.overall, name: "合计", total: true)
        row += 2
        rowsHeight += Double(row - headerRow) * XLSXReport.defaultRowHeight

        // Notes under the table, each across it.
        let charted = min(summary.units.count, XLSXReport.chartedUnitsLimit)
        var notes: [String] = []
        if !context.policyRule.isEmpty { notes.append("核查要求：\(context.policyRule)") }
        if !context.policySources.isEmpty { notes.append("政策依据：" + context.policySources.joined(separator: "；")) }
        if summary.units.count > charted {
            notes.append("注：下方图表只显示前 \(charted) 个单位（共 \(summary.units.count) 个单位），完整数据见上表。")
        }
        for note in notes {
            let lines = XLSXReport.wrappedLines(note, width: tableWidth)
            try sheet.banner(row, 0...lastColumn, note, f.note, lines: lines)
            rowsHeight += Double(lines) * XLSXReport.Formats.lineHeight
            row += 1
        }
        if !notes.isEmpty { row += 1; rowsHeight += XLSXReport.defaultRowHeight }

        guard charted > 0 else { return }
        try insertRateChart(summary, sheet: sheet, row: row, above: rowsHeight, firstUnitRow: firstUnitRow,
                            rateColumn: rateColumn, width: widths.reduce(0) { $0 + XLSXReport.pixels($1) })
    }

    /// The rate per unit as a bar chart at `row` (under rows `above` points high), `width` pixels wide.
    /// The bars are in the table's order (units by name, as every report lists them), so a unit is found
    /// at the same place in both, and the chart refers to the table's own cells: sorted or edited there,
    /// it follows. Every unit's full name is on the axis.
    private func insertRateChart(_ summary: Summary, sheet: XLSXReport.Sheet, row: Int, above: Double, firstUnitRow: Int,
                                 rateColumn: Int, width: Int) throws {
        let charted = min(summary.units.count, XLSXReport.chartedUnitsLimit)
        guard let chart = workbook_add_chart(workbook, UInt8(LXW_CHART_BAR.rawValue)) else {
            throw XLSXReportError(path: path, code: LXW_ERROR_MEMORY_MALLOC_FAILED, detail: "图表")
        }
        guard let series = chart_add_series(chart, nil, nil) else {
            throw XLSXReportError(path: path, code: LXW_ERROR_MEMORY_MALLOC_FAILED, detail: "图表")
        }
        let lastUnitRow = lxw_row_t(firstUnitRow + charted - 1)
        XLSXReport.summarySheetName.withCString { name in
            chart_series_set_categories(series, name, lxw_row_t(firstUnitRow), 0, lastUnitRow, 0)
            chart_series_set_values(series, name, lxw_row_t(firstUnitRow), lxw_col_t(rateColumn), lastUnitRow,
                                    lxw_col_t(rateColumn))
        }
        // Constant-memory mode leaves the chart without cached data, and without it libxlsxwriter refers to
        // the unit names as numbers: give the cache, as Excel itself writes it (viewers that do not
        // recompute charts show it as it is).
        let chartedUnits = summary.units.prefix(charted)
        try XLSXReport.cache(series.pointee.categories, chartedUnits.map { .text(XLSXReport.cellText($0.unit)) }, path: path)
        try XLSXReport.cache(series.pointee.values, chartedUnits.map {
            $0.people > 0 ? .number(Double($0.meeting) / Double($0.people)) : .none
        }, path: path)
        "达标率".withCString { chart_series_set_name(series, $0) }
        var small = lxw_chart_font()
        small.size = 8
        chart_series_set_labels(series)
        chart_series_set_labels_num_format(series, "0.0%")
        chart_series_set_labels_font(series, &small)
        let title = summary.units.count > charted
            ? "各单位达标率（仅前 \(charted) 个单位，共 \(summary.units.count) 个）" : "各单位达标率"
        title.withCString { chart_title_set_name(chart, $0) }
        var titleFont = lxw_chart_font()
        titleFont.size = 12
        chart_title_set_name_font(chart, &titleFont)
        chart_legend_set_position(chart, UInt8(LXW_CHART_LEGEND_NONE.rawValue))
        chart_set_series_gap(chart, 60)
        // In a bar chart the x axis is the horizontal one: the values. Units read from the top down, each
        // one labelled: the interval says so to Excel; others drop every other name when they find them
        // crowded, which 27 pixels a unit with 8-point names avoids.
        chart_axis_set_num_format(chart.pointee.x_axis, "0%")
        chart_axis_set_min(chart.pointee.x_axis, 0)
        chart_axis_set_max(chart.pointee.x_axis, 1)
        chart_axis_set_num_font(chart.pointee.x_axis, &small)
        chart_axis_set_reverse(chart.pointee.y_axis)
        chart_axis_set_crossing_max(chart.pointee.y_axis)
        chart_axis_set_interval_unit(chart.pointee.y_axis, 1)
        chart_axis_set_num_font(chart.pointee.y_axis, &small)

        var options = lxw_chart_options()
        options.y_offset = 4
        options.x_scale = Double(max(width, 480)) / 480
        let height = max(288, 70 + 27 * charted)  // pixels
        options.y_scale = Double(height) / 288
        options.object_position = UInt8(LXW_OBJECT_MOVE_DONT_SIZE.rawValue)
        try sheet.check(worksheet_insert_chart_opt(sheet.pointer, lxw_row_t(row), 0, chart, &options), row: nil)
        // The chart is anchored to the rows it covers, reckoned as rows of Excel's default 15 points (20
        // pixels): give them that height, or a program whose default row is lower squeezes the chart and
        // drops every other unit's name. (Exactly 15 would be written as no height at all.)
        for covered in row...(row + height / 20 + 1) { try sheet.height(covered, lines: 1, lineHeight: 15.05) }
        // Printed, the chart starts a page rather than being cut in two, where a page can hold it. (Excel
        // fits the sheet to the page width by its own reckoning and may pay this no heed.)
        if XLSXReport.chartStartsPage(above: above, chartHeight: Double(height) * 0.75 + 4,
                                      tableWidth: Double(width) * 0.75) {
            var breaks: [lxw_row_t] = [lxw_row_t(row), 0]
            try sheet.check(worksheet_set_h_pagebreaks(sheet.pointer, &breaks), row: nil)
        }
    }

    // MARK: - 未达标人员

    /// One row per person who is short or in progress. 还需学时 (what the person still lacks) is left out
    /// when nobody listed lacks a number of hours, rather than shown as an empty column.
    func writeNotMeetingSheet(_ summary: Summary) throws {
        let context = summary.context
        let f = formats
        let notMeeting = summary.people.lazy.filter { $0.status != .meets }
        let showsStillNeeded = notMeeting.contains { XLSXReport.hoursStillNeeded($0) > .zero }
        var columns = personColumns(summary)
        columns.append(XLSXReport.Column(header: "状态", width: 8))
        if showsStillNeeded { columns.append(XLSXReport.Column(header: "还需学时", width: 10)) }
        for year in context.years {
            columns.append(XLSXReport.Column(header: "\(year)年学时", width: 12))
            columns.append(XLSXReport.Column(header: "\(year)年差额", width: 12))
        }
        let reasons = { (person: PersonLine) in person.reasons.joined(separator: "；") }
        // Wrapped, indented by one (2 units) from the numbers before it.
        let reasonsWidth = XLSXReport.columnWidth(notMeeting.map(reasons), within: 20...60) + 2
        columns.append(XLSXReport.Column(header: "说明", width: reasonsWidth))
        var pages = try XLSXReport.PagedSheet(book: self, name: XLSXReport.notMeetingSheetName, columns: columns)

        for person in notMeeting {
            let (sheet, row) = try pages.nextRow()
            let text = reasons(person)
            let lines = XLSXReport.wrappedLines(text, width: reasonsWidth - 2)
            if lines > 1 { try sheet.height(row, lines: lines) }
            try writePerson(person, sheet: sheet, row: row, context: context)
            try sheet.text(row, 3, person.status.label, person.status == .short ? f.short : f.inProgress)
            var column = 4
            if showsStillNeeded {
                let needed = XLSXReport.hoursStillNeeded(person)
                if needed > .zero { try sheet.hours(row, column, needed, f.hours) }
                column += 1
            }
            for year in context.years {
                if let line = person.years.first(where: { $0.year == year }) {
                    try sheet.hours(row, column, line.counted, f.hours)
                    try sheet.hours(row, column + 1, line.shortfall, f.hours)
                }
                column += 2
            }
            try sheet.text(row, column, text, f.wrapped)
        }
        pages.finish()
    }

    // MARK: - 年度学时

    /// One row per person per policy year.
    func writeDetailSheet(_ summary: Summary) throws {
        let context = summary.context
        let f = formats
        let categories = Category.allCases
        var columns = personColumns(summary)
        columns.append(XLSXReport.Column(header: "年度", width: 7))
        for category in categories {
            columns.append(XLSXReport.Column(header: category.label, width: Double(max(XLSXReport.displayWidth(category.label) + 2, 10))))
        }
        columns.append(XLSXReport.Column(header: "计入合计", width: 10))
        columns.append(XLSXReport.Column(header: "待审核", width: 9))
        columns.append(XLSXReport.Column(header: "差额", width: 9))
        let results = summary.people.lazy.flatMap { $0.years.lazy.map { XLSXReport.yearResult($0, asOf: context.asOf).text } }
        columns.append(XLSXReport.Column(header: "结果", width: XLSXReport.columnWidth(results, within: 8...40)))
        var pages = try XLSXReport.PagedSheet(book: self, name: XLSXReport.detailSheetName, columns: columns)

        for person in summary.people {
            for line in person.years {
                let (sheet, row) = try pages.nextRow()
                try writePerson(person, sheet: sheet, row: row, context: context)
                try sheet.integer(row, 3, line.year, f.integer)
                var column = 4
                for category in categories {
                    try sheet.hours(row, column, line.byCategory[category] ?? .zero, f.hours)
                    column += 1
                }
                try sheet.hours(row, column, line.counted, f.hours)
                try sheet.hours(row, column + 1, line.pending, f.hours)
                try sheet.hours(row, column + 2, line.shortfall, f.hours)
                let result = XLSXReport.yearResult(line, asOf: context.asOf)
                try sheet.text(row, column + 3, result.text, result.format.map { $0 == .short ? f.short : f.inProgress } ?? f.status)
            }
        }
        pages.finish()
    }

    // MARK: - Shared

    /// 单位, 姓名, 身份证号: the first columns of both people sheets.
    private func personColumns(_ summary: Summary) -> [XLSXReport.Column] {
        [XLSXReport.Column(header: "单位", width: XLSXReport.columnWidth(["单位"] + summary.units.map(\.unit), within: 10...40)),
         XLSXReport.Column(header: "姓名", width: XLSXReport.columnWidth(summary.people.lazy.map(\.name), within: 8...24)),
         XLSXReport.Column(header: "身份证号", width: 21)]
    }

    private func writePerson(_ person: PersonLine, sheet: XLSXReport.Sheet, row: Int, context: ReportContext) throws {
        try sheet.text(row, 0, person.unit, formats.text)
        try sheet.text(row, 1, person.name, formats.text)
        try sheet.text(row, 2, context.shownID(person.id), formats.text)
    }
}

extension XLSXReport {
    /// A value in a chart's data cache.
    enum CachedPoint {
        case text(String)
        case number(Double)
        case none
    }

    /// Fills the data cache of a chart series range (libxlsxwriter's `lxw_series_range`): the points, in
    /// memory from `calloc`/`strdup`, which libxlsxwriter frees with the chart; `ignore_cache` keeps it
    /// from trying to fill the cache itself.
    static func cache(_ range: UnsafeMutablePointer<lxw_series_range>?, _ points: [CachedPoint], path: String) throws {
        guard let range, let list = range.pointee.data_cache else { return }
        let linkOffset = MemoryLayout<lxw_series_data_point>.offset(of: \lxw_series_data_point.list_pointers)!
        for value in points {
            guard let raw = calloc(1, MemoryLayout<lxw_series_data_point>.stride) else {
                throw XLSXReportError(path: path, code: LXW_ERROR_MEMORY_MALLOC_FAILED, detail: "图表")
            }
            let point = raw.bindMemory(to: lxw_series_data_point.self, capacity: 1)
            switch value {
            case .text(let text):
                point.pointee.is_string = 1
                point.pointee.string = strdup(text)
                range.pointee.has_string_cache = 1
            case .number(let number):
                point.pointee.number = number
            case .none:
                point.pointee.no_data = 1
            }
            // STAILQ_INSERT_TAIL(list, point, list_pointers)
            let next = (raw + linkOffset).assumingMemoryBound(to: UnsafeMutablePointer<lxw_series_data_point>?.self)
            next.pointee = nil
            list.pointee.stqh_last.pointee = point
            list.pointee.stqh_last = next
            range.pointee.num_data_points += 1
        }
        range.pointee.ignore_cache = 1
    }

    /// Excel's default row height, in points.
    static let defaultRowHeight = 15.0

    /// Whether a chart `chartHeight` points high, under rows `above` points high, on a sheet printed A4
    /// landscape with the default margins and fitted to a page as wide as the table (`tableWidth` points),
    /// should start a new page: when the rest of the page it would start on cannot hold it, and a page
    /// can (each page after the first repeats the header row).
    static func chartStartsPage(above: Double, chartHeight: Double, tableWidth: Double) -> Bool {
        let printable = (width: 841.89 - 2 * 0.7 * 72, height: 595.28 - 2 * 0.75 * 72)  // A4 landscape
        let scale = min(1, printable.width / max(tableWidth, 1))
        let page = printable.height / scale, laterPage = page - defaultRowHeight
        var used = above, room = page
        while used > room { used -= room; room = laterPage }
        return chartHeight > room - used && chartHeight <= laterPage
    }

    static let summarySheetName = "汇总"
    static let notMeetingSheetName = "未达标人员"
    /// The sheet of every person's every year: what it holds, not 明细 (the records are in a person's
    /// statement, not in a unit report).
    static let detailSheetName = "年度学时"

    /// 还需学时: `PersonLine.hoursToGo`; the cell stays empty when it is 0.
    static func hoursStillNeeded(_ person: PersonLine) -> Hours { person.hoursToGo }

    /// 结果 of one year in 年度学时: 达标, 未达标, 进行中 (a year not over yet that does not meet so far) or
    /// 免于核查：<why>; and whether it is shown as short or in progress.
    static func yearResult(_ line: YearLine, asOf: CalendarDate) -> (text: String, format: VerdictStatus?) {
        if let exemption = line.exemption { return ("免于核查：\(exemption)", nil) }
        if line.meets { return (VerdictStatus.meets.label, nil) }
        let finished = asOf.year > line.year
        return finished ? (VerdictStatus.short.label, .short) : (VerdictStatus.inProgress.label, .inProgress)
    }
}
