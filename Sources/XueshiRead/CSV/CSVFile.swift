#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file open for reading with read(2), closed when released; its failures are `ReadError`s that
/// name the file as the user knows it.
final class CSVFile {
    private let descriptor: Int32
    let displayName: String

    init(path: String, displayName: String) throws {
        self.displayName = displayName
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw ReadError(file: displayName, reason: "无法打开文件：\(CSVFile.describe(errno))") }
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// Reads up to `buffer.count` bytes; 0 at the end of the file.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            #if canImport(Darwin)
            let n = Darwin.read(descriptor, base, buffer.count)
            #elseif canImport(Glibc)
            let n = Glibc.read(descriptor, base, buffer.count)
            #else
            let n = Musl.read(descriptor, base, buffer.count)
            #endif
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw ReadError(file: displayName, reason: "读取文件失败：\(CSVFile.describe(errno))")
        }
    }

    /// Reads until `buffer` is full or the file ends; returns the count read.
    func readFully(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var total = 0
        while total < buffer.count {
            let n = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[total...]))
            if n == 0 { break }
            total += n
        }
        return total
    }

    static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
