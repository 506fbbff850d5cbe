import CCurl

/// libcurl's process-wide initialisation, done once before the first handle is made.
enum CurlGlobal {
    /// Swift runs a static `let`'s initialiser exactly once, thread-safely, on first use.
    static let initResult: CURLcode = ccurl_global_init()

    static func ensureInitialised() throws(TransportError) {
        guard initResult == CURLE_OK else {
            throw .other(code: Int(initResult.rawValue), message: "libcurl 初始化失败（curl_global_init）")
        }
    }
}
