import Foundation
import ZIPFoundation

/// An .xlsx workbook opened for reading: its sheets (through xl/workbook.xml and its relationships), its
/// date system and its cell formats. Reading a sheet's rows is `sheet(named:)` then `forEachRow`.
///
/// Nothing big is held: the package is reopened for each sheet read; the shared-strings table is loaded
/// when a sheet reader is made.
public struct XLSXWorkbook: Workbook, Sendable {
    /// A sheet as the workbook lists it, with the package part that holds its cells.
    struct SheetEntry: Sendable {
        var name: String
        var part: String?
        /// `state="hidden"` or `"veryHidden"`: not shown in Excel's tabs (often stale data or lookups).
        var hidden = false
    }

    let source: XLSXSource
    let displayName: String
    let entries: [SheetEntry]
    let sharedStringsPart: String?
    let styles: XLSXStyles
    /// Whether the workbook uses the 1904 date system (`<workbookPr date1904="1"/>`).
    public let usesDate1904: Bool

    /// Bytes per decompressed chunk when streaming the shared strings and, by default, the sheets made
    /// from this workbook (see `XLSXSheetReader.chunkSize`).
    public var chunkSize = 256 * 1024

    /// Opens the .xlsx file at `path`; `displayName` is the file name as the user typed it, for errors.
    public init(path: String, displayName: String) throws {
        try self.init(source: .file(URL(fileURLWithPath: path)), displayName: displayName)
    }

    /// Opens an .xlsx held in memory.
    public init(data: Data, displayName: String) throws {
        try self.init(source: .data(data), displayName: displayName)
    }

    init(source: XLSXSource, displayName: String) throws {
        self.source = source
        self.displayName = displayName
        let package = try XLSXArchive(source: source, displayName: displayName)

        // The workbook part: from the package relationships, else the usual name.
        var workbookPart = "xl/workbook.xml"
        if let rootRels = package.entry("_rels/.rels") {
            let rels = try Self.relationships(try package.read(rootRels), base: "", package: package, part: "_rels/.rels")
            if let office = rels.values.first(where: { $0.type.hasSuffix("/officeDocument") }),
               package.contains(office.target) {
                workbookPart = office.target
            }
        }
        guard let workbookEntry = package.entry(workbookPart) else {
            throw ReadError(file: displayName, reason: Self.notAWorkbookReason(package))
        }

        // Sheets and date system.
        var sheetList: [(name: String, relationship: String?, hidden: Bool)] = []
        var date1904 = false
        do {
            try XLSXXMLBytes.forEachTag(in: try package.read(workbookEntry)) { b, tag in
                guard tag.kind == .open || tag.kind == .empty else { return }
                if XLSXXMLBytes.nameIs(b, tag, "sheet") {
                    var name = "", relationship: String?, hidden = false
                    for a in try XLSXXMLBytes.attributes(b, tag) {
                        if a.qualified == "name" { name = a.value }
                        else if a.qualified == "state" { hidden = a.value == "hidden" || a.value == "veryHidden" }
                        // r:id, whatever prefix the writer bound to the relationships namespace.
                        else if a.local == "id" && a.qualified != a.local { relationship = a.value }
                    }
                    sheetList.append((name, relationship, hidden))
                } else if XLSXXMLBytes.nameIs(b, tag, "workbookPr") {
                    for a in try XLSXXMLBytes.attributes(b, tag) where a.local == "date1904" {
                        let v = XLSXXMLBytes.trim(a.value).lowercased()
                        date1904 = v == "1" || v == "true"
                    }
                }
            }
        } catch let error as XLSXSyntaxError {
            throw ReadError(file: displayName, reason: "工作簿目录（\(workbookPart)）格式错误（\(error.detail)），文件可能已损坏；请用 Excel 或 WPS 打开后重新保存为 .xlsx")
        }
        usesDate1904 = date1904

        // The workbook's relationships: sheet parts, shared strings, styles.
        let workbookDirectory = workbookPart.split(separator: "/").dropLast().joined(separator: "/")
        let workbookFile = workbookPart.split(separator: "/").last.map(String.init) ?? "workbook.xml"
        let relsPart = (workbookDirectory.isEmpty ? "" : workbookDirectory + "/") + "_rels/" + workbookFile + ".rels"
        var rels: [String: (type: String, target: String)] = [:]
        if let relsEntry = package.entry(relsPart) {
            rels = try Self.relationships(try package.read(relsEntry), base: workbookDirectory, package: package, part: relsPart)
        }
        let prefix = workbookDirectory.isEmpty ? "" : workbookDirectory + "/"
        entries = sheetList.enumerated().map { index, sheet in
            if let id = sheet.relationship, let rel = rels[id] { return SheetEntry(name: sheet.name, part: rel.target, hidden: sheet.hidden) }
            // No relationship: the name Excel would have used.
            let guess = prefix + "worksheets/sheet\(index + 1).xml"
            return SheetEntry(name: sheet.name, part: package.contains(guess) ? guess : nil, hidden: sheet.hidden)
        }
        func part(_ typeSuffix: String, _ fallback: String) -> String? {
            if let rel = rels.values.first(where: { $0.type.hasSuffix(typeSuffix) }), package.contains(rel.target) {
                return rel.target
            }
            return package.contains(prefix + fallback) ? prefix + fallback : nil
        }
        sharedStringsPart = part("/sharedStrings", "sharedStrings.xml")
        if let stylesPart = part("/styles", "styles.xml"), let entry = package.entry(stylesPart) {
            do {
                styles = try XLSXStyles(xml: try package.read(entry))
            } catch let error as XLSXSyntaxError {
                throw ReadError(file: displayName, reason: "样式表（\(stylesPart)）格式错误（\(error.detail)），文件可能已损坏；请用 Excel 或 WPS 打开后重新保存为 .xlsx")
            }
        } else {
            styles = XLSXStyles()
        }
    }

