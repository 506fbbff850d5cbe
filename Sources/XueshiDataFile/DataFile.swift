import Foundation
import Yams

/// A data file (import profile, policy) that could not be used, with the file and the line to look at.
public struct DataFileError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file; self.line = line; self.message = message
    }

    public var description: String {
        "\(file)" + (line.map { " 第 \($0) 行" } ?? "") + "：\(message)"
    }
}

/// Reads the project's YAML data files into typed values, failing with the file and line of the
/// mistake: users edit copies of these files by hand.
public enum DataFile {
    public static func decode<T: Decodable>(_ type: T.Type, yaml: String, file: String) throws -> T {
        do {
            return try YAMLDecoder().decode(type, from: yaml)
        } catch let error as YamlError {
            throw DataFileError(file: file, line: line(of: error), message: "YAML 格式错误：\(error)")
        } catch let error as DecodingError {
            // Yams reports a syntax error as a DecodingError wrapping the YamlError that has the line.
            if case .dataCorrupted(let context) = error, let syntax = context.underlyingError as? YamlError {
                throw DataFileError(file: file, line: line(of: syntax), message: "YAML 格式错误：\(syntax)")
            }
            let (path, message) = describe(error)
            throw DataFileError(file: file, line: line(at: path, in: yaml),
                                message: (path.isEmpty ? "" : "「\(path.map(\.stringValue).joined(separator: "."))」") + message)
        }
    }

    static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default:
            return nil
        }
    }

    static func describe(_ error: DecodingError) -> ([CodingKey], String) {
        switch error {
        case .keyNotFound(let key, let context):
            return (context.codingPath, "缺少「\(key.stringValue)」")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return (context.codingPath, "值的类型不对：\(context.debugDescription)")
        case .dataCorrupted(let context):
            return (context.codingPath, context.debugDescription)
        @unknown default:
            return ([], "\(error)")
        }
    }

    /// The line of the node at a coding path, found by walking the composed YAML tree; the deepest
    /// node that exists on the path when the path runs past the tree.
    public static func line(at path: [CodingKey], in yaml: String) -> Int? {
        guard var node = try? Yams.compose(yaml: yaml) else { return nil }
        var line = node.mark?.line
        for key in path {
            switch node {
            case .mapping(let mapping):
                guard let pair = mapping.first(where: { $0.key.string == key.stringValue }) else { return line }
                line = pair.key.mark?.line ?? line
                node = pair.value
                if case .scalar = node { line = node.mark?.line ?? line }
            case .sequence(let sequence):
                guard let index = key.intValue ?? Int(key.stringValue), index < sequence.count else { return line }
                node = sequence[index]
                line = node.mark?.line ?? line
            default:
                return line
            }
        }
        return line
    }
}

/// A coding key for any name, to list the keys a mapping really holds.
public struct AnyCodingKey: CodingKey, Hashable {
    public var stringValue: String
    public var intValue: Int?
    public init(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { self.stringValue = String(intValue); self.intValue = intValue }
}

extension Decoder {
    /// Refuses keys a type does not know: a misspelt setting ("requird: true") must not be silently
    /// ignored in a file that decides whose hours count.
    public func rejectUnknownKeys(allowed: [String]) throws {
        let container = try self.container(keyedBy: AnyCodingKey.self)
        for key in container.allKeys where !allowed.contains(key.stringValue) {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container,
                debugDescription: "不认识的设置「\(key.stringValue)」；可用的有：\(allowed.joined(separator: "、"))")
        }
    }
}
