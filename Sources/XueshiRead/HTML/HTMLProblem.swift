/// Why reading a web page stopped: a limit that protects against damaged or hostile files, or bytes
/// that are not text in the page's charset. `detail` is Chinese; the reader adds the file, the table and
/// the row to make a `ReadError`.
struct HTMLProblem: Error {
    enum Kind {
        case limit
        /// Bytes not valid in the charset the page is read in.
        case invalidBytes
    }
    var kind: Kind
    var detail: String

    static func limit(_ detail: String) -> HTMLProblem { HTMLProblem(kind: .limit, detail: detail) }
}
