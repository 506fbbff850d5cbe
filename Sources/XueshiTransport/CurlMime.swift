import CCurl
import Foundation

/// A `curl_mime` structure owned by Swift, freed on release (after the handle that sends it).
final class CurlMime {
    let raw: OpaquePointer

    init(handle: CurlHandle) throws(TransportError) {
        guard let raw = curl_mime_init(handle.raw) else {
            throw .other(code: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "libcurl 无法建立 MIME 结构（内存不足）")
        }
        self.raw = raw
    }

    deinit { curl_mime_free(raw) }

    /// Adds a part. `data` is copied by libcurl. `headers`, when given, are the part's own header lines
    /// (the list is kept alive by this mime structure).
    func addPart(data: Data, type: String, encoder: String, headers: [String] = []) throws(TransportError) {
        guard let part = curl_mime_addpart(raw) else {
            throw .other(code: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "libcurl 无法添加 MIME 部分（内存不足）")
        }
        // curl_mime_data copies the bytes: a report is held once more by libcurl, not twice.
        let dataCode = data.isEmpty ? curl_mime_data(part, "", 0) : data.withUnsafeBytes { buffer in
            curl_mime_data(part, buffer.baseAddress!.assumingMemoryBound(to: CChar.self), data.count)
        }
        try check(dataCode, "curl_mime_data")
        try check(curl_mime_type(part, type), "curl_mime_type")
        try check(curl_mime_encoder(part, encoder), "curl_mime_encoder")
        if !headers.isEmpty {
            let list = try CurlStringList(headers)
            // takeOwnership 0: the Swift list stays the owner, so it is kept here until the mime is freed.
            try check(curl_mime_headers(part, list.raw, 0), "curl_mime_headers")
            partHeaders.append(list)
        }
    }

    private var partHeaders: [CurlStringList] = []

    private func check(_ code: CURLcode, _ function: String) throws(TransportError) {
        guard code == CURLE_OK else {
            throw .other(code: Int(code.rawValue), message: "\(function) 失败：\(String(cString: curl_easy_strerror(code)))")
        }
    }
}
