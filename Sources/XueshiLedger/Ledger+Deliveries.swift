import Foundation
import GRDB

/// One delivery of a schedule: a job's period to one destination. At most one is ever sent.
public struct DeliveryKey: Sendable, Hashable {
    public var job: String
    public var period: String
    public var destination: String

    public init(job: String, period: String, destination: String) {
        self.job = job; self.period = period; self.destination = destination
    }
}

/// A delivery as the run log holds it.
public struct DeliveryEntry: Sendable, Equatable {
    public enum Status: String, Sendable {
        /// A run has claimed it and is sending it (or was killed while it did).
        case sending
        case sent
        /// The last try failed; the next run tries again.
        case failed
    }

    public var key: DeliveryKey
    public var status: Status
    public var attempts: Int
    public var error: String?
    /// The run sending it ("host pid"), while `sending`.
    public var claimedBy: String?
    public var firstTriedAt: Date
    public var lastTriedAt: Date
    public var sentAt: Date?
    /// When the last message was handed to the network (the receiver may have it from then on).
    public var handedOverAt: Date?
}

/// What claiming a delivery found.
public enum DeliveryClaim: Sendable, Equatable {
    /// This run is to send it; `attempt` counts this try (1 for the first).
    case claimed(attempt: Int)
    /// It was sent before: nothing to do.
    case alreadySent(DeliveryEntry)
    /// Another run that is still alive is sending it now.
    case beingSent(DeliveryEntry)
    /// A run that is gone had handed the message over before it died: the receiver most likely has it,
    /// so it is recorded as sent rather than posted twice.
    case presumedSent(DeliveryEntry)
}

extension Ledger {
    /// Claims a delivery for the run `runner`, in one write transaction, so that of two runs at once
    /// only one sends it. A delivery left `sending` by a run that `isAbandoned` says is gone (killed)
    /// is claimed again: it was never marked sent.
    public func claimDelivery(
        _ key: DeliveryKey, runner: String, now: Date, isAbandoned: @Sendable (DeliveryEntry) -> Bool
    ) throws -> DeliveryClaim {
        try explainingFailures { try database.writeWithoutTransaction { db in
            var claim = DeliveryClaim.claimed(attempt: 1)
            try db.inTransaction(.immediate) {
                let existing = try Self.deliveryEntry(key, in: db)
                if let existing {
                    switch existing.status {
                    case .sent:
                        claim = .alreadySent(existing)
                        return .commit
                    case .sending where !isAbandoned(existing):
                        claim = .beingSent(existing)
                        return .commit
                    case .sending where existing.handedOverAt != nil:
                        try db.execute(sql: """
                            UPDATE deliveries SET status = 'sent', claimed_by = NULL, sent_at = handed_over_at,
                                error = '上次运行交出消息后中断，未收到对方确认'
                            WHERE job = ? AND period = ? AND destination = ?
                            """, arguments: [key.job, key.period, key.destination])
                        claim = .presumedSent(try Self.deliveryEntry(key, in: db) ?? existing)
                        return .commit
                    case .sending, .failed:
                        break
                    }
                }
                let attempt = (existing?.attempts ?? 0) + 1
                let stamp = Self.timestamp(now)
                try db.execute(sql: """
                    INSERT INTO deliveries (job, period, destination, status, attempts, error, claimed_by, first_tried_at, last_tried_at)
                    VALUES (?, ?, ?, 'sending', ?, NULL, ?, ?, ?)
                    ON CONFLICT (job, period, destination) DO UPDATE SET
                        status = 'sending', attempts = excluded.attempts, claimed_by = excluded.claimed_by,
                        last_tried_at = excluded.last_tried_at, handed_over_at = NULL
                    """, arguments: [key.job, key.period, key.destination, attempt, runner, stamp, stamp])
                claim = .claimed(attempt: attempt)
                return .commit
            }
            return claim
        } }
    }

    /// Records how a claimed delivery ended: sent, or failed with the reason (tried again next run).
    public func finishDelivery(_ key: DeliveryKey, sent: Bool, error: String?, now: Date) throws {
        try explainingFailures { try database.write { db in
            try db.execute(sql: """
                UPDATE deliveries SET status = ?, error = ?, claimed_by = NULL, last_tried_at = ?, sent_at = ?
                WHERE job = ? AND period = ? AND destination = ?
                """, arguments: [sent ? "sent" : "failed", sent ? nil : error, Self.timestamp(now),
                                 sent ? Self.timestamp(now) : nil, key.job, key.period, key.destination])
        } }
    }

    /// Records that a claimed delivery's last message is being handed to the network.
    public func markHandedOver(_ key: DeliveryKey, now: Date) throws {
        try explainingFailures { try database.write { db in
            try db.execute(sql: "UPDATE deliveries SET handed_over_at = ? WHERE job = ? AND period = ? AND destination = ? AND status = 'sending'",
                           arguments: [Self.timestamp(now), key.job, key.period, key.destination])
        } }
    }

    /// The run log's entry for a delivery, if it was ever tried.
    public func delivery(_ key: DeliveryKey) throws -> DeliveryEntry? {
        try database.read { db in try Self.deliveryEntry(key, in: db) }
    }

    /// The run log, most recent first; only these jobs when given.
    public func deliveries(jobs: [String]? = nil) throws -> [DeliveryEntry] {
        try database.read { db in
            var sql = "SELECT * FROM deliveries"
            var arguments = StatementArguments()
            if let jobs {
                guard !jobs.isEmpty else { return [] }
                sql += " WHERE job IN (\(Array(repeating: "?", count: jobs.count).joined(separator: ", ")))"
                arguments = StatementArguments(jobs)
            }
            sql += " ORDER BY last_tried_at DESC, job, destination"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.deliveryEntry(from:))
        }
    }

    /// When deliveries to `destination` were last tried since `since`: a robot's rate limit counts
    /// the messages of every run, not only this one's.
    public func deliveryTimes(destination: String, since: Date) throws -> [Date] {
        try database.read { db in
            try String.fetchAll(db, sql: """
                SELECT last_tried_at FROM deliveries WHERE destination = ? AND last_tried_at >= ? ORDER BY last_tried_at
                """, arguments: [destination, Self.timestamp(since)]).compactMap(Self.date(from:))
        }
    }

    private static func deliveryEntry(_ key: DeliveryKey, in db: Database) throws -> DeliveryEntry? {
        try Row.fetchOne(db, sql: "SELECT * FROM deliveries WHERE job = ? AND period = ? AND destination = ?",
                         arguments: [key.job, key.period, key.destination]).map(deliveryEntry(from:))
    }

    private static func deliveryEntry(from row: Row) -> DeliveryEntry {
        DeliveryEntry(
            key: DeliveryKey(job: row["job"], period: row["period"], destination: row["destination"]),
            status: DeliveryEntry.Status(rawValue: row["status"]) ?? .failed,
            attempts: row["attempts"], error: row["error"], claimedBy: row["claimed_by"],
            firstTriedAt: date(from: row["first_tried_at"]) ?? Date(timeIntervalSince1970: 0),
            lastTriedAt: date(from: row["last_tried_at"]) ?? Date(timeIntervalSince1970: 0),
            sentAt: (row["sent_at"] as String?).flatMap(date(from:)),
            handedOverAt: (row["handed_over_at"] as String?).flatMap(date(from:)))
    }

    /// ISO 8601 in UTC with milliseconds: ordered as text, as the rate limit's query needs.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    static func date(from text: String) -> Date? {
        try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
