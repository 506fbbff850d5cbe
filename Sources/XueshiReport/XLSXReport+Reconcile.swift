import CXlsxWriter
import Foundation
import XueshiModel

extension XLSXReport {
    /// The reconciliation as a workbook: an overview sheet (what was compared, each finding with its
    /// count and advice), then one sheet per finding, each with a filter on its header row.
    public static func write(_ report: ReconcileReport, to path: String) throws {
        try checkWritable(path)
        var written = false
        defer { if !written { unlink(path) } }
        let folder = temporaryFolder(for: path)
        try folder.withCString { folderPointer in
            var options = lxw_workbook_options()
            options.constant_memory = UInt8(LXW_TRUE.rawValue)
            options.tmpdir = UnsafeMutablePointer(mutating: folderPointer)
            guard let workbook = path.withCString({ workbook_new_opt($0, &options) }) else {
                throw XLSXReportError(path: path, code: LXW_ERROR_MEMORY_MALLOC_FAILED)
            }
            var closed = false
            defer { if !closed { lxw_workbook_free(workbook) } }
            let book = try Book(workbook: workbook, path: path, rowsPerSheet: Int(LXW_ROW_MAX),
                                pageHeader: "&L\(literalHeader(report.heading))&R生成于 \(report.generatedAt)")
            let f = book.formats
            let overview = try book.addSheet("对账概况")
            let findings = report.sections
            try overview.width(0, 0, 44)
            try overview.width(1, 1, 8)
            try overview.width(2, 2, 70)
            try overview.banner(0, 0...2, report.heading, f.title, lines: 2, lineHeight: 21)
            try overview.text(1, 0, report.overview, f.wrapped)
            for (column, header) in ["问题", "数目", "说明"].enumerated() { try overview.text(2, column, header, f.header) }
            for (index, section) in findings.enumerated() {
                try overview.text(3 + index, 0, section.title, f.text)
                try overview.integer(3 + index, 1, section.rows.count, f.integer)
                try overview.text(3 + index, 2, section.advice, f.wrapped)
                try overview.height(3 + index, lines: wrappedLines(section.advice, width: 70))
            }
            try overview.printSetup(repeating: 2...2, header: book.pageHeader)
            for section in report.nonEmptySections {
                let columns = section.headers.enumerated().map { index, header in
                    Column(header: header, width: columnWidth([header] + section.rows.map { index < $0.count ? $0[index] : "" }, within: 8...50))
                }
                var pages = try PagedSheet(book: book, name: sheetName(section.tab), columns: columns)
                for cells in section.rows {
                    let (sheet, row) = try pages.nextRow()
                    for (column, value) in cells.enumerated() {
                        if section.numeric.contains(column), let hours = Hours.parse(value).value { try sheet.hours(row, column, hours, f.hours) }
                        else { try sheet.text(row, column, value, f.text) }
                    }
                }
                pages.finish()
            }
            closed = true
            try XLSXReport.closeWorkbook(workbook, path: path)
        }
        written = true
    }

    /// A section's title as a sheet name: Excel allows 31 characters and none of []:*?/\.
    static func sheetName(_ title: String) -> String {
        let allowed = title.filter { !"[]:*?/\\".contains($0) }
        return allowed.count > 31 ? String(allowed.prefix(30)) + "…" : allowed
    }

    /// Text for a page header, where "&" starts a code.
    static func literalHeader(_ text: String) -> String { text.replacingOccurrences(of: "&", with: "&&") }
}

extension Result where Failure == Hours.ParseError {
    var value: Success? { try? get() }
}
