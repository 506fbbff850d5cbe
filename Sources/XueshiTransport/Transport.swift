import CCurl
import Foundation
import Logging

/// HTTP(S) and SMTP through libcurl: the only code in xueshi that touches the network.
///
/// Every transfer verifies TLS certificates (peer and host name) and uses a fresh libcurl handle, so
/// a `Transport` can be shared between threads. Proxies come from the environment (`https_proxy`,
/// `no_proxy` …), as libcurl does by default. Failures are `TransportError`s that never show a
/// password, a token or a query string.
public struct Transport: Sendable {
    public var settings: TransportSettings
    var logger: Logger
    /// Called once per request, just before libcurl is given the last bytes of the request's body:
    /// until then the server cannot have the whole message. A sender records it so that a run killed
    /// after this point does not send the message again.
    public var onBodyHandedOver: (@Sendable () -> Void)?

    public init(settings: TransportSettings = TransportSettings(), logger: Logger = Logger(label: "xueshi.transport")) {
        self.settings = settings
        self.logger = logger
    }

    /// A handle with the options every transfer shares.
    func makeHandle(url: String, protocols: String) throws(TransportError) -> CurlHandle {
        let handle = try CurlHandle()
        try handle.set(CURLOPT_URL, url)
        try handle.set(CURLOPT_PROTOCOLS_STR, protocols)
        try handle.set(CURLOPT_NOSIGNAL, true)
        // Always on, deliberately not configurable.
        try handle.set(CURLOPT_SSL_VERIFYPEER, 1)
        try handle.set(CURLOPT_SSL_VERIFYHOST, 2)
        if let caBundlePath = settings.caBundlePath {
            try handle.set(CURLOPT_CAINFO, caBundlePath)
        }
        try handle.set(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(settings.connectTimeout))
        try handle.set(CURLOPT_TIMEOUT_MS, Self.milliseconds(settings.totalTimeout))
        return handle
    }

    /// Runs `attempt` up to `1 + settings.retries` times, waiting `backoff`, then twice as long, …
    /// between attempts, as long as the failure is one `shouldRetry` accepts.
    func withRetries<T>(
        _ what: String, _ url: RedactedURL, shouldRetry: (TransportError) -> Bool,
        _ attempt: () throws(TransportError) -> T
    ) throws(TransportError) -> T {
        var delay = settings.backoff
        var retried = 0
        while true {
            do {
                return try attempt()
            } catch {
                guard retried < settings.retries, shouldRetry(error) else {
                    logger.debug("transfer failed", metadata: ["what": "\(what)", "url": "\(url)", "error": "\(error.description)"])
                    throw error
                }
                retried += 1
                logger.debug("transfer failed, retrying",
                             metadata: ["what": "\(what)", "url": "\(url)", "attempt": "\(retried + 1)",
                                        "delay": "\(delay)", "error": "\(error.description)"])
                if delay > 0 { Thread.sleep(forTimeInterval: delay) }
                delay *= 2
            }
        }
    }

    /// The error for a failed `curl_easy_perform`, for the codes every protocol shares.
    func error(for code: CURLcode, message: String, url: RedactedURL, secrets: [String]) -> TransportError {
        let detail = scrub(message, removing: secrets)
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return .timedOut(url: url.description, seconds: settings.totalTimeout)
        case CURLE_COULDNT_CONNECT:
            return .couldNotConnect(host: url.hostAndPort)
        case CURLE_COULDNT_RESOLVE_HOST:
            return .couldNotResolve(host: url.host)
        case CURLE_COULDNT_RESOLVE_PROXY:
            return .couldNotResolve(host: "代理服务器（\(detail)）")
        case CURLE_PEER_FAILED_VERIFICATION:
            return .tlsVerificationFailed(host: url.hostAndPort, detail: detail)
        case CURLE_SSL_CACERT_BADFILE:
            return .tlsVerificationFailed(
                host: url.hostAndPort, detail: "无法读取 CA 证书文件 \(settings.caBundlePath ?? "")：\(detail)")
        default:
            return .other(code: Int(code.rawValue), message: detail)
        }
    }

    static func milliseconds(_ seconds: Double) -> Int {
        max(1, Int((seconds * 1000).rounded()))
    }
}
