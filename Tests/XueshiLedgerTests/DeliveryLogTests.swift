import Foundation
import Testing
@testable import XueshiLedger

/// The run log of schedules: a delivery is claimed in a transaction, sent at most once, tried again
/// after a failure, and taken over from a run that is gone.
@Suite("The run log of deliveries")
struct DeliveryLogTests {
    let key = DeliveryKey(job: "weekly-units", period: "2025-W36", destination: "hr-mail")

    @Test("claimed once; while its run is alive, another run is told it is being sent; once sent, it is done")
    func claimThenSent() throws {
        let file = TemporaryLedger()
        let ledger = try Ledger(path: file.path, create: true)
        #expect(try ledger.claimDelivery(key, runner: "host 1", now: Date(), isAbandoned: { _ in false }) == .claimed(attempt: 1))
        guard case .beingSent(let entry) = try ledger.claimDelivery(key, runner: "host 2", now: Date(), isAbandoned: { _ in false }) else {
            Issue.record("a second run claimed a delivery being sent"); return
        }
        #expect(entry.claimedBy == "host 1" && entry.status == .sending)
        try ledger.finishDelivery(key, sent: true, error: nil, now: Date())
        guard case .alreadySent(let sent) = try ledger.claimDelivery(key, runner: "host 2", now: Date(), isAbandoned: { _ in true }) else {
            Issue.record("a sent delivery was claimed again"); return
        }
        #expect(sent.attempts == 1 && sent.sentAt != nil && sent.claimedBy == nil)
    }

    @Test("a failed delivery is claimed again with its attempts counted; the error is kept until it is sent")
    func failedIsRetried() throws {
        let file = TemporaryLedger()
        let ledger = try Ledger(path: file.path, create: true)
        _ = try ledger.claimDelivery(key, runner: "host 1", now: Date(), isAbandoned: { _ in false })
        try ledger.finishDelivery(key, sent: false, error: "无法连接", now: Date())
        #expect(try ledger.delivery(key)?.error == "无法连接")
        #expect(try ledger.claimDelivery(key, runner: "host 2", now: Date(), isAbandoned: { _ in false }) == .claimed(attempt: 2))
        try ledger.finishDelivery(key, sent: true, error: nil, now: Date())
        let entry = try #require(try ledger.delivery(key))
        #expect(entry.status == .sent && entry.error == nil && entry.attempts == 2)
    }

    @Test("a claim left by a run that is gone is taken over")
    func abandonedClaim() throws {
        let file = TemporaryLedger()
        let ledger = try Ledger(path: file.path, create: true)
        _ = try ledger.claimDelivery(key, runner: "host 1", now: Date(), isAbandoned: { _ in false })
        #expect(try ledger.claimDelivery(key, runner: "host 2", now: Date(), isAbandoned: { $0.claimedBy == "host 1" }) == .claimed(attempt: 2))
        #expect(try ledger.delivery(key)?.claimedBy == "host 2")
    }

    @Test("the log lists a schedule's jobs, most recent first; the times of a destination's recent deliveries")
    func listing() throws {
        let file = TemporaryLedger()
        let ledger = try Ledger(path: file.path, create: true)
        let old = Date(timeIntervalSinceNow: -3600)
        let other = DeliveryKey(job: "other", period: "2025-09", destination: "hr-mail")
        _ = try ledger.claimDelivery(other, runner: "h 1", now: old, isAbandoned: { _ in false })
        try ledger.finishDelivery(other, sent: true, error: nil, now: old)
        _ = try ledger.claimDelivery(key, runner: "h 1", now: Date(), isAbandoned: { _ in false })
        try ledger.finishDelivery(key, sent: true, error: nil, now: Date())
        #expect(try ledger.deliveries().map(\.key.job) == ["weekly-units", "other"])
        #expect(try ledger.deliveries(jobs: ["other"]).map(\.key.job) == ["other"])
        #expect(try ledger.deliveryTimes(destination: "hr-mail", since: Date(timeIntervalSinceNow: -60)).count == 1)
    }
}
