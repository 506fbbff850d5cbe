import Foundation
import Synchronization
import Testing
@testable import XueshiDelivery

/// A clock that moves only when the limiter sleeps.
final class FakeClock: Sendable {
    let now = Mutex(Date(timeIntervalSince1970: 1_700_000_000))
    let slept = Mutex<[TimeInterval]>([])
    func read() -> Date { now.withLock { $0 } }
    func sleep(_ seconds: TimeInterval) {
        slept.withLock { $0.append(seconds) }
        now.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}

@Suite("Robots' rate limit: 20 messages a minute")
struct RateLimiterTests {
    @Test("The 21st message within a minute waits until the first is a minute old")
    func twentyFirstWaits() {
        let clock = FakeClock()
        let limiter = RateLimiter(limit: 20, window: 60, clock: { clock.read() }, sleep: { clock.sleep($0) })
        for _ in 0..<20 { #expect(limiter.acquire("ding") == 0) }
        let waited = limiter.acquire("ding")
        #expect(waited >= 60 && waited < 61)
        // Another robot has its own limit.
        #expect(limiter.acquire("wecom") == 0)
    }

    @Test("Messages sent by an earlier run count against the limit")
    func earlierRunsCount() {
        let clock = FakeClock()
        let limiter = RateLimiter(limit: 20, window: 60, clock: { clock.read() }, sleep: { clock.sleep($0) })
        limiter.record("ding", at: Array(repeating: clock.read().addingTimeInterval(-30), count: 20))
        let waited = limiter.acquire("ding")
        #expect(waited >= 30 && waited < 31)
    }

    @Test("Messages older than the window do not count")
    func oldMessagesExpire() {
        let clock = FakeClock()
        let limiter = RateLimiter(limit: 20, window: 60, clock: { clock.read() }, sleep: { clock.sleep($0) })
        limiter.record("ding", at: Array(repeating: clock.read().addingTimeInterval(-61), count: 50))
        #expect(limiter.acquire("ding") == 0)
    }
}
