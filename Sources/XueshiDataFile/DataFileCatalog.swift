import Foundation

/// The data files of one kind (import profiles, policies): the built-in ones bundled into the binary,
/// and users' copies by path. Found the same way for every kind: a name is the `name` a built-in file
/// gives itself; anything else is the path of a file.
public struct DataFileCatalog<Value>: Sendable {
    /// What a file of this kind is, for messages ("导入配置", "核查要求").
    public let kind: String
    /// The built-in files: their path in the project and their text.
    let files: @Sendable () -> [(path: String, text: String)]
    /// Parses a file's text; `file` names it in errors; `builtIn` tells a bundled file from a user's.
    let parse: @Sendable (_ yaml: String, _ file: String, _ builtIn: Bool) throws -> Value
    let nameOf: @Sendable (Value) -> String

    public init(kind: String, files: @escaping @Sendable () -> [(path: String, text: String)],
                parse: @escaping @Sendable (_ yaml: String, _ file: String, _ builtIn: Bool) throws -> Value,
                name: @escaping @Sendable (Value) -> String) {
        self.kind = kind; self.files = files; self.parse = parse; self.nameOf = name
    }

    /// Every built-in value. A built-in file that does not parse is a defect the tests catch, not a
    /// user's error: it is left out.
    public func builtIn() -> [Value] { builtInEntries().map(\.value) }

    /// The text of the built-in file with this name, for users to copy.
    public func builtInText(named name: String) -> String? {
        builtInEntries().first { nameOf($0.value) == name }?.text
    }

    /// A value by built-in name, or by the path of a YAML file.
    public func load(_ nameOrPath: String) throws -> Value {
        if let entry = builtInEntries().first(where: { nameOf($0.value) == nameOrPath }) { return entry.value }
        guard FileManager.default.fileExists(atPath: nameOrPath) else {
            throw DataFileError(file: nameOrPath, line: nil,
                                message: "没有这个\(kind)：内置的有 \(builtIn().map(nameOf).joined(separator: "、"))，也可以给出 YAML 文件的路径")
        }
        guard let data = FileManager.default.contents(atPath: nameOrPath) else {
            throw DataFileError(file: nameOrPath, line: nil, message: "无法读取\(kind)文件")
        }
        return try parse(String(decoding: data, as: UTF8.self), nameOrPath, false)
    }

    private func builtInEntries() -> [(value: Value, text: String)] {
        files().compactMap { file in
            (try? parse(file.text, file.path, true)).map { ($0, file.text) }
        }
    }
}
