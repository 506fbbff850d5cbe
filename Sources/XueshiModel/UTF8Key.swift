/// A string hashed and compared by its UTF-8 bytes, as SQLite compares text. Swift's own String
/// hashing and equality normalise Unicode first, which for Chinese text costs more per row than a
/// million-row import can afford; exports do not mix normalisation forms in their codes and names.
public struct UTF8Key: Hashable, Sendable {
    public let text: String
    public init(_ text: String) { self.text = text }

    public static func == (a: UTF8Key, b: UTF8Key) -> Bool { a.text.hasSameBytes(as: b.text) }

    public func hash(into hasher: inout Hasher) {
        var copy = text
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

extension String {
    /// Byte-for-byte equality of the UTF-8 forms (no Unicode normalisation).
    public func hasSameBytes(as other: String) -> Bool {
        var other = other
        return other.withUTF8 { hasSameBytes(as: $0) }
    }

    /// Byte-for-byte equality of the UTF-8 form with `bytes`.
    public func hasSameBytes(as bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var text = self
        return text.withUTF8 { $0.hasSameBytes(as: bytes) }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Byte-for-byte equality.
    public func hasSameBytes(as other: UnsafeBufferPointer<UInt8>) -> Bool {
        count == other.count && (count == 0 || memcmp(baseAddress!, other.baseAddress!, count) == 0)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
