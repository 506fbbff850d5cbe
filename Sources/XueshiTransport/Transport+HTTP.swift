import CCurl
import Foundation

extension Transport {
    /// Fetches `url` (redirects are followed). Retries after connection errors, timeouts and 5xx.
    ///
    /// - Throws: `TransportError`; a status of 400 or more is `.httpStatus`.
    public func get(_ url: String, headers: [String: String] = [:]) throws(TransportError) -> HTTPResponse {
        try request(method: "GET", url, body: nil, contentType: nil, headers: headers)
    }

    /// Sends `body` with a POST to `url` (redirects are not followed). Retries like `get`, so a
    /// server that failed with a 5xx may receive the body more than once.
    public func post(
        _ url: String, body: Data, contentType: String, headers: [String: String] = [:]
    ) throws(TransportError) -> HTTPResponse {
        try request(method: "POST", url, body: body, contentType: contentType, headers: headers)
    }

    /// Streams the body of `url` into the file at `path`: written under a temporary name beside it and
    /// renamed into place only when complete, so `path` never holds a partial download.
    ///
    /// - Returns: the response, with an empty `body`.
    @discardableResult
    public func download(_ url: String, to path: String, headers: [String: String] = [:]) throws(TransportError) -> HTTPResponse {
        let redacted = RedactedURL(url)
        return try withRetries("download", redacted, shouldRetry: Self.isRetryableHTTP) { () throws(TransportError) -> HTTPResponse in
            let temporary = path + ".part-\(UUID().uuidString.prefix(8))"
            guard FileManager.default.createFile(atPath: temporary, contents: nil),
                  let file = FileHandle(forWritingAtPath: temporary) else {
                throw .other(code: Int(CURLE_WRITE_ERROR.rawValue), message: "无法创建文件 \(temporary)：请检查文件夹是否存在、是否有写权限")
            }
            do throws(TransportError) {
                let response = try attempt(method: "GET", url, redacted, body: nil, contentType: nil, headers: headers, file: file)
                try? file.close()
                guard rename(temporary, path) == 0 else {
                    throw .other(code: Int(CURLE_WRITE_ERROR.rawValue), message: "无法把下载的文件移到 \(path)：\(String(cString: strerror(errno)))")
                }
                return response
            } catch {
                try? file.close()
                try? FileManager.default.removeItem(atPath: temporary)
                throw error
            }
        }
    }

    func request(
        method: String, _ url: String, body: Data?, contentType: String?, headers: [String: String]
    ) throws(TransportError) -> HTTPResponse {
        let redacted = RedactedURL(url)
        return try withRetries(method, redacted, shouldRetry: Self.isRetryableHTTP) { () throws(TransportError) -> HTTPResponse in
            try attempt(method: method, url, redacted, body: body, contentType: contentType, headers: headers, file: nil)
        }
    }

    /// Connection errors, timeouts, broken transfers and 5xx; never 4xx or TLS verification.
    static func isRetryableHTTP(_ error: TransportError) -> Bool {
        switch error {
        case .timedOut, .couldNotConnect, .couldNotResolve: return true
        case let .httpStatus(code, _, _): return code >= 500
        case let .other(code, _):
            return [CURLE_PARTIAL_FILE, CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR]
                .contains { Int($0.rawValue) == code }
        default: return false
        }
    }

    /// One try: a fresh handle, the request, the response or the error.
    private func attempt(
        method: String, _ url: String, _ redacted: RedactedURL, body: Data?, contentType: String?,
        headers: [String: String], file: FileHandle?
    ) throws(TransportError) -> HTTPResponse {
        let started = Date()
        let handle = try makeHandle(url: url, protocols: "http,https")
        let state = TransferState(limit: settings.maxBodyBytes, upload: body ?? Data(), onLastBytes: body == nil ? nil : onBodyHandedOver)
        state.file = file
        try state.attach(to: handle)
        try handle.set(CURLOPT_USERAGENT, settings.userAgent)
        try handle.set(CURLOPT_MAXFILESIZE_LARGE, offset: settings.maxBodyBytes)
        try handle.set(CURLOPT_ACCEPT_ENCODING, "")  // whatever libcurl can decode
        if let body {
            try handle.set(CURLOPT_POST, true)
            try handle.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(body.count))
        } else {
            try handle.set(CURLOPT_HTTPGET, true)
            try handle.set(CURLOPT_FOLLOWLOCATION, true)
            try handle.set(CURLOPT_MAXREDIRS, 5)
            try handle.set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        }
        var lines = headers.sorted { $0.key < $1.key }.map { "\(Self.clean($0.key)): \(Self.clean($0.value))" }
        if let contentType { lines.append("Content-Type: \(Self.clean(contentType))") }
        lines.append("Expect:")  // no "100-continue" round trip: many servers never answer it
        try handle.set(CURLOPT_HTTPHEADER, try CurlStringList(lines))

        let secrets = redacted.secrets + Self.secretHeaderValues(headers)
        let (code, message) = handle.perform()
        let status = handle.info(long: CURLINFO_RESPONSE_CODE)
        logger.debug("http", metadata: [
            "method": "\(method)", "url": "\(redacted)", "status": "\(status)", "curl": "\(code.rawValue)",
            "bytes": "\(state.received)", "seconds": "\(String(format: "%.3f", Date().timeIntervalSince(started)))",
        ])
        if code != CURLE_OK {
            if state.exceededLimit || code == CURLE_FILESIZE_EXCEEDED {
                throw .bodyTooLarge(url: redacted.description, limit: settings.maxBodyBytes)
            }
            if state.writeFailed {
                throw .other(code: Int(code.rawValue), message: "写入下载文件失败：请检查磁盘空间和写权限")
            }
            throw error(for: code, message: message, url: redacted, secrets: secrets)
        }
        if status >= 400 {
            let prefix = String(decoding: state.body.prefix(300), as: UTF8.self)
                .replacingOccurrences(of: "\u{FFFD}", with: "")
                .trimmingCharacters(in: .whitespacesAndNewlines)
            throw .httpStatus(code: status, url: redacted.description, bodyPrefix: scrub(prefix, removing: secrets))
        }
        return HTTPResponse(status: status, headers: state.headers, body: state.body)
    }

    /// A header line must not carry a line break (it would start a header of its own).
    static func clean(_ text: String) -> String {
        text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    }

    /// Values of headers that look like credentials, to keep them out of error messages.
    static func secretHeaderValues(_ headers: [String: String]) -> [String] {
        let markers = ["auth", "token", "key", "secret", "cookie", "sign", "password"]
        return headers.filter { header in markers.contains { header.key.lowercased().contains($0) } }
            .flatMap { [$0.value] + $0.value.split(separator: " ").map(String.init) }
            .filter { $0.count >= 4 }
    }
}
