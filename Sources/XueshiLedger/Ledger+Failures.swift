import Foundation
import GRDB
import XueshiModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file as the system knows it (device and inode), to tell whether a path still names the file that
/// was opened.
struct FileIdentity: Equatable, Sendable {
    let device: UInt64
    let inode: UInt64

    init?(path: String) {
        guard path != ":memory:" else { return nil }
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}

extension Ledger {
    /// Fails, before a write commits, when the ledger's path no longer names the file that was opened:
    /// its folder was deleted, moved or unmounted, or the file replaced. SQLite would go on writing to
    /// the open file, which nobody can open again once the command ends.
    func checkStillInPlace() throws {
        guard let opened else { return }
        guard FileIdentity(path: path) == opened else { throw Self.vanished(path) }
    }

    static func vanished(_ path: String) -> LedgerError {
        let folder = PathText.folder(of: path)
        let what = !folder.isEmpty && !FileManager.default.fileExists(atPath: folder)
            ? "学时库所在的文件夹 \(folder) 在命令运行中不见了（被删除、移走，或磁盘被拔出）"
            : "学时库 \(path) 在命令运行中被删除、移走或替换了"
        return LedgerError("\(what)：这次什么也没有写入。请确认学时库的位置（--ledger 或 XUESHI_LEDGER），磁盘挂好后再运行")
    }

    /// Runs a write, turning SQLite's failures into sentences that say what happened, that the ledger
    /// is as it was, and what to do. (A failed write is rolled back by SQLite, so "nothing was written"
    /// is true of each of them.)
    func explainingFailures<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw Self.explained(error, path: path, opening: false)
        }
    }

    static func readOnly(_ path: String, _ unchanged: String) -> LedgerError {
        LedgerError("学时库 \(path) 是只读的（文件没有写权限，或所在的磁盘只读）：\(unchanged)。只读取的命令（verify、report、people……）照常可用；要写入，请检查文件权限或换一个位置")
    }

    /// An SQLite error in words for the user.
    static func explained(_ error: DatabaseError, path: String, opening: Bool) -> Error {
        let unchanged = opening ? "没有改动它" : "这次什么也没有写入，学时库保持原样"
        switch error.resultCode {
        case .SQLITE_FULL:
            let folder = PathText.folder(of: path)
            return LedgerError("磁盘已满，学时库 \(path) 写不下：\(unchanged)。请在 \(folder.isEmpty ? "当前文件夹" : folder) 所在的磁盘上腾出空间（df -h 查看）后再运行")
        case .SQLITE_READONLY:
            if error.extendedResultCode == .SQLITE_READONLY_DBMOVED || FileIdentity(path: path) == nil { return vanished(path) }
            return readOnly(path, unchanged)
        case .SQLITE_CANTOPEN, .SQLITE_IOERR:
            if FileIdentity(path: path) == nil { return vanished(path) }
            let folder = PathText.folder(of: path)
            if access(path, W_OK) != 0 || access(folder.isEmpty ? "." : folder, W_OK) != 0 { return readOnly(path, unchanged) }
            return LedgerError("读写学时库 \(path) 时磁盘出错（\(error.message ?? "I/O 错误")）：\(unchanged)。请检查磁盘，再用 xueshi doctor 检查学时库")
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return LedgerError("学时库 \(path) 已损坏：\(unchanged)。请用 xueshi doctor 检查，并从备份（xueshi backup 做的副本）恢复")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return LedgerError("学时库 \(path) 被另一个命令占用了 \(Int(busyTimeout / 60)) 分钟以上：\(unchanged)。请等它结束后再运行")
        default:
            return LedgerError("学时库 \(path) 出错（\(error.message ?? "\(error.resultCode)")）：\(unchanged)")
        }
    }
}
