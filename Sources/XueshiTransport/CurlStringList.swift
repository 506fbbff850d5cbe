import CCurl

/// A `curl_slist` owned by Swift: built from strings, freed on release.
final class CurlStringList {
    private(set) var raw: UnsafeMutablePointer<curl_slist>?

    init(_ items: [String] = []) throws(TransportError) {
        for item in items { try append(item) }
    }

    deinit { curl_slist_free_all(raw) }

    /// libcurl copies `item`.
    func append(_ item: String) throws(TransportError) {
        guard let list = item.withCString({ curl_slist_append(raw, $0) }) else {
            throw .other(code: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "libcurl 无法建立列表（内存不足）")
        }
        raw = list
    }
}
