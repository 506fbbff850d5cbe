/// How transfers are made. TLS certificates are always verified: there is no setting to turn it off.
public struct TransportSettings: Sendable, Equatable {
    /// Seconds allowed to establish a connection (TCP and TLS).
    public var connectTimeout: Double
    /// Seconds allowed for a whole transfer, connection included.
    public var totalTimeout: Double
    /// A PEM file with the CA certificate(s) to trust instead of the system's, e.g. a unit's private CA.
    public var caBundlePath: String?
    /// Further attempts after a connection error, a timeout or an HTTP 5xx (0: try once).
    public var retries: Int
    /// Seconds to wait before the first retry; each further retry waits twice as long.
    public var backoff: Double
    /// The largest response body accepted, in bytes; a larger one fails with `.bodyTooLarge`.
    public var maxBodyBytes: Int64
    /// Sent as the User-Agent header of HTTP requests.
    public var userAgent: String

    public init(
        connectTimeout: Double = 10,
        totalTimeout: Double = 120,
        caBundlePath: String? = nil,
        retries: Int = 2,
        backoff: Double = 1,
        maxBodyBytes: Int64 = 200 * 1024 * 1024,
        userAgent: String = "xueshi"
    ) {
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.caBundlePath = caBundlePath
        self.retries = retries
        self.backoff = backoff
        self.maxBodyBytes = maxBodyBytes
        self.userAgent = userAgent
    }
}
