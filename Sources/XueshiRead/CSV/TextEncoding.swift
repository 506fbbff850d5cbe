#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A text encoding a CSV export may come in.
///
/// GB18030 covers GBK and GB2312 (what Excel on a Chinese Windows writes as "CSV"); UTF-16 is Excel's
/// "Unicode text" and is only ever recognised by its byte-order mark.
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case gb18030 = "gb18030"
    case utf16 = "utf-16"

    /// The encoding a user means by `name` (`--encoding`): the raw values and the usual aliases, in
    /// any case (`utf8`, `gbk`, `gb2312`, `cp936`, `unicode`, …).
    public init?(name: String) {
        let key = name.lowercased().filter { $0 != "-" && $0 != "_" && $0 != " " }
        switch key {
        case "utf8", "utf8bom", "utf8sig": self = .utf8
        case "gb18030", "gbk", "gb2312", "cp936", "ms936", "windows936", "euccn", "gb": self = .gb18030
        case "utf16", "utf16le", "utf16be", "unicode", "ucs2": self = .utf16
        default: return nil
        }
    }

    /// The name shown to users.
    public var displayName: String {
        switch self {
        case .utf8: return "UTF-8"
        case .gb18030: return "GB18030"
        case .utf16: return "UTF-16"
        }
    }
}

extension TextEncoding {
    /// Converts a byte stream to UTF-8 with the C library's iconv, chunk by chunk: a multi-byte
    /// sequence cut by the end of one chunk is reported as `.incomplete` so that the caller carries
    /// those bytes over to the next chunk.
    final class Transcoder {
        enum Outcome: Equatable {
            /// All the input was converted.
            case complete
            /// The input ends inside a multi-byte sequence: the bytes from `read` on belong to the next chunk.
            case incomplete
            /// The bytes at `read` are not valid in the source encoding.
            case invalid
            /// The output has no room for the next character.
            case outputFull
        }

        private let descriptor: iconv_t

        /// A transcoder from `source`, an iconv name such as "GB18030" or "UTF-16LE", to UTF-8; nil when
        /// the C library does not know the name.
        init?(from source: String) {
            let cd = iconv_open("UTF-8", source)
            if Int(bitPattern: cd) == -1 { return nil }
            descriptor = cd!
        }

        deinit { iconv_close(descriptor) }

        /// Converts as much of `input` as fits into `output`, and tells how many bytes were read and
        /// written and why it stopped.
        func convert(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer)
            -> (read: Int, written: Int, outcome: Outcome)
        {
            guard input.count > 0 else { return (0, 0, .complete) }
            guard let inBase = input.baseAddress, let outBase = output.baseAddress, output.count > 0 else {
                return (0, 0, .outputFull)
            }
            // iconv's prototype takes `char **` for the input although it never writes through it.
            var inPointer: UnsafeMutablePointer<CChar>? =
                UnsafeMutableRawPointer(mutating: inBase).assumingMemoryBound(to: CChar.self)
            var outPointer: UnsafeMutablePointer<CChar>? = outBase.assumingMemoryBound(to: CChar.self)
            var inLeft = input.count
            var outLeft = output.count
            let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
            let read = input.count - inLeft
            let written = output.count - outLeft
            if result != -1 { return (read, written, .complete) }
            switch errno {
            case EINVAL: return (read, written, .incomplete)
            case E2BIG: return (read, written, .outputFull)
            default: return (read, written, .invalid)  // EILSEQ
            }
        }
    }

    /// The iconv name of the source encoding; for UTF-16, of the byte order a byte-order mark gave
    /// (`bigEndian`), little-endian by default as Windows writes it.
    func iconvName(bigEndian: Bool = false) -> String? {
        switch self {
        case .utf8: return nil
        case .gb18030: return "GB18030"
        case .utf16: return bigEndian ? "UTF-16BE" : "UTF-16LE"
        }
    }
}
