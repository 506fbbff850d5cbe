/// The first, cheap pass over an Excel 2003 XML file: the worksheets in order, each with whether it is
/// hidden, and the date styles. Cells are not decoded. `<WorksheetOptions>`, which says whether a sheet
/// is hidden, comes after the sheet's `<Table>`, so the pass reads the whole file; in doing so it also
/// checks that the file is complete and well formed before any row is handed on.
struct SpreadsheetMLOutline {
    private(set) var sheets: [WorkbookSheet] = []
    private var styles = SpreadsheetMLStyles.Builder()

    /// More worksheets than this are refused (Excel's own limit is the memory it has).
    static let maximumSheets = 10_000

    private var inStyles = false
    private var style: String?
    private var inOptions = false
    private var inVisible = false
    private var visible: [UInt8] = []

    /// The worksheet being read, for messages.
    var currentSheet: String? { inSheet ? sheets.last?.name : nil }
    private var inSheet = false

    /// Takes one token; always answers true (read on to the end).
    mutating func consume(_ token: SpreadsheetMLToken, _ b: UnsafePointer<UInt8>) throws(SpreadsheetMLError) -> Bool {
        switch token {
        case .start(let tag, let depth):
            try start(tag, depth: depth, b)
        case .end(_, let depth):
            switch depth {
            case 2: inStyles = false; inSheet = false
            case 3: style = nil; inOptions = false
            case 4:
                if inVisible {
                    inVisible = false
                    let state = XLSXXMLBytes.trim(String(decoding: visible, as: UTF8.self))
                    if state == "SheetHidden" || state == "SheetVeryHidden" { sheets[sheets.count - 1].hidden = true }
                }
            default: break
            }
        case .text(let s, let e):
            if inVisible && visible.count < 64 { XLSXXMLBytes.appendDecoded(b, s, e, into: &visible, ooxmlEscapes: false) }
        case .cdata:
            break
        }
        return true
    }

    private mutating func start(_ tag: XLSXTag, depth: Int, _ b: UnsafePointer<UInt8>) throws(SpreadsheetMLError) {
        let isOpen = tag.kind == .open
        switch depth {
        case 1:
            guard XLSXXMLBytes.nameIs(b, tag, "Workbook") else {
                throw .notSpreadsheet("根元素是 <\(SpreadsheetMLTokenizer.name(b, tag))>，不是 <Workbook>")
            }
        case 2:
            if XLSXXMLBytes.nameIs(b, tag, "Worksheet") {
                guard sheets.count < Self.maximumSheets else { throw .malformed("工作表超过 \(Self.maximumSheets) 个") }
                var name = ""
                var pos = tag.attrStart
                while let a = try SpreadsheetMLAttributes.next(b, &pos, tag) {
                    if SpreadsheetMLAttributes.isNamed(b, a, "Name") { name = try SpreadsheetMLAttributes.string(b, a) }
                }
                // Excel requires a name; a file without one gets the name Excel would give the sheet.
                if name.isEmpty { name = "Sheet\(sheets.count + 1)" }
                sheets.append(WorkbookSheet(name: name))
                inSheet = isOpen
            } else if XLSXXMLBytes.nameIs(b, tag, "Styles") {
                inStyles = isOpen
            }
        case 3:
            if inStyles && XLSXXMLBytes.nameIs(b, tag, "Style") {
                var id: String?
                var parent: String?
                var pos = tag.attrStart
                while let a = try SpreadsheetMLAttributes.next(b, &pos, tag) {
                    if SpreadsheetMLAttributes.isNamed(b, a, "ID") { id = try SpreadsheetMLAttributes.string(b, a) }
                    else if SpreadsheetMLAttributes.isNamed(b, a, "Parent") { parent = try SpreadsheetMLAttributes.string(b, a) }
                }
                if let id {
                    try styles.add(id: id, parent: parent)
                    style = isOpen ? id : nil
                }
            } else if inSheet && XLSXXMLBytes.nameIs(b, tag, "WorksheetOptions") {
                inOptions = isOpen
            }
        case 4:
            if let style, XLSXXMLBytes.nameIs(b, tag, "NumberFormat") {
                var pos = tag.attrStart
                while let a = try SpreadsheetMLAttributes.next(b, &pos, tag) {
                    if SpreadsheetMLAttributes.isNamed(b, a, "Format") { styles.setFormat(try SpreadsheetMLAttributes.string(b, a), of: style) }
                }
            } else if inOptions && XLSXXMLBytes.nameIs(b, tag, "Visible") {
                inVisible = isOpen
                visible.removeAll(keepingCapacity: true)
            }
        default:
            break
        }
    }

    func buildStyles() -> SpreadsheetMLStyles { styles.build() }
}
