import Foundation

/// A file of one or more named sheets of rows: an .xlsx, a BIFF .xls, an Excel 2003 XML file, a web page
/// of tables saved as ".xls". The importer reads them all through this one shape, so a profile, the
/// header search and the row checks do not depend on the format a system happened to export.
public protocol Workbook {
    /// The sheets in the file's order, each with whether the program that shows it hides it.
    var sheets: [WorkbookSheet] { get }
    /// The rows of the sheet called `name` (exactly as `sheets` lists it).
    func rows(ofSheet name: String) throws -> any RowReader
    /// The text encoding the file declared or was found in, for a format where it varies (a web page).
    var textEncodingName: String? { get }
}

/// One sheet of a `Workbook`.
public struct WorkbookSheet: Sendable, Equatable {
    public var name: String
    /// Not shown in the spreadsheet program's tabs: often stale data or lookup lists.
    public var hidden: Bool
    public init(name: String, hidden: Bool = false) {
        self.name = name
        self.hidden = hidden
    }
}

extension Workbook {
    /// The sheet read when none is named: the first one a spreadsheet program shows, else the first.
    public var defaultSheetName: String? { (sheets.first { !$0.hidden } ?? sheets.first)?.name }
    public var sheetNames: [String] { sheets.map(\.name) }
    public var hiddenSheetNames: [String] { sheets.filter(\.hidden).map(\.name) }
    public var textEncodingName: String? { nil }
}

extension Workbook {
    /// The sheet `name` means (nil: `defaultSheetName`): exactly, else ignoring surrounding spaces and
    /// letter case when that is unambiguous. An unknown name is a `ReadError` that lists the sheets there are.
    public func resolveSheet(_ name: String?, displayName: String) throws -> String {
        guard let first = defaultSheetName else {
            throw ReadError(file: displayName, reason: "工作簿里没有工作表；请用 Excel 或 WPS 打开检查后重新保存")
        }
        guard let name else { return first }
        if sheets.contains(where: { $0.name == name }) { return name }
        func key(_ s: String) -> String { s.trimmingCharacters(in: .whitespaces).lowercased() }
        let near = sheets.filter { key($0.name) == key(name) }
        guard near.count == 1 else {
            let list = sheets.map { "“\($0.name)”" }.joined(separator: "、")
            throw ReadError(file: displayName, reason: "没有名为“\(name)”的工作表；本文件中的工作表有：\(list)。请检查工作表名称")
        }
        return near[0].name
    }
}
