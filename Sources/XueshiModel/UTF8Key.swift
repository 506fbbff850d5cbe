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
        var a = self, b = other
        return a.withUTF8 { x in
            b.withUTF8 { y in
                x.count == y.count && (x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0)
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
