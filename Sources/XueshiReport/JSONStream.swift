import Foundation
import XueshiModel

/// JSON written straight to a sink (standard output, a file, memory) as it is made. A city's verdicts
/// run to tens of megabytes of JSON: Foundation's encoder would hold all of it, twice, and take
/// seconds; this holds one buffer. Keys are written in sorted order by the callers, like `JSONOutput`.
public final class JSONStream {
    // Unchecked: only this class's methods touch them, one at a time (a stream is written by one
    // thread), and the run-time exclusivity checks of a class's properties were a quarter of the time
    // of writing a city's verdicts.
    @exclusivity(unchecked) private var buffer: ByteBuffer
    @exclusivity(unchecked) private var needsComma: [Bool] = [false]

    public init(to sink: ReportSink) { buffer = ByteBuffer(sink: sink) }

    private func separate() {
        if needsComma[needsComma.count - 1] { buffer.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }

    private func flushIfFull() {
        if buffer.count >= ByteBuffer.flushAt { flush() }
    }

    public func flush() {
        buffer.writeOut()
    }

    /// Ends the document with a newline and writes what is left.
    public func finish() {
        buffer.append(UInt8(ascii: "\n"))
        flush()
    }

    /// A key: the program's own names, which need no escaping.
    public func key(_ name: StaticString) {
        separate()
        buffer.append(UInt8(ascii: "\""))
        buffer.append(name)
        buffer.append(UInt8(ascii: "\""))
        buffer.append(UInt8(ascii: ":"))
        needsComma[needsComma.count - 1] = false
    }

    /// A key made at run time (a category's code), escaped like any string.
    public func key(dynamic name: String) {
        separate()
        appendString(name)
        buffer.append(UInt8(ascii: ":"))
        needsComma[needsComma.count - 1] = false
    }

    public func object(_ body: () -> Void) { container(open: "{", close: "}", body) }

    public func array(_ body: () -> Void) { container(open: "[", close: "]", body) }

    private func container(open: Unicode.Scalar, close: Unicode.Scalar, _ body: () -> Void) {
        separate()
        buffer.append(UInt8(ascii: open))
        needsComma.append(false)
        body()
        needsComma.removeLast()
        buffer.append(UInt8(ascii: close))
        flushIfFull()
    }

    public func string(_ value: String) { separate(); appendString(value) }
    public func stringOrNull(_ value: String?) { if let value { string(value) } else { null() } }
    public func bool(_ value: Bool) { separate(); buffer.append(value ? "true" : "false") }
    public func int(_ value: Int) {
        separate()
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        appendDigits(UInt64(value.magnitude))
    }
    public func null() { separate(); buffer.append("null") }
    /// Hours as a JSON number, exact to the hundredth ("92.5", "90", "89.99"), as Hours.description
    /// writes them, without making a string.
    public func hours(_ value: Hours) {
        separate()
        if value.hundredths < 0 { buffer.append(UInt8(ascii: "-")) }
        let magnitude = value.hundredths.magnitude
        appendDigits(magnitude / 100)
        let fraction = magnitude % 100
        if fraction != 0 {
            buffer.append(UInt8(ascii: "."))
            buffer.append(UInt8(fraction / 10) + 0x30)
            if fraction % 10 != 0 { buffer.append(UInt8(fraction % 10) + 0x30) }
        }
    }

    private func appendDigits(_ number: UInt64) {
        if number >= 10 { appendDigits(number / 10) }
        buffer.append(UInt8(number % 10) + 0x30)
    }

    public func field(_ name: StaticString, _ value: String) { key(name); string(value) }
    public func field(_ name: StaticString, _ value: String?) { key(name); stringOrNull(value) }
    public func field(_ name: StaticString, _ value: Bool) { key(name); bool(value) }
    public func field(_ name: StaticString, _ value: Int) { key(name); int(value) }
    public func field(_ name: StaticString, _ value: Hours) { key(name); hours(value) }

    private func appendString(_ value: String) {
        buffer.append(UInt8(ascii: "\""))
        // Most strings need no escaping: copy their bytes at once.
        var text = value
        let plain = text.withUTF8 { bytes -> Bool in
            for byte in bytes where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return false }
            buffer.append(bytes)
            return true
        }
        if plain {
            buffer.append(UInt8(ascii: "\""))
            return
        }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): buffer.append(0x5C); buffer.append(0x22)
            case UInt8(ascii: "\\"): buffer.append(0x5C); buffer.append(0x5C)
            case 0x0A: buffer.append(0x5C); buffer.append(UInt8(ascii: "n"))
            case 0x0D: buffer.append(0x5C); buffer.append(UInt8(ascii: "r"))
            case 0x09: buffer.append(0x5C); buffer.append(UInt8(ascii: "t"))
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                for escaped in [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]] { buffer.append(escaped) }
            default: buffer.append(byte)
            }
        }
        buffer.append(UInt8(ascii: "\""))
    }
}

/// An output buffer of fixed size written out when full: appending a byte is a store and an
/// increment, with none of an array's copy-on-write checks.
struct ByteBuffer: ~Copyable {
    static let capacity = 1 << 17
    static let flushAt = 1 << 16
    private let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: ByteBuffer.capacity)
    private(set) var count = 0
    let sink: ReportSink

    init(sink: ReportSink) { self.sink = sink }

    deinit { storage.deallocate() }

    mutating func append(_ byte: UInt8) {
        if count == ByteBuffer.capacity { writeOut() }
        storage[count] = byte
        count += 1
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        if count + bytes.count > ByteBuffer.capacity { writeOut() }
        if bytes.count > ByteBuffer.capacity {
            writeAll(UnsafeRawBufferPointer(bytes))
            return
        }
        if let base = bytes.baseAddress { (storage + count).update(from: base, count: bytes.count) }
        count += bytes.count
    }

    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { append($0) }
    }

    mutating func writeOut() {
        writeAll(UnsafeRawBufferPointer(start: storage, count: count))
        count = 0
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) { sink.write(bytes) }
}
