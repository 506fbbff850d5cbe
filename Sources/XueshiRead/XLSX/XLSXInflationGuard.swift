import ZIPFoundation

/// Bounds on what a part of a workbook may inflate to, checked before and while it is inflated: a zip
/// bomb (a few kilobytes that inflate to gigabytes of XML) is refused in moments, not read to its end.
///
/// The limits are far from any export: a 1,000,000-row export's sheet is about 540 MB of XML that
/// compresses about 9 to 1.
struct XLSXInflationGuard {
    /// A part's inflated size at most (an .xlsx holds at most 1,048,576 rows a sheet).
    static let maximumPartBytes: UInt64 = 4 << 30
    /// Inflated bytes per compressed byte at most, for parts big enough to matter: repetitive XML
    /// compresses about ten to one, a bomb hundreds of times better.
    static let maximumRatio: UInt64 = 100
    /// Below this, a part may compress as well as it likes.
    static let ratioFloor: UInt64 = 64 << 20

    let part: String
    let declared: UInt64
    private var inflated: UInt64 = 0

    /// Refuses a part whose declared sizes are a bomb's.
    init(_ entry: Entry, displayName: String) throws(ReadError) {
        part = entry.path
        declared = entry.uncompressedSize
        let compressed = max(entry.compressedSize, 1)
        if declared > Self.maximumPartBytes {
            throw Self.refusal(displayName, part, "解压后有 \(declared >> 20) MB，超过上限 \(Self.maximumPartBytes >> 30) GB")
        }
        if declared > Self.ratioFloor && declared / compressed > Self.maximumRatio {
            throw Self.refusal(displayName, part, "压缩比超过 \(Self.maximumRatio) 比 1（这是“压缩炸弹”的特征）")
        }
    }

    /// Counts inflated bytes; refuses more than the part said it holds (a lying header), or the limit.
    mutating func add(_ count: Int, displayName: String) throws(ReadError) {
        inflated += UInt64(count)
        if inflated > declared || inflated > Self.maximumPartBytes {
            throw Self.refusal(displayName, part, "解压出的内容比文件记录的大小（\(declared) 字节）更多")
        }
    }

    static func refusal(_ displayName: String, _ part: String, _ why: String) -> ReadError {
        ReadError(file: displayName, reason: "文件中的“\(part)”\(why)，不像是系统导出的文件，已拒绝读取；请用 Excel 或 WPS 打开检查后重新保存为 .xlsx")
    }
}
