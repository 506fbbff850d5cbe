/// The shared strings of a workbook as one block of UTF-8 bytes and where each string ends: a sheet's
/// fast path reads a string's bytes in place, and a table of a million strings costs its bytes and
/// 8 bytes a string rather than a `String` each. Immutable once made.
final class XLSXStringTable: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<UInt8>
    /// ends[i]: the offset after string i's last byte.
    private let ends: [Int]

    static let empty = XLSXStringTable(bytes: [], ends: [])

    /// `bytes` must be valid UTF-8 string by string (`XLSXSharedStrings` repairs them as it reads).
    init(bytes: [UInt8], ends: [Int]) {
        storage = .allocate(capacity: max(1, bytes.count))
        _ = storage.initialize(from: bytes)
        self.ends = ends
    }

    deinit { storage.deallocate() }

    var count: Int { ends.count }

    /// Where string `index` (in range) lies in `base`.
    @inline(__always)
    func span(_ index: Int) -> (offset: Int, count: Int) {
        let start = index == 0 ? 0 : ends[index - 1]
        return (start, ends[index] - start)
    }

    /// The first byte of the block: valid as long as the table.
    var base: UnsafePointer<UInt8> { UnsafePointer(storage.baseAddress!) }

    func string(_ index: Int) -> String {
        let (offset, count) = span(index)
        return String(decoding: UnsafeBufferPointer(start: base + offset, count: count), as: UTF8.self)
    }
}
