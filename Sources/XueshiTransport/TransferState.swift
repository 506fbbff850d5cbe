import CCurl
import Foundation

/// What the libcurl callbacks of one attempt read from and write to. Passed to C as an unretained
/// pointer; the attempt keeps it alive until `curl_easy_perform` returns.
final class TransferState {
    let limit: Int64
    private(set) var received: Int64 = 0
    private(set) var exceededLimit = false
    /// The body, when it is collected in memory.
    var body = Data()
    /// The body's destination, when it is streamed to a file.
    var file: FileHandle?
    private(set) var writeFailed = false
    /// Header lines of the latest response (a redirect or "100 Continue" starts a new set).
    var headers: [HTTPHeaderField] = []
    /// The request body, fed to libcurl by the read callback.
    let upload: Data
    private var uploadOffset = 0
    /// Told before the body's last bytes go to libcurl (`Transport.onBodyHandedOver`).
    let onLastBytes: (@Sendable () -> Void)?
    private var toldLastBytes = false

    init(limit: Int64, upload: Data = Data(), onLastBytes: (@Sendable () -> Void)? = nil) {
        self.limit = limit
        self.upload = upload
        self.onLastBytes = onLastBytes
    }

    fileprivate func receive(_ pointer: UnsafeMutablePointer<CChar>, _ count: Int) -> Int {
        if received + Int64(count) > limit {
            exceededLimit = true
            return 0  // anything but `count` makes libcurl stop with CURLE_WRITE_ERROR
        }
        received += Int64(count)
        let bytes = UnsafeRawBufferPointer(start: pointer, count: count)
        if let file {
            do { try file.write(contentsOf: bytes) } catch {
                writeFailed = true
                return 0
            }
        } else {
            body.append(contentsOf: bytes)
        }
        return count
    }

    fileprivate func receiveHeader(_ pointer: UnsafeMutablePointer<CChar>, _ count: Int) -> Int {
        let line = String(decoding: UnsafeRawBufferPointer(start: pointer, count: count), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") {
            headers = []
        } else if let colon = line.firstIndex(of: ":") {
            let name = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
            let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            headers.append(HTTPHeaderField(name: name, value: value))
        }
        return count
    }

    fileprivate func send(_ pointer: UnsafeMutablePointer<CChar>, _ capacity: Int) -> Int {
        let count = min(capacity, upload.count - uploadOffset)
        guard count > 0 else { return 0 }
        if uploadOffset + count == upload.count, !toldLastBytes, let onLastBytes {
            toldLastBytes = true
            onLastBytes()
        }
        upload.withUnsafeBytes { bytes in
            UnsafeMutableRawPointer(pointer).copyMemory(from: bytes.baseAddress! + uploadOffset, byteCount: count)
        }
        uploadOffset += count
        return count
    }

    /// Points the handle's body, header and (when there is an upload) read callbacks at this state.
    func attach(to handle: CurlHandle) throws(TransportError) {
        let me = Unmanaged.passUnretained(self).toOpaque()
        try handle.set(CURLOPT_WRITEFUNCTION, writeCallback: transferWriteCallback)
        try handle.set(CURLOPT_WRITEDATA, pointer: me)
        try handle.set(CURLOPT_HEADERFUNCTION, writeCallback: transferHeaderCallback)
        try handle.set(CURLOPT_HEADERDATA, pointer: me)
        try handle.set(CURLOPT_READFUNCTION, readCallback: transferReadCallback)
        try handle.set(CURLOPT_READDATA, pointer: me)
    }
}

private func state(_ pointer: UnsafeMutableRawPointer?) -> TransferState? {
    pointer.map { Unmanaged<TransferState>.fromOpaque($0).takeUnretainedValue() }
}

private let transferWriteCallback: curl_write_callback = { buffer, size, count, context in
    guard let buffer, let state = state(context) else { return 0 }
    return state.receive(buffer, size * count)
}

private let transferHeaderCallback: curl_write_callback = { buffer, size, count, context in
    guard let buffer, let state = state(context) else { return 0 }
    return state.receiveHeader(buffer, size * count)
}

private let transferReadCallback: curl_read_callback = { buffer, size, count, context in
    guard let buffer, let state = state(context) else { return Int(CURL_READFUNC_ABORT) }
    return state.send(buffer, size * count)
}
