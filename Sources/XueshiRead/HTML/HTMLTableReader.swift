/// The rows of one table of a web page saved as ".xls", streamed: the file is decoded and tokenized chunk
/// by chunk, each row handed on as soon as it ends, and reading stops at the table's end. Row numbers
/// are the table's rows counted from 1, as Excel shows the page; every cell is `.text` as the page shows
/// it (an ID of 18 digits stays exact) or `.empty`, except a date a spreadsheet program saved with its
/// serial beside the text (`sdval`), which is `.date` as in an .xlsx. Styles such as `mso-number-format`
/// change nothing. See `HTMLTableParser` for how tables, rows, cells and spans are read, `HTMLCellText`
/// for a cell's white space.
public struct HTMLTableReader: RowReader, Sendable {
    /// The table's name as the workbook lists it, "表格1".
    public let name: String
    /// The table's number among the page's `<table>` start tags, from 1.
    let number: Int
    let path: String
    let displayName: String
    let charset: HTMLCharset

    /// Bytes read from the file at a time. Tests set tiny sizes to check that tags, references and
    /// characters cut by a chunk's end come out whole.
    public var chunkSize = HTMLTableWorkbook.defaultChunkSize

    init(name: String, number: Int, path: String, displayName: String, charset: HTMLCharset) {
        self.name = name
        self.number = number
        self.path = path
        self.displayName = displayName
        self.charset = charset
    }

    public func forEachRow(_ body: (RawRow) throws -> Void) throws {
        try withoutActuallyEscaping(body) { body in
            var parser = HTMLTableParser(target: number, onRow: body)
            do {
                try Self.read(&parser, path: path, displayName: displayName, charset: charset, chunkSize: chunkSize)
            } catch let problem as HTMLProblem {
                throw Self.readError(problem, at: parser, charset: charset, displayName: displayName)
            }
        }
    }

    /// Feeds the page through the tokenizer into `parser`, until the page ends or the parser has what it wants.
    static func read(_ parser: inout HTMLTableParser, path: String, displayName: String, charset: HTMLCharset,
                     chunkSize: Int) throws {
        var tokenizer = HTMLTokenizer()
        let decoder = HTMLTextDecoder(path: path, displayName: displayName, charset: charset, chunkSize: chunkSize)
        try decoder.forEachChunk { chunk in
            try tokenizer.consume(chunk, into: &parser)
            return !parser.isDone
        }
        if !parser.isDone {
            try tokenizer.finish(into: &parser)
            parser.finish()
        }
    }

    /// The `ReadError` for a problem met at the parser's place in the page.
    static func readError(_ problem: HTMLProblem, at parser: HTMLTableParser, charset: HTMLCharset,
                          displayName: String) -> ReadError {
        let advice = "请用 Excel 或 WPS 打开它，另存为 .xlsx 后再导入"
        switch problem.kind {
        case .limit:
            let place = parser.cellPosition.map { "表格\(parser.target ?? 0)\($0)" } ?? parser.position
            return ReadError(file: displayName, reason: "网页表格在\(place)出错：\(problem.detail)；文件可能已损坏，\(advice)")
        case .invalidBytes:
            let place = parser.position
            switch charset.source {
            case .declared(let label):
                let readAs = label.lowercased() == charset.name.lowercased() ? "" : "（按 \(charset.name) 读取）"
                return ReadError(file: displayName, reason: "网页声明的字符集是 \(label)\(readAs)，但\(place)有不符合该字符集的字节：文件可能已损坏，或声明的字符集与实际不符；\(advice)")
            case .byteOrderMark:
                return ReadError(file: displayName, reason: "文件开头的字节顺序标记表明是 \(charset.name) 编码，但\(place)有无效的 \(charset.name) 数据：文件可能已损坏；\(advice)")
            case .guessed:
                return ReadError(file: displayName, reason: "网页没有声明字符集，按 UTF-8 和 GB18030 读取都有无效的字节（\(charset.name) 在\(place)）：文件可能已损坏；\(advice)")
            }
        }
    }
}
