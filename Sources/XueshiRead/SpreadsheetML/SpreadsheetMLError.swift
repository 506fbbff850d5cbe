/// Why an Excel 2003 XML file cannot be read, before the reader words it as a `ReadError` (Chinese
/// details, placed by the reader at the sheet and row where it happened).
enum SpreadsheetMLError: Error {
    /// The XML is broken, or breaks a rule of the format or a bound of the reader.
    case malformed(String)
    /// The file ends before the workbook does: cut off by a download or a disk.
    case truncated(String)
    /// The file is XML or text, but not an Excel 2003 XML workbook.
    case notSpreadsheet(String)
    /// The bytes do not decode in the encoding the file declares; the whole sentence for the user.
    case encoding(String)

    /// The reason a `ReadError` gives, `place` saying where (“工作表“学时”第 12 行附近”) or empty.
    func reason(at place: String) -> String {
        let remedy = "用 Excel 或 WPS 打开后另存为 .xlsx 再导入"
        let placed = place.isEmpty ? "" : "\(place)："
        switch self {
        case .malformed(let detail):
            return "Excel 2003 XML 表格文件已损坏（\(placed)\(detail)）；请\(remedy)"
        case .truncated(let detail):
            return "Excel 2003 XML 表格文件不完整（\(placed)\(detail)），可能没有下载或保存完整；请重新导出，或\(remedy)"
        case .notSpreadsheet(let detail):
            return "文件内容不是 Excel 2003 XML 表格（\(detail)）；请确认选择的是系统导出的 Excel 文件，或\(remedy)"
        case .encoding(let sentence):
            return sentence
        }
    }
}
