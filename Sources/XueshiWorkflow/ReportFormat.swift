/// The formats reports are written in, and how a file's extension names one.
public enum ReportFormat: String, Sendable, CaseIterable {
    case table, csv, json, markdown, html, xlsx

    /// The extensions that name the format (the first is the one the program gives its files).
    public var extensions: [String] {
        switch self {
        case .table: return ["txt"]
        case .csv: return ["csv"]
        case .json: return ["json"]
        case .markdown: return ["md", "markdown"]
        case .html: return ["html", "htm"]
        case .xlsx: return ["xlsx"]
        }
    }

    /// The format a file's extension names, if any.
    public static func named(byExtensionOf path: String) -> ReportFormat? {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        let ext = path[path.index(after: dot)...].lowercased()
        return allCases.first { $0.extensions.contains(ext) }
    }

    /// The format to write: the one asked for, else the one the output file's extension names, else
    /// `fallback`. A format that contradicts the extension is refused, so is one this report does not
    /// offer, and so is a binary format for standard output.
    public static func resolve(requested: ReportFormat?, output: String?, offered: [ReportFormat],
                               fallback: ReportFormat = .table) throws -> ReportFormat {
        let byExtension = output.flatMap(named(byExtensionOf:))
        let format: ReportFormat
        switch (requested, byExtension) {
        case (let requested?, let byExtension?) where requested != byExtension:
            throw WorkflowError.formatContradictsExtension(format: requested, path: output!, extensionFormat: byExtension)
        case (let requested?, _): format = requested
        case (nil, let byExtension?): format = byExtension
        case (nil, nil):
            // "报表.pdf" names a format the program does not write; "报表" names none, and gets the fallback.
            if let output, let name = output.split(separator: "/").last, name.dropFirst().contains(".") {
                throw WorkflowError.unknownExtension(path: output)
            }
            format = fallback
        }
        guard offered.contains(format) else { throw WorkflowError.formatNotOffered(format, offered: offered) }
        if format == .xlsx && output == nil { throw WorkflowError.needsFile(format) }
        return format
    }
}
