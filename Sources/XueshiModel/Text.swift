/// Text clean-up shared by every stage: exports carry stray spaces, tabs, full-width spaces and
/// full-width digits and letters, which must not make two equal values differ.
public enum Text {
    /// Folds full-width ASCII forms (U+FF01…U+FF5E) to ASCII and the ideographic space (U+3000) to a
    /// space; other characters are kept as they are.
    public static func foldWidth(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value >= 0x3000 && ($0.value == 0x3000 || (0xFF01...0xFF5E).contains($0.value)) })
        else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x3000: scalars.append(" ")
            case 0xFF01...0xFF5E: scalars.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// Whether a scalar is white space as exports use it: spaces, tabs, line breaks, no-break and
    /// full-width spaces.
    @inlinable
    public static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C, 0xA0, 0x3000, 0xFEFF, 0x200B: return true
        default: return false
        }
    }

    /// The text without surrounding white space (including full-width spaces); the inside is kept.
    public static func trim(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex) { return text }
        return String(scalars[first...last])
    }

    /// A text field as it is stored and compared (DOMAIN.md's trimming rule, extended): trimmed, and
    /// each run of white space inside it — a line break as Excel writes it in a cell, tabs, runs of
    /// spaces, full-width and no-break spaces — one ASCII space; zero-width characters alone are
    /// dropped. "人工智能\n应用研修" and "人工智能 应用研修" are one training, not two.
    public static func folded(_ text: String) -> String {
        let trimmed = trim(text)
        guard trimmed.unicodeScalars.contains(where: { isSpace($0) && $0 != " " })
              || trimmed.contains("  ") else { return trimmed }
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false, inRun = false
        for scalar in trimmed.unicodeScalars {
            if isSpace(scalar) {
                inRun = true
                if scalar != "\u{200B}" && scalar != "\u{FEFF}" { pendingSpace = true }
                continue
            }
            if inRun {
                if pendingSpace { scalars.append(" ") }
                inRun = false; pendingSpace = false
            }
            scalars.append(scalar)
        }
        return String(scalars)
    }

    /// Whether `folded` would change the inside of these (trimmed) UTF-8 bytes: any control byte, two
    /// spaces in a row, or a no-break, full-width or zero-width space.
    public static func needsFolding(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var previous: UInt8 = 0
        for index in bytes.indices {
            let byte = bytes[index]
            if byte < 0x20 || (byte == 0x20 && previous == 0x20) { return true }
            if byte == 0xA0 && previous == 0xC2 { return true }                                 // U+00A0
            if index >= 2 {
                let a = bytes[index - 2], b = bytes[index - 1]
                if a == 0xE3 && b == 0x80 && byte == 0x80 { return true }                      // U+3000
                if a == 0xE2 && b == 0x80 && byte == 0x8B { return true }                      // U+200B
                if a == 0xEF && b == 0xBB && byte == 0xBF { return true }                      // U+FEFF
            }
            previous = byte
        }
        return false
    }

    /// Trimmed and width-folded: the form used to compare codes, numbers, dates and header names.
    public static func canonical(_ text: String) -> String {
        trim(foldWidth(text))
    }

    /// Removes every white-space character, for header names such as "身份证 号".
    public static func removingSpaces(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !isSpace(scalar) { scalars.append(scalar) }
        return String(scalars)
    }

    /// Columns a string takes in a terminal: East Asian wide and full-width characters take two.
    public static func displayWidth(_ text: String) -> Int {
        var width = 0
        for scalar in text.unicodeScalars { width += columns(of: scalar) }
        return width
    }

    static func columns(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v == 0 || (0x300...0x36F).contains(v) || v == 0x200B || (0xFE00...0xFE0F).contains(v) { return 0 }
        if (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
            || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v) { return 2 }
        return 1
    }

    /// The text padded with spaces to `width` terminal columns (left-aligned, or right-aligned).
    public static func pad(_ text: String, to width: Int, right: Bool = false) -> String {
        let gap = max(0, width - displayWidth(text))
        let spaces = String(repeating: " ", count: gap)
        return right ? spaces + text : text + spaces
    }
}

extension Text {
    /// Text from a file as a terminal may show it: control characters (an escape that would recolour or
    /// move the cursor, a bell, a line break inside a cell) each become "?", so what a file holds can
    /// never act on the terminal.
    /// `keepingLineBreaks`: line feeds and tabs stay (the program's own layout: lines, tab-separated
    /// lists); neither acts on a terminal.
    public static func inert(_ text: String, keepingLineBreaks: Bool = false) -> String {
        func isInert(_ scalar: Unicode.Scalar) -> Bool {
            scalar.properties.generalCategory != .control || (keepingLineBreaks && (scalar == "\n" || scalar == "\t"))
        }
        // Most text has no control character: answered on the bytes (C1 controls are two bytes, C2 8x).
        var suspicious = false
        for byte in text.utf8 where byte < 0x20 || byte == 0x7F || byte == 0xC2 {
            if !(keepingLineBreaks && (byte == 0x0A || byte == 0x09)) { suspicious = true; break }
        }
        guard suspicious, !text.unicodeScalars.allSatisfy(isInert) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { isInert($0) ? $0 : "?" }))
    }
}

extension Text {
    /// Characters of a cell an error message quotes at most: enough to find the cell, never a whole
    /// note pasted into it.
    public static let excerptLimit = 24

    /// A cell's text as a message quotes it: control characters inert, any run of digits as long as an
    /// ID masked as IDs are everywhere (330106********1234: an ID in the wrong column is still an ID),
    /// and cut to `excerptLimit` characters with "…".
    public static func excerpt(_ text: String) -> String {
        var shown = inert(maskingIDs(text))
        if shown.count > excerptLimit { shown = String(shown.prefix(excerptLimit)) + "…" }
        return shown
    }

    /// Runs of 15 or more digits (an 18-digit ID may end in X) with all but their first six and last
    /// four characters starred.
    public static func maskingIDs(_ text: String) -> String {
        guard text.utf8.count >= 15 else { return text }
        var out = ""
        var run: [Character] = []
        func flush() {
            if run.count >= 15 {
                out += String(run.prefix(6)) + String(repeating: "*", count: run.count - 10) + String(run.suffix(4))
            } else {
                out += String(run)
            }
            run.removeAll()
        }
        for character in text {
            if character.isASCII && character.isNumber || (character == "X" || character == "x") && run.count == 17 {
                run.append(character)
            } else {
                flush()
                out.append(character)
            }
        }
        flush()
        return out
    }
}
