/// Reading the attributes of a SpreadsheetML tag. Attributes are matched by local name, whatever prefix
/// the writer bound to the spreadsheet namespace (`ss:Index`, `Index`).
enum SpreadsheetMLAttributes {
    /// The next attribute of `tag`, advancing `pos` (start it at `tag.attrStart`); nil after the last.
    @inline(__always)
    static func next(_ b: UnsafePointer<UInt8>, _ pos: inout Int, _ tag: XLSXTag) throws(SpreadsheetMLError) -> XLSXAttribute? {
        do {
            return try XLSXXMLBytes.nextAttribute(b, &pos, end: tag.attrEnd)
        } catch {
            throw .malformed(error.detail)
        }
    }

    @inline(__always)
    static func isNamed(_ b: UnsafePointer<UInt8>, _ a: XLSXAttribute, _ name: StaticString) -> Bool {
        XLSXXMLBytes.equals(b, a.localStart, a.nameEnd, name)
    }

    /// The attribute's value as a whole number of at least `minimum`: `ss:Index`, `ss:MergeDown`, ….
    static func integer(_ b: UnsafePointer<UInt8>, _ a: XLSXAttribute, minimum: Int) throws(SpreadsheetMLError) -> Int {
        guard let value = XLSXXMLBytes.parseInt(b, a.valueStart, a.valueEnd), value >= minimum else {
            let name = text(b, a.nameStart, a.nameEnd)
            let raw = text(b, a.valueStart, min(a.valueEnd, a.valueStart + 40))
            throw .malformed("\(name)=\"\(raw)\" 不是\(minimum > 0 ? "正" : "非负")整数")
        }
        return value
    }

    /// The attribute's value with entities decoded.
    static func string(_ b: UnsafePointer<UInt8>, _ a: XLSXAttribute) throws(SpreadsheetMLError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(a.valueEnd - a.valueStart)
        XLSXXMLBytes.appendDecoded(b, a.valueStart, a.valueEnd, into: &bytes, ooxmlEscapes: false)
        return try utf8(bytes)
    }

    /// Text from the file's (decoded) bytes; bytes that are not UTF-8 mean the file is not in the encoding
    /// it declares (UTF-8 when it declares none).
    static func utf8(_ bytes: [UInt8]) throws(SpreadsheetMLError) -> String {
        guard let s = String(validating: bytes, as: UTF8.self) else {
            throw .encoding("文件应为 UTF-8 编码（它声明的，或没有声明时的默认编码），却含有不是 UTF-8 的文字（可能实为 GBK 编码），无法读取；请用 WPS 或 Excel 打开核对后另存为 .xlsx 再导入")
        }
        return s
    }

    private static func text(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: b + start, count: end - start), as: UTF8.self)
    }
}
