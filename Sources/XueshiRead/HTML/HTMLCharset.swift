/// The character set a web page is read in, and how it was decided: as a browser decides, a byte-order
/// mark first, then a `<meta charset=…>` or `<meta http-equiv="Content-Type" content="…; charset=…">` in
/// the page's first 4 KB; a page that declares nothing is UTF-8 if all of it is valid UTF-8, else GB18030
/// (what a Chinese Windows system writes).
struct HTMLCharset: Sendable, Equatable {
    enum Source: Sendable, Equatable {
        case byteOrderMark
        /// The label as the page writes it ("gbk", "UTF-8").
        case declared(String)
        case guessed
    }

    /// The name iconv knows the charset by.
    var iconvName: String
    /// The name shown to users.
    var name: String
    var source: Source
    /// Bytes of byte-order mark at the start of the file, skipped before decoding.
    var byteOrderMarkLength = 0

    /// How much of the page's start is searched for a declaration.
    static let declarationSearchBytes = 4096

    static let guessed = [
        HTMLCharset(iconvName: "UTF-8", name: "UTF-8", source: .guessed),
        HTMLCharset(iconvName: "GB18030", name: "GB18030", source: .guessed),
    ]

    /// The charset a byte-order mark at the start of `head` names.
    static func byteOrderMark(_ head: [UInt8]) -> HTMLCharset? {
        if head.starts(with: [0xEF, 0xBB, 0xBF]) {
            return HTMLCharset(iconvName: "UTF-8", name: "UTF-8", source: .byteOrderMark, byteOrderMarkLength: 3)
        }
        if head.starts(with: [0xFF, 0xFE]) {
            return HTMLCharset(iconvName: "UTF-16LE", name: "UTF-16LE", source: .byteOrderMark, byteOrderMarkLength: 2)
        }
        if head.starts(with: [0xFE, 0xFF]) {
            return HTMLCharset(iconvName: "UTF-16BE", name: "UTF-16BE", source: .byteOrderMark, byteOrderMarkLength: 2)
        }
        return nil
    }

    /// The charset label the first `<meta>` that declares one gives, in the page's first bytes `head`
    /// (comments and scripts are skipped, as a browser's pre-scan skips them).
    static func declaredLabel(in head: [UInt8]) -> String? {
        var scan = DeclarationScan()
        var tokenizer = HTMLTokenizer()
        do {
            try head.prefix(declarationSearchBytes).withUnsafeBufferPointer { try tokenizer.consume($0, into: &scan) }
        } catch {
            // A tag too long for the tokenizer: no declaration before it counts.
        }
        return scan.label
    }

    /// The charset a page that declares `label` is read in (the labels browsers accept, by the WHATWG
    /// Encoding standard's mapping, and any other name iconv knows); nil when this system's iconv cannot
    /// read it.
    static func declared(_ label: String) -> HTMLCharset? {
        let key = label.lowercased()
        let choices: [(iconv: String, name: String)]
        switch key {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8",
             // A page that the pre-scan could read as ASCII is not UTF-16, whatever it says (WHATWG).
             "utf-16", "utf-16le", "utf-16be", "unicode", "ucs-2", "unicodefeff", "unicodefffe", "csunicode":
            choices = [("UTF-8", "UTF-8")]
        case "gbk", "gb2312", "gb_2312", "gb_2312-80", "gb18030", "chinese", "csgb2312", "csiso58gb231280",
             "iso-ir-58", "x-gbk", "cp936", "ms936", "windows-936", "euc-cn":
            choices = [("GB18030", "GB18030")]
        case "big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5":
            choices = [("BIG5-HKSCS", "Big5"), ("BIG5", "Big5")]
        case "iso-8859-1", "latin1", "l1", "iso8859-1", "iso_8859-1", "us-ascii", "ascii", "windows-1252",
             "cp1252", "x-cp1252", "cp819", "ibm819", "csisolatin1":
            choices = [("WINDOWS-1252", "Windows-1252"), ("CP1252", "Windows-1252")]
        case "shift_jis", "shift-jis", "sjis", "windows-31j", "ms_kanji", "x-sjis", "csshiftjis", "ms932":
            choices = [("CP932", "Shift_JIS"), ("SHIFT_JIS", "Shift_JIS")]
        case "euc-kr", "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601", "ksc_5601", "windows-949", "cseuckr":
            choices = [("CP949", "EUC-KR"), ("EUC-KR", "EUC-KR")]
        default:
            choices = [(label.uppercased(), label)]
        }
        for choice in choices where TextEncoding.Transcoder(from: choice.iconv) != nil {
            return HTMLCharset(iconvName: choice.iconv, name: choice.name, source: .declared(label))
        }
        return nil
    }

    /// The charset in a Content-Type value such as "text/html; charset=gbk" (the browsers' algorithm:
    /// after "charset", optional spaces, "=", a quoted or bare value).
    static func label(inContentType content: String) -> String? {
        let bytes = Array(content.utf8)
        let lowered = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        let word = Array("charset".utf8)
        var i = 0
        while i + word.count <= lowered.count {
            guard Array(lowered[i..<(i + word.count)]) == word else { i += 1; continue }
            var j = i + word.count
            while j < bytes.count && HTMLTokenizer.isSpace(bytes[j]) { j += 1 }
            guard j < bytes.count, bytes[j] == 0x3D else { i += word.count; continue }
            j += 1
            while j < bytes.count && HTMLTokenizer.isSpace(bytes[j]) { j += 1 }
            guard j < bytes.count else { return nil }
            var k = j
            if bytes[j] == 0x22 || bytes[j] == 0x27 {
                let q = bytes[j]
                j += 1
                k = j
                while k < bytes.count && bytes[k] != q { k += 1 }
                guard k < bytes.count else { return nil }
            } else {
                while k < bytes.count && !HTMLTokenizer.isSpace(bytes[k]) && bytes[k] != 0x3B { k += 1 }
            }
            let value = String(decoding: bytes[j..<k], as: UTF8.self)
            return value.isEmpty ? nil : value
        }
        return nil
    }
}

/// Looks for the first `<meta>` that names a charset.
private struct DeclarationScan: HTMLTokenSink {
    var label: String?

    var wantsText: Bool { false }

    mutating func startTag(_ tag: HTMLTag, attributes: HTMLAttributes) throws {
        guard label == nil, tag == .meta else { return }
        if let charset = attributes[.charset].map(XLSXXMLBytes.trim), !charset.isEmpty {
            label = charset
        } else if attributes[.httpEquiv].map({ XLSXXMLBytes.trim($0).lowercased() }) == "content-type",
                  let content = attributes[.content] {
            label = HTMLCharset.label(inContentType: content).map(XLSXXMLBytes.trim)
        }
    }

    mutating func endTag(_ tag: HTMLTag) throws {}
    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) throws {}
    mutating func character(_ scalar: Unicode.Scalar) throws {}
}
