import ArgumentParser
import Foundation
import XueshiModel
import XueshiReport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The terminal: standard output for results, standard error for messages and progress.
enum Console {
    /// Exit codes (INTERFACE.md): 0 success or everyone meets; 1 someone is short; 2 and above the
    /// command could not do its work.
    enum Status: Int32 {
        case someoneShort = 1
        case couldNotCheck = 2
        case badInput = 3
    }

    static func out(_ text: String = "") { print(text) }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Prints the error for the user and returns the exit code to throw.
    static func failure(_ error: Error, code: Status) -> ExitCode {
        Console.error("错误：\(error)")
        return ExitCode(code.rawValue)
    }

    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// JSON for scripts: sorted keys, so that output is stable from run to run.
    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// A progress line on a terminal (standard error), redrawn at most a few times a second; silent
/// when standard error is not a terminal (cron, pipes, CI).
final class ProgressLine {
    private let enabled: Bool
    private var lastDraw: UInt64 = 0
    private var drawn = false

    init(enabled: Bool = Console.stderrIsTerminal) { self.enabled = enabled }

    func update(_ text: @autoclosure () -> String) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - lastDraw > 200_000_000 else { return }
        lastDraw = now
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + text()).utf8))
        drawn = true
    }

    func clear() {
        guard enabled, drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        drawn = false
    }
}

/// Tables are laid out by the report layer (XueshiReport.TextTable).
typealias TerminalTable = TextTable
