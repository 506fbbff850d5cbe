import Foundation
import CCurl

/// One libcurl easy handle, used for one transfer and cleaned up when released.
///
/// Lists and mime structures handed to the handle are kept alive by it (`retain`) until after
/// `curl_easy_cleanup`, because libcurl reads them during the transfer without copying them.
final class CurlHandle {
    let raw: UnsafeMutableRawPointer
    /// libcurl writes a readable reason for the last failure here (CURLOPT_ERRORBUFFER).
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var kept: [AnyObject] = []

    init() throws(TransportError) {
        try CurlGlobal.ensureInitialised()
        guard let raw = curl_easy_init() else {
            throw .other(code: -1, message: "libcurl 无法创建传输句柄（curl_easy_init），可能是内存不足")
        }
        self.raw = raw
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        _ = ccurl_setopt_pointer(raw, CURLOPT_ERRORBUFFER, errorBuffer)
    }

    deinit {
        curl_easy_cleanup(raw)
        errorBuffer.deallocate()
        // `kept` (lists, mime) is released after this body, i.e. after the handle is gone.
    }

    /// Keeps `object` alive for as long as the handle.
    func retain(_ object: AnyObject) { kept.append(object) }

    func set(_ option: CURLoption, _ value: Int) throws(TransportError) {
        try check(ccurl_setopt_long(raw, option, value), option)
    }

    func set(_ option: CURLoption, _ value: Bool) throws(TransportError) {
        try check(ccurl_setopt_long(raw, option, value ? 1 : 0), option)
    }

    func set(_ option: CURLoption, offset value: Int64) throws(TransportError) {
        try check(ccurl_setopt_off_t(raw, option, curl_off_t(value)), option)
    }

    /// libcurl copies string options, so `value` need not outlive the call.
    func set(_ option: CURLoption, _ value: String) throws(TransportError) {
        let code = value.withCString { ccurl_setopt_string(raw, option, $0) }
        try check(code, option)
    }

    func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer?) throws(TransportError) {
        try check(ccurl_setopt_pointer(raw, option, value), option)
    }

    func set(_ option: CURLoption, _ list: CurlStringList) throws(TransportError) {
        retain(list)
        try check(ccurl_setopt_slist(raw, option, list.raw), option)
    }

    func set(_ option: CURLoption, _ mime: CurlMime) throws(TransportError) {
        retain(mime)
        try check(ccurl_setopt_mime(raw, option, mime.raw), option)
    }

    func set(_ option: CURLoption, writeCallback: curl_write_callback) throws(TransportError) {
        try check(ccurl_setopt_write_callback(raw, option, writeCallback), option)
    }

    func set(_ option: CURLoption, readCallback: curl_read_callback) throws(TransportError) {
        try check(ccurl_setopt_read_callback(raw, option, readCallback), option)
    }

    func info(long info: CURLINFO) -> Int {
        var value = 0
        return ccurl_getinfo_long(raw, info, &value) == CURLE_OK ? value : 0
    }

    func info(double info: CURLINFO) -> Double {
        var value = 0.0
        return ccurl_getinfo_double(raw, info, &value) == CURLE_OK ? value : 0
    }

    func info(string info: CURLINFO) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard ccurl_getinfo_string(raw, info, &value) == CURLE_OK, let value else { return nil }
        return String(cString: value)
    }

    /// Runs the transfer; returns libcurl's code and its reason (the error buffer, else curl_easy_strerror).
    func perform() -> (code: CURLcode, message: String) {
        errorBuffer[0] = 0
        let code = curl_easy_perform(raw)
        if code == CURLE_OK { return (code, "") }
        var message = String(cString: errorBuffer)
        if message.isEmpty { message = String(cString: curl_easy_strerror(code)) }
        return (code, message.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(TransportError) {
        guard code == CURLE_OK else {
            let reason = String(cString: curl_easy_strerror(code))
            throw .other(code: Int(code.rawValue), message: "libcurl 不接受选项 \(option.rawValue)：\(reason)")
        }
    }
}
