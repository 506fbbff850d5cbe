import Foundation
import XueshiModel

/// JSON written straight to standard output as it is made. A city's verdicts run to tens of megabytes
/// of JSON: Foundation's encoder would hold all of it, twice, and take seconds; this holds one
/// buffer. Keys are written in sorted order by the callers, like `Console.json`.
final class JSONStream {
    private var buffer: [UInt8] = []
    private var needsComma: [Bool] = [false]

    init() { buffer.reserveCapacity(1 << 16) }

    private func separate() {
        if needsComma[needsComma.count - 1] { buffer.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }

    private func flushIfFull() {
        if buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
        // Written unbuffered; in JSON mode nothing else goes to standard output.
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    /// Ends the document with a newline and writes what is left.
    func finish() {
        buffer.append(UInt8(ascii: "\n"))
        flush()
    }

    func key(_ name: String) {
        separate()
        appendString(name)
        buffer.append(UInt8(ascii: ":"))
        needsComma[needsComma.count - 1] = false
    }

    func object(_ body: () -> Void) {
        separate()
        buffer.append(UInt8(ascii: "{"))
        needsComma.append(false)
        body()
        needsComma.removeLast()
        buffer.append(UInt8(ascii: "}"))
        flushIfFull()
    }

    func array(_ body: () -> Void) {
        separate()
        buffer.append(UInt8(ascii: "["))
        needsComma.append(false)
        body()
        needsComma.removeLast()
        buffer.append(UInt8(ascii: "]"))
        flushIfFull()
    }

    func string(_ value: String) { separate(); appendString(value) }
    func stringOrNull(_ value: String?) { if let value { string(value) } else { null() } }
    func bool(_ value: Bool) { separate(); buffer.append(contentsOf: (value ? "true" : "false").utf8) }
    func int(_ value: Int) { separate(); buffer.append(contentsOf: String(value).utf8) }
    func null() { separate(); buffer.append(contentsOf: "null".utf8) }
    /// Hours as a JSON number, exact to the hundredth ("92.5", "90").
    func hours(_ value: Hours) { separate(); buffer.append(contentsOf: value.description.utf8) }

    func field(_ name: String, _ value: String) { key(name); string(value) }
    func field(_ name: String, _ value: String?) { key(name); stringOrNull(value) }
    func field(_ name: String, _ value: Bool) { key(name); bool(value) }
    func field(_ name: String, _ value: Int) { key(name); int(value) }
    func field(_ name: String, _ value: Hours) { key(name); hours(value) }

    private func appendString(_ value: String) {
        buffer.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): buffer.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): buffer.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: buffer.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: buffer.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: buffer.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                buffer.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: buffer.append(byte)
            }
        }
        buffer.append(UInt8(ascii: "\""))
    }
}
