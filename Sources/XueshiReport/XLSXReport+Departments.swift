import CXlsxWriter
import Foundation
import XueshiModel

extension XLSXReport.Book {
    /// One row per department of each unit, from the rosters: the same figures as the summary sheet's
    /// units, which each unit's departments add up to.
    func writeDepartmentSheet(_ summary: Summary) throws {
        guard !summary.departments.isEmpty else { return }
        let f = formats
        let headers = ["人数", "达标", "未达标", "进行中", "达标率", "计入学时", "人均学时"]
        let columns = [
            XLSXReport.Column(header: "单位", width: XLSXReport.columnWidth(["单位"] + summary.departments.map(\.unit), within: 10...40)),
            XLSXReport.Column(header: "部门", width: XLSXReport.columnWidth(["部门"] + summary.departments.map { $0.department ?? "" }, within: 10...30)),
        ] + headers.map { XLSXReport.Column(header: $0, width: Double(max(XLSXReport.displayWidth($0) + 2, 9))) }
        var pages = try XLSXReport.PagedSheet(book: self, name: XLSXReport.departmentSheetName, columns: columns)
        for department in summary.departments {
            let (sheet, row) = try pages.nextRow()
            try sheet.text(row, 0, department.unit, f.text)
            try sheet.text(row, 1, department.department ?? "", f.text)
            try sheet.integer(row, 2, department.people, f.integer)
            try sheet.integer(row, 3, department.meeting, f.integer)
            try sheet.integer(row, 4, department.short, f.integer)
            try sheet.integer(row, 5, department.inProgress, f.integer)
            try sheet.number(row, 6, Double(department.rateBasisPoints) / 10_000, f.percent)
            try sheet.hours(row, 7, department.counted, f.hours)
            try sheet.hours(row, 8, department.averagePerPerson, f.hours)
        }
        pages.finish()
    }
}

extension XLSXReport {
    static let departmentSheetName = "各部门"
}
