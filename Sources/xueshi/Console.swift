import ArgumentParser
import Foundation
import XueshiDataFile
import XueshiImport
import XueshiLedger
import XueshiModel
import XueshiRead
import XueshiReport
import XueshiWorkflow

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

    /// Lines longer than the terminal is wide are folded; a pipe or a file gets them whole.
    /// Flushed at once: reports are written straight to the descriptor, and must follow what came before.
    static func out(_ text: String = "") {
        print(TextTable.fold(text, width: Terminal.width))
        fflush(nil)  // every output stream (naming stdout is not concurrency-safe)
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((TextTable.fold(text, width: Terminal.errorWidth) + "\n").utf8))
    }

    /// Prints the error for the user and returns the exit code to throw.
    static func failure(_ error: Error, code: Status = .couldNotCheck) -> ExitCode {
        Console.error("错误：" + describe(error))
        return ExitCode(code.rawValue)
    }

    /// A library's error in words for someone at the command line: the library states the facts, this
    /// adds what to type next. The only place that knows both the errors and the flags.
    static func describe(_ error: Error) -> String {
        switch error {
        case let missing as Ledger.Missing:
            return "\(missing)。请先用 xueshi import 导入导出文件，或用 --ledger 路径 / 环境变量 XUESHI_LEDGER 指定已有的学时库。"
        case let notFound as HeaderNotFound:
            return "\(notFound)\n如果这是另一种格式的导出，请复制一份导入配置（xueshi profile show zj-provincial），改写表头名称后用 --profile 路径 指定。"
        case let read as ReadError:
            switch read.remedy {
            case .pinEncoding(let encoding?)?: return "\(read) 请加上 --encoding \(encoding.userName) 再试。"
            case .pinEncoding(nil)?: return "\(read) 可用 --encoding utf-8 或 --encoding gb18030 指定。"
            case nil: return "\(read)"
            }
        case let workflow as WorkflowError:
            switch workflow {
            case .ambiguousName:
                return "\(workflow)。请改用身份证号（xueshi people --reveal-ids 可以看到完整号码）。"
            case .invalidID(let text, _) where text.contains("*"):
                return "「\(text)」是隐去了中间几位的号码，不能用来查找：请写完整的身份证号或姓名（xueshi people --reveal-ids 可以看到完整号码）。"
            case .noSuchPerson:
                return "\(workflow)。xueshi people 列出学时库里的人。"
            case .formatContradictsExtension:
                return "\(workflow)。去掉 --format（格式随扩展名），或改用相符的扩展名。"
            case .unknownExtension:
                return "\(workflow)。请改用这些扩展名之一，或用 --format 指定格式。"
            case .needsFile(let format):
                return "\(workflow)：请用 --output 文件名.\(format.extensions[0]) 指定要写入的文件。"
            case .nobodyToCheck(.everyone):
                return "\(workflow)。先用 xueshi import 导入导出文件。"
            case .noApplicants:
                return "\(workflow)。导入带“是否申报”一列的花名册：xueshi import 花名册.xlsx。"
            case .noRoster:
                return "\(workflow)。先导入单位的花名册（姓名、身份证号、单位、部门……）：xueshi import 花名册.xlsx。"
            default:
                return "\(workflow)。"
            }
        case let unreadable as UnreadableFiles:
            return unreadable.failures.map { describe($0.error) }.joined(separator: "\n错误：")
        case let policy as DataFileError where policy.line == nil && policy.message.hasPrefix("没有这个"):
            return "\(policy)（xueshi policy list、xueshi profile list 列出内置的）。"
        default:
            return "\(error)"
        }
    }

    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// JSON for scripts (`JSONOutput`: sorted keys, so that output is stable from run to run).
    static func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try JSONOutput.encode(value).dropLast(), as: UTF8.self)
    }
}

/// A progress line on a terminal (standard error), redrawn at most a few times a second; silent
/// when standard error is not a terminal (cron, pipes, CI).
final class ProgressLine: @unchecked Sendable {
    private let enabled: Bool
    // The use cases may report from their worker thread.
    private let lock = NSLock()
    private var lastDraw: UInt64 = 0
    private var drawn = false

    init(enabled: Bool = Console.stderrIsTerminal) { self.enabled = enabled }

    func update(_ text: @autoclosure () -> String) {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - lastDraw > 200_000_000 else { return }
        lastDraw = now
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + text()).utf8))
        drawn = true
    }

    func clear() {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        guard drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        drawn = false
    }
}

/// Tables are laid out by the report layer (XueshiReport.TextTable).
typealias TerminalTable = TextTable

extension ProgressLine {
    /// Progress of an import, for `ImportJob.progress`.
    func importProgress(_ progress: ImportProgress) {
        update("正在导入 \(progress.file)：\(progress.rows) 行" + (progress.percent.map { "（\($0)%）" } ?? ""))
    }
}
