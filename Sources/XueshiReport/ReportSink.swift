import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a rendered report's bytes go as they are made: a file descriptor (standard output, or a file
/// being written), or memory (a report kept for a later delivery). The first failure to write (a full
/// disk, a closed pipe) is kept and stops further writes; the caller asks for it at the end.
public final class ReportSink: @unchecked Sendable {
    private enum Target { case descriptor(Int32), memory }
    private let target: Target
    /// What a memory sink holds.
    public private(set) var data = Data()
    /// The errno of the first failed write, if any.
    public private(set) var failure: Int32?

    private init(_ target: Target) { self.target = target }

    public static func standardOutput() -> ReportSink { ReportSink(.descriptor(STDOUT_FILENO)) }
    public static func memory() -> ReportSink { ReportSink(.memory) }
    /// Writes to an open descriptor, which the caller owns and closes.
    public static func descriptor(_ descriptor: Int32) -> ReportSink { ReportSink(.descriptor(descriptor)) }

    public func write(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil, bytes.count > 0 else { return }
        switch target {
        case .memory:
            data.append(bytes.bindMemory(to: UInt8.self))
        case .descriptor(let descriptor):
            var offset = 0
            while offset < bytes.count {
                let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { failure = errno; return }
                offset += written
            }
        }
    }

    public func write(_ data: Data) { data.withUnsafeBytes { write($0) } }
    public func write(_ text: String) { write(Data(text.utf8)) }
}

/// JSON for scripts through Foundation's encoder, set up once for every command: sorted keys, so that
/// output is stable from run to run, and slashes as they are. (Large outputs use `JSONStream`.)
public enum JSONOutput {
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value) + Data("\n".utf8)
    }
}
