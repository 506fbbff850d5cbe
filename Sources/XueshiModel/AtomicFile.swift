import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file written under a temporary name beside its final path and renamed into place once it is
/// whole: a reader (or a mail job picking the file up) never sees half a file, and a failure leaves
/// whatever was at the path before. The one way the program writes a file for a person: reports,
/// rejected rows, a delivery to a folder.
public struct AtomicFile {
    /// The path the file gets once it is complete.
    public let path: String
    /// Where it is written until then.
    public let temporaryPath: String
    public let ownerOnly: Bool
    private var committed = false

    /// Prepares `path`: creates its missing parent folders (owner-only ones when `ownerOnly`, for a
    /// file that holds whole ID numbers) and the temporary file, readable by its owner only from the
    /// start when `ownerOnly`.
    public init(path: String, ownerOnly: Bool) throws(FileWriteError) {
        self.path = path
        self.ownerOnly = ownerOnly
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw FileWriteError(path: path, problem: .isAFolder)
        }
        let folder = PathText.folder(of: path)
        try Self.makeFolder(folder.isEmpty ? "." : folder, ownerOnly: ownerOnly, for: path)
        let name = PathText.name(of: path)
        temporaryPath = (folder.isEmpty ? "" : folder + "/") + ".\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporaryPath, O_CREAT | O_EXCL | O_WRONLY, ownerOnly ? 0o600 : 0o666)
        guard descriptor >= 0 else { throw FileWriteError(path: path, errno: errno) }
        if ownerOnly { fchmod(descriptor, 0o600) }
        close(descriptor)
    }

    /// Writes `data` to `path` atomically.
    public static func write(_ data: Data, to path: String, ownerOnly: Bool) throws(FileWriteError) {
        var file = try AtomicFile(path: path, ownerOnly: ownerOnly)
        try file.fill { temporary in try data.write(to: URL(fileURLWithPath: temporary)) }
        try file.commit()
    }

    /// Lets `write` fill the temporary file (by its path: C libraries write files themselves); removes
    /// it when `write` fails.
    public mutating func fill(_ write: (String) throws -> Void) throws(FileWriteError) {
        do { try write(temporaryPath) } catch {
            discard()
            throw FileWriteError(path: path, underlying: error)
        }
    }

    /// Renames the temporary file into place.
    public mutating func commit() throws(FileWriteError) {
        guard rename(temporaryPath, path) == 0 else {
            let code = errno
            discard()
            throw FileWriteError(path: path, errno: code)
        }
        committed = true
    }

    /// Removes the temporary file: nothing is written.
    public func discard() {
        guard !committed else { return }
        unlink(temporaryPath)
    }

    static func makeFolder(_ folder: String, ownerOnly: Bool, for path: String) throws(FileWriteError) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw FileWriteError(path: path, problem: .parentNotAFolder(folder)) }
            return
        }
        let parent = PathText.folder(of: folder)
        if !parent.isEmpty && parent != folder { try makeFolder(parent, ownerOnly: ownerOnly, for: path) }
        if mkdir(folder, ownerOnly ? 0o700 : 0o777) != 0 && errno != EEXIST {
            throw FileWriteError(path: path, errno: errno)
        }
    }
}

/// A file that could not be written, with the facts a message needs: which file, and why.
public struct FileWriteError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Problem: Sendable, Equatable {
        /// The path names a folder.
        case isAFolder
        /// A part of the path that should be a folder is a file.
        case parentNotAFolder(String)
        case permissionDenied
        case diskFull
        case readOnlyFileSystem
        /// Any other system error, in the system's words.
        case other(String)
    }

    public var path: String
    public var problem: Problem

    public init(path: String, problem: Problem) {
        self.path = path
        self.problem = problem
    }

    public init(path: String, errno code: Int32) {
        self.path = path
        switch code {
        case EACCES, EPERM: problem = .permissionDenied
        case ENOSPC, EDQUOT: problem = .diskFull
        case EROFS: problem = .readOnlyFileSystem
        case EISDIR: problem = .isAFolder
        case ENOTDIR: problem = .parentNotAFolder(PathText.folder(of: path))
        default: problem = .other(String(cString: strerror(code)))
        }
    }

    /// From an error a writer threw (Foundation's, or a C library's wrapped one).
    public init(path: String, underlying: Error) {
        // The caller's path (the file the user named, not a temporary one beside it), the writer's reason.
        if let error = underlying as? FileWriteError { self.init(path: path, problem: error.problem); return }
        let nsError = underlying as NSError
        if let posix = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            self.init(path: path, errno: Int32(posix.code))
        } else if nsError.domain == NSPOSIXErrorDomain {
            self.init(path: path, errno: Int32(nsError.code))
        } else if nsError.domain == NSCocoaErrorDomain {
            switch nsError.code {
            case NSFileWriteOutOfSpaceError: self.init(path: path, problem: .diskFull)
            case NSFileWriteNoPermissionError: self.init(path: path, problem: .permissionDenied)
            case NSFileWriteVolumeReadOnlyError: self.init(path: path, problem: .readOnlyFileSystem)
            default: self.init(path: path, problem: .other("\(underlying)"))
            }
        } else {
            self.init(path: path, problem: .other("\(underlying)"))
        }
    }

    /// In Chinese, with the path and what to do.
    public var description: String {
        switch problem {
        case .isAFolder: return "无法写入 \(path)：这是一个文件夹。请在文件夹路径后面写上文件名。"
        case .parentNotAFolder(let folder): return "无法写入 \(path)：\(folder) 是一个文件，不是文件夹。请换一个路径。"
        case .permissionDenied: return "无法写入 \(path)：没有写入权限。请换一个有写入权限的文件夹，或检查文件的权限。"
        case .diskFull: return "无法写入 \(path)：磁盘已满。请腾出空间后重试，或写到另一个磁盘。"
        case .readOnlyFileSystem: return "无法写入 \(path)：所在的磁盘是只读的。请写到另一个位置。"
        case .other(let reason): return "无法写入 \(path)：\(reason)"
        }
    }
}
