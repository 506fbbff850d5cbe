import CXlsxWriter
import Foundation
import XueshiModel
import XueshiVerify

extension XLSXReport.Book {
    // MARK: - 汇总

    /// Title line, header row, one row per unit, 合计, notes; the rate chart to the right.
    func writeSummarySheet(_ summary: Summary) throws {
        let context = summary.context
        let f = formats
        let sheet = try addSheet(XLSXReport.summarySheetName)
        let categories = Category.allCases
        let headers = ["单位", "人数", "达标", "未达标", "进行中", "达标率", "计入学时", "人均学时"]
            + context.years.map { "\($0)年学时" } + categories.map(\.label)
        let rateColumn = 5
        let headerRow = 1, firstUnitRow = 2

        try sheet.width(0, 0, XLSXReport.columnWidth(["单位", "合计"] + summary.units.map(\.unit), within: 10...40))
        try sheet.width(1, 4, 8)
        try sheet.width(5, 5, 9)
        try sheet.width(6, 7, 11)
        for (offset, header) in headers.enumerated().dropFirst(8) {
            try sheet.width(offset, offset, Double(max(XLSXReport.displayWidth(header) + 2, 11)))
        }
        sheet.freeze(rows: headerRow + 1)
        // Printed: landscape, one page wide (the chart included), the header on every page.
        worksheet_set_landscape(sheet.pointer)
        worksheet_fit_to_pages(sheet.pointer, 1, 0)
        try sheet.check(worksheet_repeat_rows(sheet.pointer, lxw_row_t(headerRow), lxw_row_t(headerRow)), row: nil)

        try sheet.text(0, 0, "\(context.policyTitle)　核查截至 \(context.asOf)　生成于 \(context.generatedAt)", f.title)
        for (column, header) in headers.enumerated() { try sheet.text(headerRow, column, header, f.header) }

        func unitRow(_ row: Int, _ unit: UnitSummary, name: String, total: Bool) throws {
            try sheet.text(row, 0, name, total ? f.totalText : nil)
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
        try unitRow(row, summary.overall, name: "合计", total: true)
        row += 2

        // Notes under the table.
        let charted = min(summary.units.count, XLSXReport.chartedUnitsLimit)
        var notes: [String] = []
        if !context.policyRule.isEmpty { notes.append("核查要求：\(context.policyRule)") }
        if !context.policySources.isEmpty { notes.append("政策依据：" + context.policySources.joined(separator: "；")) }
        if summary.units.count > charted {
            notes.append("注：右侧图表只显示前 \(charted) 个单位（共 \(summary.units.count) 个单位），完整数据见上表。")
        }
        for note in notes {
            try sheet.text(row, 0, note, f.note)
            row += 1
        }

        // The rate per unit, as a bar chart to the right of the table.
        guard charted > 0 else { return }
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
        chart_series_set_labels(series)
        chart_series_set_labels_num_format(series, "0.0%")
        let title = summary.units.count > charted
            ? "各单位达标率（仅前 \(charted) 个单位，共 \(summary.units.count) 个）" : "各单位达标率"
        title.withCString { chart_title_set_name(chart, $0) }
        chart_legend_set_position(chart, UInt8(LXW_CHART_LEGEND_NONE.rawValue))
        chart_set_series_gap(chart, 60)
        // In a bar chart the x axis is the horizontal one: the values. Units read from the top down.
        chart_axis_set_num_format(chart.pointee.x_axis, "0%")
        chart_axis_set_min(chart.pointee.x_axis, 0)
        chart_axis_set_max(chart.pointee.x_axis, 1)
        chart_axis_set_reverse(chart.pointee.y_axis)
        chart_axis_set_crossing_max(chart.pointee.y_axis)

        var options = lxw_chart_options()
        options.x_offset = 10
        options.x_scale = 1.25
        options.y_scale = max(1, Double(60 + 22 * charted) / 288)
        options.object_position = UInt8(LXW_OBJECT_MOVE_DONT_SIZE.rawValue)
        let result = worksheet_insert_chart_opt(sheet.pointer, lxw_row_t(headerRow), lxw_col_t(headers.count + 1),
                                                chart, &options)
        try sheet.check(result, row: nil)
    }

    // MARK: - 未达标人员

    /// One row per person who is short or in progress.
    func writeNotMeetingSheet(_ summary: Summary) throws {
        let context = summary.context
        let f = formats
        var columns = personColumns(summary)
        columns.append(XLSXReport.Column(header: "状态", width: 8))
        for year in context.years {
            columns.append(XLSXReport.Column(header: "\(year)年学时", width: 11))
            columns.append(XLSXReport.Column(header: "\(year)年差额", width: 11))
        }
        columns.append(XLSXReport.Column(header: "还需学时", width: 10))
        columns.append(XLSXReport.Column(header: "说明", width: 80))
        var pages = try XLSXReport.PagedSheet(book: self, name: XLSXReport.notMeetingSheetName, columns: columns)

        for person in summary.people where person.status != .meets {
            let (sheet, row) = try pages.nextRow()
            try writePerson(person, sheet: sheet, row: row, context: context)
            try sheet.text(row, 3, person.status.label, person.status == .short ? f.short : f.inProgress)
            var column = 4
            for year in context.years {
                if let line = person.years.first(where: { $0.year == year }) {
                    try sheet.hours(row, column, line.counted, f.hours)
                    try sheet.hours(row, column + 1, line.shortfall, f.hours)
                }
                column += 2
            }
            if person.status == .inProgress { try sheet.hours(row, column, person.stillNeeded, f.hours) }
            try sheet.text(row, column + 1, person.reasons.joined(separator: "；"))
        }
        pages.finish()
    }

    // MARK: - 明细

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
        columns.append(XLSXReport.Column(header: "结果", width: 24))
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
                try sheet.text(row, column + 3, result.text, result.format.map { $0 == .short ? f.short : f.inProgress })
            }
        }
        pages.finish()
    }

    // MARK: - Shared

    /// 单位, 姓名, 身份证号: the first columns of both people sheets.
    private func personColumns(_ summary: Summary) -> [XLSXReport.Column] {
        [XLSXReport.Column(header: "单位", width: XLSXReport.columnWidth(["单位"] + summary.units.map(\.unit), within: 10...40)),
         XLSXReport.Column(header: "姓名", width: XLSXReport.columnWidth(summary.people.lazy.map(\.name), within: 8...20)),
         XLSXReport.Column(header: "身份证号", width: 21)]
    }

    private func writePerson(_ person: PersonLine, sheet: XLSXReport.Sheet, row: Int, context: ReportContext) throws {
        try sheet.text(row, 0, person.unit)
        try sheet.text(row, 1, person.name)
        try sheet.text(row, 2, context.shownID(person.id))
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

    static let summarySheetName = "汇总"
    static let notMeetingSheetName = "未达标人员"
    static let detailSheetName = "明细"

    /// 结果 of one year in 明细: 达标, 未达标, 进行中 (a year not over yet that does not meet so far) or
    /// 免于核查：<why>; and whether it is shown as short or in progress.
    static func yearResult(_ line: YearLine, asOf: CalendarDate) -> (text: String, format: VerdictStatus?) {
        if let exemption = line.exemption { return ("免于核查：\(exemption)", nil) }
        if line.meets { return (VerdictStatus.meets.label, nil) }
        let finished = asOf.year > line.year
        return finished ? (VerdictStatus.short.label, .short) : (VerdictStatus.inProgress.label, .inProgress)
    }
}
