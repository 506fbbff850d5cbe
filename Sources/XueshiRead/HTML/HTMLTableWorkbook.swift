/// A web page of tables that a system saved as ".xls" (Excel opens it as a sheet): each `<table>` is a
/// sheet, named by its number among the page's tables, "表格1", "表格2", … (a table that only frames
/// other tables is left out; see `HTMLTableParser`). Opening reads the page once, streaming, to decide
/// its charset (see `HTMLCharset`) and list its tables; `sheet(named:)` then reads one table's rows.
public struct HTMLTableWorkbook: Workbook, Sendable {
    public static let defaultChunkSize = 256 * 1024

    let path: String
    let displayName: String
    let charset: HTMLCharset
    /// The listed tables' numbers, in page order.
    let tableNumbers: [Int]

    /// Bytes read at a time, when listing and by the readers made from this workbook.
    public var chunkSize: Int

    /// Opens the page at `path`; `displayName` is the file name as the user typed it, for errors.
    public init(path: String, displayName: String, chunkSize: Int = defaultChunkSize) throws {
        self.path = path
        self.displayName = displayName
        self.chunkSize = chunkSize

        let head = try Self.head(of: path, displayName: displayName)
        var candidates: [HTMLCharset]
        if let mark = HTMLCharset.byteOrderMark(head) {
            candidates = [mark]
        } else if let label = HTMLCharset.declaredLabel(in: head) {
            guard let declared = HTMLCharset.declared(label) else {
                throw ReadError(file: displayName, reason: "网页声明的字符集“\(label)”无法识别，不知道如何读取其中的文字；请用 Excel 或 WPS 打开它，另存为 .xlsx 后再导入")
            }
            candidates = [declared]
        } else {
            candidates = HTMLCharset.guessed
        }

        while true {
            let candidate = candidates.removeFirst()
            var parser = HTMLTableParser(target: nil)
            do {
                try HTMLTableReader.read(&parser, path: path, displayName: displayName, charset: candidate, chunkSize: chunkSize)
            } catch let problem as HTMLProblem {
                // Not UTF-8 after all: GB18030 is next.
                if problem.kind == .invalidBytes && !candidates.isEmpty { continue }
                throw HTMLTableReader.readError(problem, at: parser, charset: candidate, displayName: displayName)
            }
            charset = candidate
            tableNumbers = parser.tables.filter { !$0.isFrame }.map(\.number)
            break
        }
        if tableNumbers.isEmpty {
            throw ReadError(file: displayName, reason: "网页里没有表格（找不到 <table>），不是导出的数据表；请确认选择的是系统导出的文件，或用 Excel 或 WPS 打开它，另存为 .xlsx 后再导入")
        }
    }

    /// The charset the page is read in, as shown to users ("GB18030").
    public var charsetName: String { charset.name }
    public var textEncodingName: String? { charset.name.lowercased() }

    public var sheets: [WorkbookSheet] { tableNumbers.map { WorkbookSheet(name: Self.sheetName($0)) } }

    public func rows(ofSheet name: String) throws -> any RowReader { try sheet(named: name) }

    /// A reader for the table called `name` (nil: the first). An unknown name is a `ReadError` that lists
    /// the tables there are.
    public func sheet(named name: String?) throws -> HTMLTableReader {
        let sheetName = try resolveSheet(name, displayName: displayName)
        let number = tableNumbers.first { Self.sheetName($0) == sheetName }!
        var reader = HTMLTableReader(name: sheetName, number: number, path: path, displayName: displayName, charset: charset)
        reader.chunkSize = chunkSize
        return reader
    }

    static func sheetName(_ number: Int) -> String { "表格\(number)" }

    /// The file's first bytes, where a byte-order mark or a charset declaration is.
    private static func head(of path: String, displayName: String) throws -> [UInt8] {
        let file = try CSVFile(path: path, displayName: displayName)
        var head = [UInt8](repeating: 0, count: HTMLCharset.declarationSearchBytes)
        let n = try head.withUnsafeMutableBytes { try file.readFully(into: $0) }
        return Array(head.prefix(n))
    }
}
