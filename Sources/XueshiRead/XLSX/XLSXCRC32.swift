import Foundation

/// CRC-32 (ISO-HDLC, the one ZIP uses), slicing by 8. ZIPFoundation checks entries with a byte-at-a-time
/// table on Linux, which costs more than decompressing; the reader asks it to skip that and checks the
/// entries with this instead.
struct XLSXCRC32 {
    private(set) var value: UInt32 = 0
    private var state: UInt32 = 0xFFFF_FFFF

    init() {}

    private static let tables: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 8 * 256)
        for i in 0..<256 {
            var c = UInt32(i)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            t[i] = c
        }
        for i in 0..<256 {
            for k in 1..<8 {
                let previous = t[(k - 1) * 256 + i]
                t[k * 256 + i] = (previous >> 8) ^ t[Int(previous & 0xFF)]
            }
        }
        return t
    }()

    mutating func update(_ data: Data) {
        data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            update(base.assumingMemoryBound(to: UInt8.self), count: raw.count)
        }
    }

    mutating func update(_ bytes: UnsafePointer<UInt8>, count: Int) {
        var c = state
        Self.tables.withUnsafeBufferPointer { tp in
            let t = tp.baseAddress!
            var p = bytes
            var n = count
            while n >= 8 {
                let lo = UInt32(p[0]) | UInt32(p[1]) << 8 | UInt32(p[2]) << 16 | UInt32(p[3]) << 24
                let hi = UInt32(p[4]) | UInt32(p[5]) << 8 | UInt32(p[6]) << 16 | UInt32(p[7]) << 24
                let x = c ^ lo
                c = t[7 * 256 + Int(x & 0xFF)] ^ t[6 * 256 + Int((x >> 8) & 0xFF)]
                    ^ t[5 * 256 + Int((x >> 16) & 0xFF)] ^ t[4 * 256 + Int(x >> 24)]
                    ^ t[3 * 256 + Int(hi & 0xFF)] ^ t[2 * 256 + Int((hi >> 8) & 0xFF)]
                    ^ t[1 * 256 + Int((hi >> 16) & 0xFF)] ^ t[Int(hi >> 24)]
                p += 8
                n -= 8
            }
            while n > 0 {
                c = t[Int((c ^ UInt32(p[0])) & 0xFF)] ^ (c >> 8)
                p += 1
                n -= 1
            }
        }
        state = c
        value = c ^ 0xFFFF_FFFF
    }
}
