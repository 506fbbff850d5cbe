import CXlsxWriter
import Foundation
import XueshiModel

/// The report as an Excel workbook (.xlsx), written through libxlsxwriter in constant-memory mode: rows
/// go to disk as they are written, so memory stays flat however many people the people sheets list.
///
/// Three sheets, headers in Chinese, header rows frozen, tables with an autofilter:
/// 1. 汇总: a title line, then one row per unit and a 合计 row (counts, 达标率 as a percentage, hours
///    counted per year and per category), the policy's rule and sources, and below them a bar chart of
///    the rate per unit (the first 30 units, in the table's order).
/// 2. 未达标人员: the people who are short or in progress, with the hours they still lack, each year's
///    hours and gap, and the reasons.
/// 3. 年度学时: one row per person per policy year (hours per category, pending, gap, result).
///
/// Hours are numbers (exact: a Double holds a value with two decimals as its shortest decimal text) shown
/// as they are (90, 90.5), rates are real numbers shown as percentages. Every text is a string cell, never
/// a formula, and goes through `SpreadsheetSafety.inert` first, so a name like `=HYPERLINK(...)` stays
/// inert text in any program that opens the file. IDs are masked unless the report context reveals them.
///
/// Printed, every sheet is A4 landscape, one page wide, its header row on every page, the policy's title
/// on top and the page number at the foot.
///
/// A sheet past Excel's 1,048,576 rows goes on in a continuation sheet ("年度学时（续2）").
public enum XLSXReport {
    /// Writes the report workbook to `path` (the caller handles the temporary name and the rename).
    /// libxlsxwriter's temporary files go to the same folder as `path`.
    public static func write(_ summary: Summary, to path: String) throws {
        try write(summary, to: path, rowsPerSheet: Int(LXW_ROW_MAX))
    }

    /// The units the rate chart shows at most; past that the chart shows the first ones and says so.
    public static let chartedUnitsLimit = 30

    /// `rowsPerSheet`: rows a sheet holds before a continuation sheet starts (Excel's limit; smaller in tests).
    static func write(_ summary: Summary, to path: String, rowsPerSheet: Int) throws {
        // libxlsxwriter opens the file only when it closes the workbook: find out first, and say it in words.
        try checkWritable(path)
        var written = false
        defer { if !written { unlink(path) } }
        let folder = temporaryFolder(for: path)
        try folder.withCString { folderPointer in
            var options = lxw_workbook_options()
            options.constant_memory = UInt8(LXW_TRUE.rawValue)
            options.tmpdir = UnsafeMutablePointer(mutating: folderPointer)
            options.use_zip64 = UInt8(LXW_FALSE.rawValue)
            guard let workbook = path.withCString({ workbook_new_opt($0, &options) }) else {
                throw XLSXReportError(path: path, code: LXW_ERROR_MEMORY_MALLOC_FAILED)
            }
            var closed = false
            defer { if !closed { lxw_workbook_free(workbook) } }

            let book = try Book(workbook: workbook, path: path, rowsPerSheet: max(2, min(rowsPerSheet, Int(LXW_ROW_MAX))),
                                pageHeader: pageHeader(summary.context))
            try book.writeSummarySheet(summary)
            try book.writeDepartmentSheet(summary)
            try book.writeNotMeetingSheet(summary)
            try book.writeDetailSheet(summary)

            closed = true
            try XLSXReport.closeWorkbook(workbook, path: path)
        }
        written = true
    }

    /// Writes the workbook out (libxlsxwriter writes the file only now). A full disk is said as such, for
    /// the path the user gave; libxlsxwriter's own lines on standard error (English, naming the
    /// temporary file) are held back, as the error says it in words.
    static func closeWorkbook(_ workbook: UnsafeMutablePointer<lxw_workbook>, path: String) throws {
        let result = StandardError.silenced { () -> (lxw_error, Int32) in
            let result = workbook_close(workbook)
            return (result, errno)
        }
        guard result.0 == LXW_NO_ERROR else {
            if result.1 == ENOSPC || result.1 == EDQUOT || folderIsFull(path) { throw FileWriteError(path: path, problem: .diskFull) }
            throw XLSXReportError(path: path, code: result.0)
        }
    }

    /// Whether the file system that holds `path` has no block left for it.
    static func folderIsFull(_ path: String) -> Bool {
        var info = statvfs()
        let folder = PathText.folder(of: path)
        guard statvfs(folder.isEmpty ? "." : folder, &info) == 0 else { return false }
        return info.f_bavail == 0
    }

    /// Creates (or empties) the file at `path`, or throws why it cannot be written.
    static func checkWritable(_ path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            let number = errno
            let why: String
            switch number {
            case ENOENT, ENOTDIR: why = "所在目录不存在"
            case EACCES, EPERM: why = "没有写权限"
            case EROFS: why = "所在磁盘只读"
            case ENOSPC, EDQUOT: why = "磁盘空间不足"
            case EISDIR: why = "该路径是一个目录"
            default: why = "系统错误"
            }
            throw XLSXReportError(path: path, code: LXW_ERROR_CREATING_XLSX_FILE,
                                  reason: "无法创建文件：\(why)（\(String(cString: strerror(number)))）；请检查输出路径")
        }
        close(descriptor)
    }

    /// The folder of `path`, where libxlsxwriter keeps its temporary files (not /tmp, which may be held
    /// in memory).
    static func temporaryFolder(for path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let folder = String(path[..<slash])
        return folder.isEmpty ? "/" : folder
    }
}

/// Why the workbook could not be written, in words for the user.
public struct XLSXReportError: Error, CustomStringConvertible, Sendable {
    public var path: String
    /// libxlsxwriter's error number (`lxw_error`).
    public var code: UInt32
    /// What went wrong, in Chinese, with what to do.
    public var reason: String

    init(path: String, code: lxw_error, detail: String? = nil) {
        self.path = path
        self.code = code.rawValue
        var reason = Self.explanation(code)
        if let detail { reason += "（\(detail)）" }
        if let message = lxw_strerror(code) { reason += "［libxlsxwriter：\(String(cString: message))］" }
        self.reason = reason
    }

    init(path: String, code: lxw_error, reason: String) {
        self.path = path
        self.code = code.rawValue
        self.reason = reason
    }

    public var description: String { "无法写出 Excel 报表“\(path)”：\(reason)" }

    static func explanation(_ code: lxw_error) -> String {
        switch code {
        case LXW_ERROR_MEMORY_MALLOC_FAILED:
            return "内存不足"
        case LXW_ERROR_CREATING_XLSX_FILE:
            return "无法创建文件；请检查目录是否存在、是否有写权限，以及文件是否正被 Excel 或 WPS 打开"
        case LXW_ERROR_CREATING_TMPFILE, LXW_ERROR_READING_TMPFILE:
            return "无法在输出目录中创建或读取临时文件；请检查该目录是否可写、磁盘空间是否充足"
        case LXW_ERROR_ZIP_FILE_OPERATION, LXW_ERROR_ZIP_PARAMETER_ERROR, LXW_ERROR_ZIP_BAD_ZIP_FILE,
             LXW_ERROR_ZIP_INTERNAL_ERROR, LXW_ERROR_ZIP_FILE_ADD, LXW_ERROR_ZIP_CLOSE:
            return "写入文件时出错；请检查磁盘空间是否充足、目录是否可写"
        case LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE:
            return "数据超出 Excel 工作表的行列上限"
        case LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED:
            return "单元格文字超过 Excel 上限（32767 个字符）"
        default:
            return "生成 Excel 文件时出错（错误号 \(code.rawValue)）"
        }
    }
}
