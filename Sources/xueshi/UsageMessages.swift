import ArgumentParser
import Foundation

/// The argument parser's messages in Chinese, and a suggestion for a mistyped subcommand. The parser
/// words its errors in English only; its messages follow a few fixed patterns, translated here. A
/// message that matches none is shown as the parser wrote it.
enum UsageMessages {
    /// The closest subcommand to a mistyped first word ("repor" → "report"), when the word is not an
    /// option, not a subcommand, and near enough to one to be a slip.
    static func suggestion(for word: String, among names: [String]) -> String? {
        guard !word.hasPrefix("-"), !names.contains(word) else { return nil }
        let scored = names.map { ($0, editDistance(word.lowercased(), $0)) }.min { $0.1 < $1.1 }
        guard let (name, distance) = scored else { return nil }
        let prefixMatch = name.hasPrefix(word.lowercased()) && word.count >= 2
        return prefixMatch || distance <= max(1, name.count / 3) ? name : nil
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    static let patterns: [(NSRegularExpression, String)] = [
        (#"^Error: Unknown option '([^']*)'\. Did you mean '([^']*)'\?"#, "错误：没有选项 $1。是不是要用 $2？"),
        (#"^Error: Unknown option '([^']*)'"#, "错误：没有选项 $1"),
        (#"^Error: Missing value for '([^']*)'"#, "错误：选项 $1 后面缺少值"),
        (#"^Error: Missing expected argument '([^']*)'"#, "错误：缺少参数 $1"),
        (#"^Error: Missing one of: (.*)"#, "错误：须给出其中之一：$1"),
        (#"^Error: Unexpected argument '([^']*)'"#, "错误：多出了参数「$1」"),
        (#"^Error: (\d+) unexpected arguments: (.*)"#, "错误：多出了 $1 个参数：$2"),
        (#"^Error: The value '([^']*)' is invalid for '([^']*)'(.*)"#, "错误：「$1」不是 $2 可以取的值$3"),
        (#"^Error: The option '([^']*)' does not take any value, but '([^']*)' was specified\."#, "错误：选项 $1 不带值，却给了「$2」"),
        (#"^Error: Value to be set with (.*) had already been set with (.*)"#, "错误：$1 与 $2 重复给出"),
        (#"^Error: (.*)"#, "错误：$1"),
        (#"^Usage: (.*)"#, "用法：$1"),
        (#"^Help:  (.*)"#, "说明：$1"),
        (#"^  See '([^']*)' for more information\."#, "  详见 $1"),
    ].map { (try! NSRegularExpression(pattern: $0.0), $0.1) }

    /// The parser's message, line by line, in Chinese where a pattern knows it.
    static func chinese(_ message: String) -> String {
        message.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            let text = String(line)
            let range = NSRange(text.startIndex..., in: text)
            for (pattern, template) in patterns where pattern.firstMatch(in: text, range: range) != nil {
                var translated = pattern.stringByReplacingMatches(in: text, range: range, withTemplate: template)
                translated = translated.replacingOccurrences(of: ". Please provide one of the following:", with: "。可用的值：")
                return translated
            }
            return text
        }.joined(separator: "\n")
    }
}
