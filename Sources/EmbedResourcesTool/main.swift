import Foundation

// Usage: EmbedResourcesTool PACKAGE_ROOT OUTPUT.swift FILE...
// Writes a Swift file holding each FILE (base64, so any bytes survive) under its path relative to
// PACKAGE_ROOT, e.g. "Importers/zj-provincial.yaml".
let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: EmbedResourcesTool PACKAGE_ROOT OUTPUT FILE...\n".utf8))
    exit(2)
}
let root = URL(fileURLWithPath: arguments[1]).standardizedFileURL.path
var source = """
// Generated at build time from the project's data files. Do not edit.
import Foundation

enum EmbeddedResources {
    /// Embedded files by their path in the project, e.g. "Importers/zj-provincial.yaml".
    static let files: [String: String] = [

"""
if arguments.count == 3 { source += "        :\n" }
for path in arguments.dropFirst(3) {
    let full = URL(fileURLWithPath: path).standardizedFileURL.path
    var relative = full.hasPrefix(root) ? String(full.dropFirst(root.count)) : full
    while relative.hasPrefix("/") { relative.removeFirst() }
    let data = try Data(contentsOf: URL(fileURLWithPath: full))
    source += "        \"\(relative)\": \"\(data.base64EncodedString())\",\n"
}
source += """
    ]

    /// The bytes of an embedded file, or nil when no such file was embedded.
    static func data(_ path: String) -> Data? {
        files[path].flatMap { Data(base64Encoded: $0) }
    }

    /// The text of an embedded file (UTF-8).
    static func text(_ path: String) -> String? {
        data(path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Paths of the embedded files in one folder, sorted.
    static func paths(in folder: String) -> [String] {
        files.keys.filter { $0.hasPrefix(folder + "/") }.sorted()
    }
}

"""
try source.write(toFile: arguments[2], atomically: true, encoding: .utf8)
