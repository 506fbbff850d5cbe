/// What the tokenizer hands its tokens to.
protocol HTMLTokenSink {
    /// Whether text is wanted now (inside a cell being read). Text nobody wants is skipped without
    /// resolving its character references.
    var wantsText: Bool { get }
    mutating func startTag(_ tag: HTMLTag, attributes: HTMLAttributes) throws
    mutating func endTag(_ tag: HTMLTag) throws
    /// A run of text as the page holds it (UTF-8, no references in it).
    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) throws
    /// The character a reference (`&nbsp;`, `&#20010;`) stands for.
    mutating func character(_ scalar: Unicode.Scalar) throws
}

/// A streaming tokenizer over the UTF-8 bytes of a web page, after the one browsers use (WHATWG HTML)
/// as far as a table needs: start and end tags in any letter case, attributes quoted, unquoted or bare,
/// comments, `<!DOCTYPE>` and `<?…?>`, the content of `<script>`, `<style>` and the like skipped up to their
/// end tag, character references in text. Bytes arrive in chunks of any size: the state is kept between
/// them byte by byte, so a tag, a reference or a comment cut by a chunk's end goes on in the next one,
/// and nothing but the current tag's name and kept attributes is ever stored.
struct HTMLTokenizer {
    /// A tag (from `<` to `>`) longer than this is refused: no page writes one, and it would otherwise
    /// be read to the end of the file.
    static let maximumTagBytes = 64 << 10

    private enum State {
        case data
        case tagOpen
        case endTagOpen
        case tagName
        case beforeAttributeName
        case attributeName
        case afterAttributeName
        case beforeAttributeValue
        case quotedAttributeValue(UInt8)
        case unquotedAttributeValue
        case selfClosingStartTag
        case markupDeclarationOpen
        case commentStartDash
        /// Inside `<!-- … -->`, with the count of `-` just seen (2 or more lets `>` end it).
        case comment(dashes: Int)
        case bogusComment
        /// Inside a raw-text element, with how many bytes of its end tag (`</script`) have been seen.
        case rawText(matched: Int)
        case characterReference
    }

    private var state = State.data
    private var isEndTag = false
    private var name: [UInt8] = []
    private var nameTooLong = false
    private var tag = HTMLTag.other
    private var keepsAttributes = false
    private var tagBytes = 0
    private var attributes = HTMLAttributes()
    private var attributeName: [UInt8] = []
    private var attributeNameTooLong = false
    private var attribute: HTMLAttributeName?
    private var attributeValue: [UInt8] = []
    /// `</` and the name of the raw-text element being skipped.
    private var rawTextEnd: [UInt8] = []
    /// The bytes after the `&` of the reference being read, and its numeric value so far.
    private var reference: [UInt8] = []
    private var referenceValue: UInt32 = 0
    private var referenceDigits = 0

    private static let lt: UInt8 = 0x3C, gt: UInt8 = 0x3E, slash: UInt8 = 0x2F, amp: UInt8 = 0x26
    private static let bang: UInt8 = 0x21, question: UInt8 = 0x3F, dash: UInt8 = 0x2D, equals: UInt8 = 0x3D
    private static let quote: UInt8 = 0x22, apos: UInt8 = 0x27, hash: UInt8 = 0x23, semicolon: UInt8 = 0x3B

