#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable window of bytes, filled at its end and consumed from its start: what the CSV reader
/// reads into and parses from. Only the unconsumed bytes (at most one unfinished record, once
/// parsed) are kept when more room is needed, so it stays about one chunk large.
final class CSVByteBuffer {
    private var storage: UnsafeMutableBufferPointer<UInt8>
    /// The data is `storage[start..<end]`.
    var start = 0
    var end = 0

    init(capacity: Int) {
        storage = .allocate(capacity: max(capacity, 64))
    }

    deinit { storage.deallocate() }

    var count: Int { end - start }

    /// The unconsumed bytes. Valid until the next `reserve`.
    var bytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: storage[start..<end])
    }

    /// The room after the data. Valid until the next `reserve`.
    var free: UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: storage[end...]))
    }

    /// Makes room for at least `byteCount` more bytes after the data, moving the data to the front
    /// and growing the storage if needed.
    func reserve(_ byteCount: Int) {
        if start > 0 {
            if end > start, let base = storage.baseAddress {
                memmove(base, base + start, end - start)
            }
            end -= start
            start = 0
        }
        if storage.count - end < byteCount {
            let grown = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(storage.count * 2, end + byteCount))
            if end > 0, let from = storage.baseAddress, let to = grown.baseAddress {
                to.update(from: from, count: end)
            }
            storage.deallocate()
            storage = grown
        }
    }

    /// Whether the data begins with `prefix`.
    func hasPrefix(_ prefix: [UInt8]) -> Bool {
        count >= prefix.count && prefix.indices.allSatisfy { storage[start + $0] == prefix[$0] }
    }
}