    public var sheets: [WorkbookSheet] { entries.map { WorkbookSheet(name: $0.name, hidden: $0.hidden) } }

    public func rows(ofSheet name: String) throws -> any RowReader { try sheet(named: name) }

    /// A reader for the sheet called `name` (nil: `defaultSheetName`). An unknown name is a `ReadError` that
    /// lists the sheets there are.
    public func sheet(named name: String?) throws -> XLSXSheetReader {
        let sheetName = try resolveSheet(name, displayName: displayName)
        let sheet = entries.first { $0.name == sheetName }!
        guard let part = sheet.part else {
            throw ReadError(file: displayName, reason: "找不到工作表“\(sheet.name)”的数据（工作簿目录中缺少它的位置），文件可能已损坏；请用 Excel 或 WPS 打开后重新保存为 .xlsx")
        }
        let package = try XLSXArchive(source: source, displayName: displayName)
        guard package.entry(part) != nil else {
            throw ReadError(file: displayName, reason: "工作表“\(sheet.name)”的数据（\(part)）在文件中缺失，文件可能已损坏；请用 Excel 或 WPS 打开后重新保存为 .xlsx")
        }
        var strings = XLSXStringTable.empty
        if let sharedStringsPart, let entry = package.entry(sharedStringsPart) {
            strings = try Self.loadSharedStrings(entry, package: package, part: sharedStringsPart,
                                                 chunkSize: max(1, chunkSize))
        }
        var reader = XLSXSheetReader(source: source, displayName: displayName, name: sheet.name, part: part,
                                     sharedStrings: strings, styles: styles, date1904: usesDate1904)
        reader.chunkSize = chunkSize
        return reader
    }

    // MARK: - Parts