    /// Reads one chunk, handing `sink` the tokens it completes.
    mutating func consume<Sink: HTMLTokenSink>(_ input: UnsafeBufferPointer<UInt8>, into sink: inout Sink) throws {
        guard let b = input.baseAddress else { return }
        let end = input.count
        var i = 0
        while i < end {
            let c = b[i]
            switch state {
            case .data:
                if sink.wantsText {
                    var j = i
                    while j < end && b[j] != Self.lt && b[j] != Self.amp { j += 1 }
                    if j > i { try sink.text(UnsafeBufferPointer(start: b + i, count: j - i)) }
                    guard j < end else { return }
                    if b[j] == Self.lt {
                        beginMarkup()
                    } else {
                        reference.removeAll(keepingCapacity: true)
                        referenceValue = 0
                        referenceDigits = 0
                        state = .characterReference
                    }
                    i = j + 1
                } else {
                    var j = i
                    while j < end && b[j] != Self.lt { j += 1 }
                    guard j < end else { return }
                    beginMarkup()
                    i = j + 1
                }

            case .tagOpen:
                if c == Self.bang {
                    state = .markupDeclarationOpen
                    i += 1
                } else if c == Self.slash {
                    state = .endTagOpen
                    i += 1
                } else if Self.isLetter(c) {
                    beginName(endTag: false)
                    state = .tagName
                } else if c == Self.question {
                    state = .bogusComment
                    i += 1
                } else {
                    // "a < b": the `<` is text.
                    state = .data
                    if sink.wantsText { try Self.literal([Self.lt], into: &sink) }
                }

            case .endTagOpen:
                if Self.isLetter(c) {
                    beginName(endTag: true)
                    state = .tagName
                } else if c == Self.gt {
                    state = .data
                    i += 1
                } else {
                    state = .bogusComment
                }

            case .tagName:
                try countTagBytes(1)
                if Self.isSpace(c) {
                    resolveName()
                    state = .beforeAttributeName
                } else if c == Self.slash {
                    resolveName()
                    state = .selfClosingStartTag
                } else if c == Self.gt {
                    resolveName()
                    try emitTag(into: &sink)
                } else if name.count < HTMLTag.maximumNameLength {
                    name.append(Self.lower(c))
                } else {
                    nameTooLong = true
                }
                i += 1

            case .beforeAttributeName:
                if Self.isSpace(c) {
                    try countTagBytes(1)
                    i += 1
                } else if c == Self.slash {
                    try countTagBytes(1)
                    state = .selfClosingStartTag
                    i += 1
                } else if c == Self.gt {
                    try emitTag(into: &sink)
                    i += 1
                } else {
                    beginAttribute()
                    state = .attributeName
                    if c == Self.equals {
                        // A name that starts with "=" (browsers keep it as the name).
                        attributeName.append(c)
                        try countTagBytes(1)
                        i += 1
                    }
                }

            case .attributeName:
                try countTagBytes(1)
                if Self.isSpace(c) {
                    resolveAttributeName()
                    state = .afterAttributeName
                } else if c == Self.slash {
                    resolveAttributeName()
                    commitAttribute()
                    state = .selfClosingStartTag
                } else if c == Self.gt {
                    resolveAttributeName()
                    commitAttribute()
                    try emitTag(into: &sink)
                } else if c == Self.equals {
                    resolveAttributeName()
                    state = .beforeAttributeValue
                } else if attributeName.count < HTMLTag.maximumNameLength {
                    attributeName.append(Self.lower(c))
                } else {
                    attributeNameTooLong = true
                }
                i += 1

            case .afterAttributeName:
                if Self.isSpace(c) {
                    try countTagBytes(1)
                    i += 1
                } else if c == Self.slash {
                    try countTagBytes(1)
                    commitAttribute()
                    state = .selfClosingStartTag
                    i += 1
                } else if c == Self.equals {
                    try countTagBytes(1)
                    state = .beforeAttributeValue
                    i += 1
                } else if c == Self.gt {
                    commitAttribute()
                    try emitTag(into: &sink)
                    i += 1
                } else {
                    commitAttribute()
                    beginAttribute()
                    state = .attributeName
                }

            case .beforeAttributeValue:
                if Self.isSpace(c) {
                    try countTagBytes(1)
                    i += 1
                } else if c == Self.quote || c == Self.apos {
                    try countTagBytes(1)
                    state = .quotedAttributeValue(c)
                    i += 1
                } else if c == Self.gt {
                    commitAttribute()
                    try emitTag(into: &sink)
                    i += 1
                } else {
                    state = .unquotedAttributeValue
                }

            case .quotedAttributeValue(let q):
                var j = i
                while j < end && b[j] != q { j += 1 }
                try countTagBytes(j - i + (j < end ? 1 : 0))
                appendValue(b, i, j)
                guard j < end else { return }
                commitAttribute()
                state = .beforeAttributeName
                i = j + 1

            case .unquotedAttributeValue:
                try countTagBytes(1)
                if Self.isSpace(c) {
                    commitAttribute()
                    state = .beforeAttributeName
                } else if c == Self.gt {
                    commitAttribute()
                    try emitTag(into: &sink)
                } else {
                    appendValue(b, i, i + 1)
                }
                i += 1

            case .selfClosingStartTag:
                if c == Self.gt {
                    // Browsers ignore the "/" of "<br/>", "<td/>": the element is what its name says.
                    try emitTag(into: &sink)
                    i += 1
                } else {
                    state = .beforeAttributeName
                }

            case .markupDeclarationOpen:
                if c == Self.dash {
                    state = .commentStartDash
                    i += 1
                } else {
                    // <!DOCTYPE …>, <![CDATA[ … ]]> outside foreign content, <!…>: up to the next ">".
                    state = .bogusComment
                }

            case .commentStartDash:
                if c == Self.dash {
                    // "<!-->" and "<!--->" end at once, as in a browser.
                    state = .comment(dashes: 2)
                    i += 1
                } else {
                    state = .bogusComment
                }

            case .comment(let dashes):
                if dashes == 0 {
                    var j = i
                    while j < end && b[j] != Self.dash { j += 1 }
                    i = j
                    if j < end {
                        state = .comment(dashes: 1)
                        i += 1
                    }
                } else {
                    if c == Self.dash {
                        state = .comment(dashes: 2)
                    } else if c == Self.gt && dashes >= 2 {
                        state = .data
                    } else {
                        state = .comment(dashes: 0)
                    }
                    i += 1
                }

            case .bogusComment:
                var j = i
                while j < end && b[j] != Self.gt { j += 1 }
                i = j
                if j < end {
                    state = .data
                    i += 1
                }

            case .rawText(let matched):
                if matched == 0 {
                    var j = i
                    while j < end && b[j] != Self.lt { j += 1 }
                    i = j
                    if j < end {
                        state = .rawText(matched: 1)
                        i += 1
                    }
                } else if matched < rawTextEnd.count {
                    if Self.lower(c) == rawTextEnd[matched] {
                        state = .rawText(matched: matched + 1)
                        i += 1
                    } else {
                        state = .rawText(matched: 0)
                    }
                } else if Self.isSpace(c) || c == Self.slash || c == Self.gt {
                    // The element's end tag: read as any end tag from here.
                    isEndTag = true
                    tag = .rawText
                    keepsAttributes = false
                    tagBytes = rawTextEnd.count
                    state = .beforeAttributeName
                } else {
                    state = .rawText(matched: 0)
                }

            case .characterReference:
                if try readReference(c, into: &sink) { i += 1 }
            }
        }
    }

