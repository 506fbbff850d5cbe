/// Character references as browsers resolve them: the named entities a web page's text uses (HTML 4's
/// Latin-1 set, the special ones, common typography and symbols), and decimal and hexadecimal references.
enum HTMLEntities {
    /// The longest name looked up; a longer run of letters after `&` is plain text.
    static let maximumNameLength = 32

    /// The scalar `&name;` stands for, nil for an unknown name. Names are case-sensitive (`&Eacute;` ≠ `&eacute;`).
    static func named(_ name: String) -> Unicode.Scalar? {
        if let value = table[name] { return Unicode.Scalar(value) }
        return nil
    }

    /// The names browsers still accept without the final `;` (`&nbsp`, `&amp`, `&copy`): HTML 4's Latin-1
    /// set and the four that markup needs. Pages written by hand and old templates rely on them.
    static func namedWithoutSemicolon(_ name: String) -> Unicode.Scalar? {
        guard legacy.contains(name) else { return nil }
        return named(name)
    }

    /// The scalar of a numeric reference, with the browsers' repairs: 0, surrogates and values past
    /// U+10FFFF become U+FFFD; 0x80–0x9F are read as Windows-1252, which is what pages meant by them.
    static func numeric(_ value: UInt32) -> Unicode.Scalar {
        if value >= 0x80 && value <= 0x9F, let mapped = windows1252[value] { return Unicode.Scalar(mapped)! }
        if value == 0 { return "\u{FFFD}" }
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    /// An attribute value with its character references resolved (the value is short: a number, a
    /// number format, a charset).
    static func decode(_ bytes: [UInt8]) -> String {
        guard bytes.contains(0x26) else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            guard bytes[i] == 0x26, let (scalar, next) = reference(in: bytes, at: i) else {
                out.append(bytes[i])
                i += 1
                continue
            }
            out.append(contentsOf: Array(String(scalar).utf8))
            i = next
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The reference starting at the `&` at `i`, and the offset after it (after its `;` when it has one).
    private static func reference(in bytes: [UInt8], at i: Int) -> (Unicode.Scalar, Int)? {
        var j = i + 1
        if j < bytes.count && bytes[j] == 0x23 {
            j += 1
            let hex = j < bytes.count && bytes[j] | 0x20 == 0x78
            if hex { j += 1 }
            var value: UInt32 = 0, digits = 0
            while j < bytes.count, let d = digit(bytes[j], hex: hex) {
                value = min(value &* (hex ? 16 : 10) &+ UInt32(d), 0x110000)
                digits += 1
                j += 1
            }
            guard digits > 0 else { return nil }
            if j < bytes.count && bytes[j] == 0x3B { j += 1 }
            return (numeric(value), j)
        }
        while j < bytes.count && j - i <= maximumNameLength && isAlphanumeric(bytes[j]) { j += 1 }
        let name = String(decoding: bytes[(i + 1)..<j], as: UTF8.self)
        if j < bytes.count && bytes[j] == 0x3B, let scalar = named(name) { return (scalar, j + 1) }
        if let scalar = namedWithoutSemicolon(name) { return (scalar, j) }
        return nil
    }

    @inline(__always)
    static func isAlphanumeric(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A)
    }

    /// The value of a decimal (or, with `hex`, hexadecimal) digit.
    @inline(__always)
    static func digit(_ c: UInt8, hex: Bool) -> UInt8? {
        if c >= 0x30 && c <= 0x39 { return c - 0x30 }
        if hex, c | 0x20 >= 0x61, c | 0x20 <= 0x66 { return (c | 0x20) - 0x61 + 10 }
        return nil
    }

    /// HTML 4's Latin-1 entities, U+00A0 to U+00FF in order.
    private static let latin1 = [
        "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf", "laquo", "not",
        "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro", "para", "middot", "cedil", "sup1",
        "ordm", "raquo", "frac14", "frac12", "frac34", "iquest", "Agrave", "Aacute", "Acirc", "Atilde", "Auml",
        "Aring", "AElig", "Ccedil", "Egrave", "Eacute", "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH",
        "Ntilde", "Ograve", "Oacute", "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc",
        "Uuml", "Yacute", "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
        "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde", "ograve", "oacute",
        "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc", "uuml", "yacute", "thorn", "yuml",
    ]

    private static let others: [String: UInt32] = [
        "amp": 0x26, "lt": 0x3C, "gt": 0x3E, "quot": 0x22, "apos": 0x27,
        "AMP": 0x26, "LT": 0x3C, "GT": 0x3E, "QUOT": 0x22, "COPY": 0xA9, "REG": 0xAE,
        // Spaces and joiners.
        "ensp": 0x2002, "emsp": 0x2003, "thinsp": 0x2009, "zwnj": 0x200C, "zwj": 0x200D, "lrm": 0x200E, "rlm": 0x200F,
        // Typography.
        "ndash": 0x2013, "mdash": 0x2014, "lsquo": 0x2018, "rsquo": 0x2019, "sbquo": 0x201A, "ldquo": 0x201C,
        "rdquo": 0x201D, "bdquo": 0x201E, "dagger": 0x2020, "Dagger": 0x2021, "bull": 0x2022, "hellip": 0x2026,
        "permil": 0x2030, "prime": 0x2032, "Prime": 0x2033, "lsaquo": 0x2039, "rsaquo": 0x203A, "oline": 0x203E,
        "euro": 0x20AC, "trade": 0x2122, "OElig": 0x152, "oelig": 0x153, "Scaron": 0x160, "scaron": 0x161,
        "Yuml": 0x178, "fnof": 0x192, "circ": 0x2C6, "tilde": 0x2DC,
        // Arrows, mathematics and shapes.
        "larr": 0x2190, "uarr": 0x2191, "rarr": 0x2192, "darr": 0x2193, "harr": 0x2194, "lArr": 0x21D0,
        "rArr": 0x21D2, "hArr": 0x21D4, "forall": 0x2200, "part": 0x2202, "exist": 0x2203, "empty": 0x2205,
        "nabla": 0x2207, "isin": 0x2208, "notin": 0x2209, "ni": 0x220B, "prod": 0x220F, "sum": 0x2211,
        "minus": 0x2212, "lowast": 0x2217, "radic": 0x221A, "prop": 0x221D, "infin": 0x221E, "ang": 0x2220,
        "and": 0x2227, "or": 0x2228, "cap": 0x2229, "cup": 0x222A, "int": 0x222B, "there4": 0x2234, "sim": 0x223C,
        "cong": 0x2245, "asymp": 0x2248, "ne": 0x2260, "equiv": 0x2261, "le": 0x2264, "ge": 0x2265, "sub": 0x2282,
        "sup": 0x2283, "nsub": 0x2284, "sube": 0x2286, "supe": 0x2287, "oplus": 0x2295, "otimes": 0x2297,
        "perp": 0x22A5, "sdot": 0x22C5, "loz": 0x25CA, "spades": 0x2660, "clubs": 0x2663, "hearts": 0x2665,
        "diams": 0x2666,
        // Greek.
        "Alpha": 0x391, "Beta": 0x392, "Gamma": 0x393, "Delta": 0x394, "Epsilon": 0x395, "Zeta": 0x396, "Eta": 0x397,
        "Theta": 0x398, "Iota": 0x399, "Kappa": 0x39A, "Lambda": 0x39B, "Mu": 0x39C, "Nu": 0x39D, "Xi": 0x39E,
        "Omicron": 0x39F, "Pi": 0x3A0, "Rho": 0x3A1, "Sigma": 0x3A3, "Tau": 0x3A4, "Upsilon": 0x3A5, "Phi": 0x3A6,
        "Chi": 0x3A7, "Psi": 0x3A8, "Omega": 0x3A9, "alpha": 0x3B1, "beta": 0x3B2, "gamma": 0x3B3, "delta": 0x3B4,
        "epsilon": 0x3B5, "zeta": 0x3B6, "eta": 0x3B7, "theta": 0x3B8, "iota": 0x3B9, "kappa": 0x3BA,
        "lambda": 0x3BB, "mu": 0x3BC, "nu": 0x3BD, "xi": 0x3BE, "omicron": 0x3BF, "pi": 0x3C0, "rho": 0x3C1,
        "sigmaf": 0x3C2, "sigma": 0x3C3, "tau": 0x3C4, "upsilon": 0x3C5, "phi": 0x3C6, "chi": 0x3C7, "psi": 0x3C8,
        "omega": 0x3C9,
    ]

    private static let table: [String: UInt32] = {
        var t = others
        for (offset, name) in latin1.enumerated() { t[name] = 0xA0 + UInt32(offset) }
        return t
    }()

    private static let legacy: Set<String> = Set(latin1).union(["amp", "lt", "gt", "quot", "AMP", "LT", "GT", "QUOT", "COPY", "REG"])

    /// What Windows-1252 puts at 0x80–0x9F (the five holes stay as they are).
    private static let windows1252: [UInt32: UInt32] = [
        0x80: 0x20AC, 0x82: 0x201A, 0x83: 0x0192, 0x84: 0x201E, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021,
        0x88: 0x02C6, 0x89: 0x2030, 0x8A: 0x0160, 0x8B: 0x2039, 0x8C: 0x0152, 0x8E: 0x017D, 0x91: 0x2018,
        0x92: 0x2019, 0x93: 0x201C, 0x94: 0x201D, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02DC,
        0x99: 0x2122, 0x9A: 0x0161, 0x9B: 0x203A, 0x9C: 0x0153, 0x9E: 0x017E, 0x9F: 0x0178,
    ]
}
