import Foundation

/// A multipart/form-data body with one file field (RFC 7578), for WeCom's `upload_media`. Written here
/// rather than through libcurl's mime API because the transport posts bytes, and one field is a few lines.
struct MultipartForm {
    let boundary = "xueshi-" + UUID().uuidString
    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    /// The body with `data` as field `name`. The file name is given both plainly (UTF-8, as browsers
    /// send it, which WeCom shows) and per RFC 2231 for strict parsers.
    func body(field name: String, fileName: String, mimeType: String, data: Data) -> Data {
        let plain = fileName.replacingOccurrences(of: "\"", with: "'").replacingOccurrences(of: "\r", with: " ")
            .replacingOccurrences(of: "\n", with: " ")
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let encoded = fileName.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        var body = Data()
        body.append(Data("--\(boundary)\r\n".utf8))
        body.append(Data("Content-Disposition: form-data; name=\"\(name)\"; filename=\"\(plain)\"; filename*=UTF-8''\(encoded)\r\n".utf8))
        body.append(Data("Content-Type: \(mimeType)\r\n".utf8))
        body.append(Data("Content-Length: \(data.count)\r\n\r\n".utf8))
        body.append(data)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        return body
    }
}