    /// Ends the input: a reference in progress is resolved; a tag the file ends in is dropped, as a
    /// browser drops it.
    mutating func finish<Sink: HTMLTokenSink>(into sink: inout Sink) throws {
        if case .characterReference = state { try endReference(into: &sink) }
        state = .data
    }

    // MARK: - Tags

    private mutating func beginMarkup() {
        state = .tagOpen
        tagBytes = 1
    }

    private mutating func beginName(endTag: Bool) {
        isEndTag = endTag
        name.removeAll(keepingCapacity: true)
        nameTooLong = false
        tagBytes += 1
    }

    private mutating func resolveName() {
        tag = nameTooLong ? .other : HTMLTag(name: String(decoding: name, as: UTF8.self))
        keepsAttributes = !isEndTag && tag.keepsAttributes
        attributes.removeAll()
        attribute = nil
    }

    private mutating func countTagBytes(_ n: Int) throws {
        tagBytes += n
        if tagBytes > Self.maximumTagBytes {
            throw HTMLProblem.limit("有一个标签超过 \(Self.maximumTagBytes >> 10) KiB 仍未结束（缺少“>”），不像是正常的网页")
        }
    }

    private mutating func emitTag<Sink: HTMLTokenSink>(into sink: inout Sink) throws {
        if isEndTag {
            state = .data
            try sink.endTag(tag)
            return
        }
        if tag == .rawText {
            rawTextEnd = [Self.lt, Self.slash] + name
            state = .rawText(matched: 0)
        } else {
            state = .data
        }
        try sink.startTag(tag, attributes: attributes)
    }

