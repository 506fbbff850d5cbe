import Foundation
import Logging

/// The libraries log through swift-log; the command line decides what reaches the terminal. A person
/// running a command sees warnings and errors only (the command's own output says what happened);
/// `XUESHI_LOG=info` or `debug` shows more, e.g. under a schedule's log file. Always standard error,
/// so that a report on standard output stays clean.
enum LogSetup {
    static func bootstrap(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let level = environment["XUESHI_LOG"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
