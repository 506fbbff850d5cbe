/// What the reader needs from xl/styles.xml: for each cell format (`s="N"`, an index into `<cellXfs>`),
/// whether its number format shows a date or time.
struct XLSXStyles: Sendable {
    /// By cell-format index: whether a number in that format is a date/time serial.
    var isDateStyle: [Bool] = []

    init() {}

    init(xml bytes: [UInt8]) throws {
        var customFormats: [Int: String] = [:]
        var formatIDs: [Int] = []
        var inCellXfs = false
        var inNumFmts = false   // <numFmt> also appears in <dxfs> (conditional formats): not those
        try XLSXXMLBytes.forEachTag(in: bytes) { b, tag in
            switch tag.kind {
            case .open, .empty:
                if XLSXXMLBytes.nameIs(b, tag, "numFmts") {
                    inNumFmts = tag.kind == .open
                } else if inNumFmts && XLSXXMLBytes.nameIs(b, tag, "numFmt") {
                    var id: Int?
                    var code = ""
                    for a in try XLSXXMLBytes.attributes(b, tag) {
                        if a.local == "numFmtId" { id = Int(XLSXXMLBytes.trim(a.value)) } else if a.local == "formatCode" { code = a.value }
                    }
                    if let id { customFormats[id] = code }
                } else if XLSXXMLBytes.nameIs(b, tag, "cellXfs") {
                    inCellXfs = tag.kind == .open
                } else if inCellXfs && XLSXXMLBytes.nameIs(b, tag, "xf") {
                    var id = 0
                    for a in try XLSXXMLBytes.attributes(b, tag) where a.local == "numFmtId" {
                        id = Int(XLSXXMLBytes.trim(a.value)) ?? 0
                    }
                    formatIDs.append(id)
                }
            case .close:
                if XLSXXMLBytes.nameIs(b, tag, "cellXfs") { inCellXfs = false }
                if XLSXXMLBytes.nameIs(b, tag, "numFmts") { inNumFmts = false }
            case .cdata, .other:
                break
            }
        }
        isDateStyle = formatIDs.map { id in
            if let code = customFormats[id] { return XLSXStyles.isDateFormat(code) }
            return XLSXStyles.isBuiltInDateFormat(id)
        }
    }

    @inline(__always)
    func isDate(style: Int) -> Bool {
        style >= 0 && style < isDateStyle.count && isDateStyle[style]
    }

    /// Built-in number formats that show dates or times: the international ones (14–22, 45–47) and the
    /// locale-dependent ones that Chinese, Japanese, Korean and Thai Excel use (27–36, 50–58, 71–81).
    static func isBuiltInDateFormat(_ id: Int) -> Bool {
        switch id {
        case 14...22, 27...36, 45...47, 50...58, 71...81: return true
        default: return false
        }
    }

    /// Whether a custom format code shows a date or time: it has a y, m, d, h or s (or 年, 月, 日, 时, 分,
    /// 秒) outside quoted text, `[…]` brackets, `\`-escaped characters and `_`/`*` spacing, and is not
    /// "General" or "@".
    static func isDateFormat(_ code: String) -> Bool {
        let scalars = Array(code.unicodeScalars)
        var i = 0
        var plain = ""  // what remains outside quotes and brackets, to recognise "General"
        while i < scalars.count {
            let c = scalars[i]
            switch c {
            case "\"":
                i += 1
                while i < scalars.count && scalars[i] != "\"" { i += 1 }
                i += 1
            case "[":
                // [h], [mm] and [ss] are elapsed-time formats: dates too.
                var j = i + 1
                var inner = ""
                while j < scalars.count && scalars[j] != "]" { inner.unicodeScalars.append(scalars[j]); j += 1 }
                let lowered = inner.lowercased()
                if !lowered.isEmpty && lowered.allSatisfy({ $0 == "h" || $0 == "m" || $0 == "s" }) { return true }
                i = j + 1
            case "\\", "_", "*":
                i += 2
            case ";":
                // Only the first (positive-number) section decides.
                i = scalars.count
            default:
                plain.unicodeScalars.append(c)
                i += 1
            }
        }
        let trimmed = XLSXXMLBytes.trim(plain).lowercased()
        if trimmed == "general" || trimmed == "@" || trimmed.isEmpty { return false }
        return trimmed.unicodeScalars.contains { s in
            switch s {
            case "y", "m", "d", "h", "s", "年", "月", "日", "时", "分", "秒": return true
            default: return false
            }
        }
    }
}