    private mutating func beginAttribute() {
        attributeName.removeAll(keepingCapacity: true)
        attributeNameTooLong = false
        attributeValue.removeAll(keepingCapacity: true)
        attribute = nil
    }

    private mutating func resolveAttributeName() {
        guard keepsAttributes, !attributeNameTooLong else { attribute = nil; return }
        attribute = HTMLAttributeName(name: String(decoding: attributeName, as: UTF8.self))
    }

    private mutating func appendValue(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int) {
        guard attribute != nil, end > start else { return }
        let room = HTMLAttributes.maximumValueBytes - attributeValue.count
        guard room > 0 else { return }
        attributeValue.append(contentsOf: UnsafeBufferPointer(start: b + start, count: min(room, end - start)))
    }

    private mutating func commitAttribute() {
        if let attribute { attributes.add(attribute, HTMLEntities.decode(attributeValue)) }
        attribute = nil
        attributeValue.removeAll(keepingCapacity: true)
    }

    // MARK: - Character references

    /// Takes byte `c` of a reference; false when the reference ended before it and `c` is to be read
    /// again as text.
    private mutating func readReference<Sink: HTMLTokenSink>(_ c: UInt8, into sink: inout Sink) throws -> Bool {
        if reference.isEmpty {
            if c == Self.hash || HTMLEntities.isAlphanumeric(c) {
                reference.append(c)
                return true
            }
            state = .data
            try Self.literal([Self.amp], into: &sink)
            return false
        }
        if reference[0] == Self.hash {
            let hex = reference.count >= 2
            if reference.count == 1 && referenceDigits == 0 && c | 0x20 == 0x78 {
                reference.append(c)
                return true
            }
            if let d = HTMLEntities.digit(c, hex: hex) {
                referenceValue = min(referenceValue &* (hex ? 16 : 10) &+ UInt32(d), 0x110000)
                referenceDigits += 1
                return true
            }
            let consumed = c == Self.semicolon && referenceDigits > 0
            try endReference(into: &sink)
            return consumed
        }
        if HTMLEntities.isAlphanumeric(c) {
            if reference.count < HTMLEntities.maximumNameLength {
                reference.append(c)
                return true
            }
            // Too long for any name: plain text, the rest of the word with it.
            state = .data
            try Self.literal([Self.amp] + reference, into: &sink)
            return false
        }
        if c == Self.semicolon, let scalar = HTMLEntities.named(String(decoding: reference, as: UTF8.self)) {
            state = .data
            try sink.character(scalar)
            return true
        }
        try endReference(into: &sink)
        return false
    }

    /// Resolves the reference read so far at something that is not part of it (or at the end of the file).
    private mutating func endReference<Sink: HTMLTokenSink>(into sink: inout Sink) throws {
        state = .data
        if reference.first == Self.hash {
            if referenceDigits > 0 {
                try sink.character(HTMLEntities.numeric(referenceValue))
            } else {
                try Self.literal([Self.amp] + reference, into: &sink)
            }
            return
        }
        // Without ";", browsers take the longest name at the start that may go without one: "&copy2024"
        // is "©2024", "&nbspx" is a no-break space and "x".
        var length = reference.count
        while length >= 2 {
            if let scalar = HTMLEntities.namedWithoutSemicolon(String(decoding: reference[..<length], as: UTF8.self)) {
                try sink.character(scalar)
                if length < reference.count { try Self.literal(Array(reference[length...]), into: &sink) }
                return
            }
            length -= 1
        }
        try Self.literal([Self.amp] + reference, into: &sink)
    }

    private static func literal<Sink: HTMLTokenSink>(_ bytes: [UInt8], into sink: inout Sink) throws {
        try bytes.withUnsafeBufferPointer { try sink.text($0) }
    }

    // MARK: - Bytes

    @inline(__always)
    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || c == 0x0C }

    @inline(__always)
    private static func isLetter(_ c: UInt8) -> Bool { c | 0x20 >= 0x61 && c | 0x20 <= 0x7A }

    @inline(__always)
    private static func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
}
