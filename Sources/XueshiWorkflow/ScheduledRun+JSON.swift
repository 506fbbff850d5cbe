import Foundation
import XueshiLedger

/// One delivery as the schedule's JSON shows it: INTERFACE.md's six keys, `error` as null rather than
/// left out; in the run log (`schedule history`), with when it was tried and sent.
struct DeliveryJSON: Encodable {
    var job, destination, period, status: String
    var attempts: Int
    var error: String?
    var times: (firstTriedAt: String, lastTriedAt: String, sentAt: String?)?

    enum CodingKeys: String, CodingKey { case job, destination, period, status, attempts, error, firstTriedAt, lastTriedAt, sentAt }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(job, forKey: .job)
        try c.encode(destination, forKey: .destination)
        try c.encode(period, forKey: .period)
        try c.encode(status, forKey: .status)
        try c.encode(attempts, forKey: .attempts)
        try c.encode(error, forKey: .error)
        if let times {
            try c.encode(times.firstTriedAt, forKey: .firstTriedAt)
            try c.encode(times.lastTriedAt, forKey: .lastTriedAt)
            try c.encode(times.sentAt, forKey: .sentAt)
        }
    }
}

/// `schedule run --json` (INTERFACE.md): {"deliveries": [{"job", "destination", "period", "status", "attempts", "error"}]}.
public struct DeliveriesJSON: Encodable {
    var deliveries: [DeliveryJSON]

    public init(_ outcomes: [DeliveryOutcome]) {
        deliveries = outcomes.map {
            DeliveryJSON(job: $0.job, destination: $0.destination, period: $0.period, status: $0.status.rawValue,
                         attempts: $0.attempts, error: $0.error)
        }
    }
}

/// `schedule history --json`: the run log's entries, most recent first, with firstTriedAt, lastTriedAt
/// and sentAt (ISO 8601).
public struct HistoryJSON: Encodable {
    var deliveries: [DeliveryJSON]

    public init(_ entries: [DeliveryEntry]) {
        let iso = Date.ISO8601FormatStyle()
        deliveries = entries.map {
            DeliveryJSON(job: $0.key.job, destination: $0.key.destination, period: $0.key.period, status: $0.status.rawValue,
                         attempts: $0.attempts, error: $0.error,
                         times: ($0.firstTriedAt.formatted(iso), $0.lastTriedAt.formatted(iso), $0.sentAt?.formatted(iso)))
        }
    }
}
