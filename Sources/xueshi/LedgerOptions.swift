import ArgumentParser
import Foundation
import XueshiLedger

/// Where the ledger is: --ledger, else $XUESHI_LEDGER, else ./xueshi.sqlite (INTERFACE.md).
struct LedgerOptions: ParsableArguments {
    /// The ledger file.
    @Option(name: .long, help: ArgumentHelp("学时库文件（SQLite）。默认：环境变量 XUESHI_LEDGER，否则当前目录下的 xueshi.sqlite。", valueName: "路径"))
    var ledger: String?

    var path: String {
        if let ledger, !ledger.isEmpty { return ledger }
        if let fromEnvironment = ProcessInfo.processInfo.environment["XUESHI_LEDGER"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return "xueshi.sqlite"
    }

    /// The ledger for a command that only reads it: a missing one is a clear error (exit 2).
    func openExisting() throws -> Ledger {
        do { return try Ledger(path: path, create: false) }
        catch { throw Console.failure(error, code: .couldNotCheck) }
    }

    /// For a command that only reads: the ledger opened read-only, changing nothing.
    func openForReading() throws -> Ledger {
        do { return try Ledger(readingAt: path) }
        catch { throw Console.failure(error, code: .couldNotCheck) }
    }
}
