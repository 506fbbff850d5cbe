import Foundation

/// At most `limit` messages to one robot in any `window` seconds (DingTalk, WeCom and Feishu allow
/// 20 a minute; more are refused, and DingTalk blocks the robot for a while). A sender waits for a
/// free slot rather than be refused. Messages sent by other runs are added with `record`.
public final class RateLimiter: @unchecked Sendable {
    public let limit: Int
    public let window: TimeInterval
    private let lock = NSLock()
    private var sent: [String: [Date]] = [:]
    private let clock: @Sendable () -> Date
    private let sleep: @Sendable (TimeInterval) -> Void

    public init(limit: Int = 20, window: TimeInterval = 60, clock: @escaping @Sendable () -> Date = { Date() },
                sleep: @escaping @Sendable (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) }) {
        self.limit = limit; self.window = window; self.clock = clock; self.sleep = sleep
    }

    /// Messages already sent to `key` (by earlier runs), counted against the limit.
    public func record(_ key: String, at times: [Date]) {
        lock.withLock { sent[key, default: []].append(contentsOf: times) }
    }

    /// Waits until one more message to `key` keeps within the limit, then counts it. Returns the
    /// seconds waited.
    @discardableResult
    public func acquire(_ key: String) -> TimeInterval {
        var waited: TimeInterval = 0
        while true {
            let wait: TimeInterval = lock.withLock {
                let now = clock()
                var times = sent[key, default: []].filter { now.timeIntervalSince($0) < window }
                defer { sent[key] = times }
                guard times.count >= limit else {
                    times.append(now)
                    return 0
                }
                return window - now.timeIntervalSince(times.sorted()[times.count - limit]) + 0.05
            }
            if wait <= 0 { return waited }
            sleep(wait)
            waited += wait
        }
    }
}