    private static func loadSharedStrings(_ entry: Entry, package: XLSXArchive, part: String,
                                          chunkSize: Int) throws -> XLSXStringTable {
        var table = XLSXSharedStrings()
        var crc = XLSXCRC32()
        do {
            var inflation = try XLSXInflationGuard(entry, displayName: package.displayName)
            try package.extract(entry, bufferSize: chunkSize) { data in
                try inflation.add(data.count, displayName: package.displayName)
                crc.update(data)
                try table.consume(data)
            }
            try table.finish()
        } catch let error as XLSXSyntaxError {
            throw ReadError(file: package.displayName, reason: "共享字符串表（\(part)）格式错误（\(error.detail)），文件可能已损坏；请用 Excel 或 WPS 打开后重新保存为 .xlsx")
        } catch let error as ReadError {
            throw error
        } catch {
            throw package.corrupt(part)
        }
        if crc.value != entry.checksum { throw package.corrupt(part) }
        return table.table()
    }

    /// The relationships of a .rels part: id → (type, target resolved to a package path). External
    /// targets (hyperlinks) are left out.
    private static func relationships(_ bytes: [UInt8], base: String, package: XLSXArchive,
                                      part: String) throws -> [String: (type: String, target: String)] {
        var result: [String: (type: String, target: String)] = [:]
        do {
            try XLSXXMLBytes.forEachTag(in: bytes) { b, tag in
                guard tag.kind == .open || tag.kind == .empty, XLSXXMLBytes.nameIs(b, tag, "Relationship") else { return }
                var id = "", type = "", target = "", external = false
                for a in try XLSXXMLBytes.attributes(b, tag) {
                    switch a.local {
                    case "Id": id = a.value
                    case "Type": type = a.value
                    case "Target": target = a.value
                    case "TargetMode": external = a.value.lowercased() == "external"
                    default: break
                    }
                }
                if !external && !id.isEmpty && !target.isEmpty { result[id] = (type, resolve(target, base: base)) }
            }
        } catch let error as XLSXSyntaxError {
            throw ReadError(file: package.displayName, reason: "关系表（\(part)）格式错误（\(error.detail)），文件可能已损坏；请用 Excel 或 WPS 打开后重新保存为 .xlsx")
        }
        return result
    }

    /// A relationship target as a package path: absolute ("/xl/worksheets/sheet1.xml") or relative to
    /// `base` ("worksheets/sheet1.xml", "../xl/styles.xml").
    static func resolve(_ target: String, base: String) -> String {
        let cleaned = target.replacingOccurrences(of: "\\", with: "/")
        var parts: [Substring] = cleaned.hasPrefix("/") ? [] : base.split(separator: "/")
        for piece in cleaned.split(separator: "/") {
            if piece == "." { continue }
            if piece == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(piece)
        }
        return parts.joined(separator: "/")
    }

    /// Why a ZIP file without a workbook is not an .xlsx: other office formats are named.
    private static func notAWorkbookReason(_ package: XLSXArchive) -> String {
        if package.contains("xl/workbook.bin") {
            return "这是 Excel 二进制工作簿（.xlsb），不是 .xlsx；请用 Excel 打开后另存为 .xlsx"
        }
        if package.contains("word/document.xml") {
            return "这是 Word 文档（.docx），不是 Excel 工作簿；请选择导出的 Excel 文件"
        }
        if package.contains("ppt/presentation.xml") {
            return "这是 PowerPoint 演示文稿（.pptx），不是 Excel 工作簿；请选择导出的 Excel 文件"
        }
        if package.contains("content.xml") && package.contains("mimetype") {
            return "这是 OpenDocument 表格（.ods）或其他 OpenDocument 文件，不是 .xlsx；请用 WPS 或其他表格软件打开后另存为 .xlsx"
        }
        return "压缩包里没有 Excel 工作簿目录（xl/workbook.xml），不是 .xlsx 文件；请确认选择的是系统导出的 Excel 文件，或用 Excel 或 WPS 打开后重新保存为 .xlsx"
    }
}
