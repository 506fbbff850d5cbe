import Foundation
import Logging
import XueshiDelivery
import XueshiLedger
import XueshiModel
import XueshiSchedule
import XueshiVerify

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How one delivery of a run ended.
public struct DeliveryOutcome: Sendable, Equatable {
    public enum Status: String, Sendable {
        case sent, failed, skipped
        /// Due and not yet sent: what `schedule run --due` lists without sending.
        case due
    }

    public var job: String
    public var destination: String
    public var period: String
    public var status: Status
    /// Tries so far, this one included (0 when it was never tried).
    public var attempts: Int
    /// Why it failed; nil otherwise.
    public var error: String?
    /// Why it was skipped, or where a folder delivery wrote the file, in words.
    public var note: String?
}

/// The scheduled-run use case (`xueshi schedule run`): every delivery due on the schedule's day that
/// the run log does not hold as sent is made once. Each job's report is rendered once for all its
/// destinations; a delivery is claimed in the ledger before it is made, so that two runs at once
/// send it once; a failed one is tried again by the next run.
public struct ScheduledRun: Sendable {
    public var schedule: Schedule
    /// The schedule's clock: which periods are due. Signatures and mail dates use the real clock.
    public var today: CalendarDate
    public var deliverer: Deliverer
    /// Relative policy files are found from here (the schedule file's folder).
    public var baseFolder: String
    /// Only list what is due; send nothing, write nothing.
    public var listOnly: Bool
    /// Told what the run is doing ("正在生成 weekly-units"), for a progress line.
    public var progress: (@Sendable (String) -> Void)?

    static let logger = Logger(label: "xueshi.schedule")

    public init(schedule: Schedule, today: CalendarDate, deliverer: Deliverer, baseFolder: String, listOnly: Bool = false,
                progress: (@Sendable (String) -> Void)? = nil) {
        self.schedule = schedule; self.today = today; self.deliverer = deliverer; self.baseFolder = baseFolder
        self.listOnly = listOnly; self.progress = progress
    }

    /// This run, as the run log names it while it sends: "host pid".
    static let runner: String = {
        var name = [CChar](repeating: 0, count: 256)
        gethostname(&name, name.count)
        return "\(String(cString: name)) \(getpid())"
    }()

    /// A delivery left `sending` by a run that is gone: a process of this machine that no longer
    /// exists, or a claim older than an hour (another machine's run, which cannot be asked).
    static func isAbandoned(_ entry: DeliveryEntry) -> Bool {
        if Date().timeIntervalSince(entry.lastTriedAt) > 3600 { return true }
        guard let claimedBy = entry.claimedBy else { return true }
        let parts = claimedBy.split(separator: " ")
        guard parts.count == 2, let pid = Int32(parts[1]) else { return true }
        let host = String(runner.split(separator: " ").first ?? "")
        guard parts[0] == host else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    public func run(on ledger: Ledger) throws -> [DeliveryOutcome] {
        var policies: [String: Result<Policy, Error>] = [:]
        for job in schedule.jobs { policies[job.name] = Result { try loadPolicy(job.policy) } }
        let due = schedule.due(today: today) { job in try? policies[job.name]?.get().hoursDue }
        var outcomes: [DeliveryOutcome] = []
        var seeded: Set<String> = []
        for job in schedule.jobs {
            let mine = due.filter { $0.job == job.name }
            // Without its policy, or a policy without hours_due, a reminder job cannot know its deadline:
            // say so rather than stay silent.
            if case .reminders = job.kind, let problem = Self.deadlineProblem(job, policies[job.name]) {
                outcomes += job.destinations.map {
                    DeliveryOutcome(job: job.name, destination: $0, period: "—", status: .failed, attempts: 0, error: problem, note: nil)
                }
                continue
            }
            guard !mine.isEmpty else { continue }
            // Deliveries already sent need nothing; the rest need the job's report.
            var pending: [Schedule.Due] = []
            for item in mine {
                let entry = try ledger.delivery(DeliveryKey(job: item.job, period: item.period.key, destination: item.destination))
                if let entry, entry.status == .sent {
                    outcomes.append(outcome(item, .skipped, attempts: entry.attempts, note: "已于 \(Self.shown(entry.sentAt ?? entry.lastTriedAt)) 发送过"))
                } else if listOnly {
                    outcomes.append(outcome(item, .due, attempts: entry?.attempts ?? 0, error: entry?.error))
                } else {
                    pending.append(item)
                }
            }
            guard !pending.isEmpty else { continue }
            progress?("正在生成「\(job.name)」的报表")
            let content: JobContent
            do {
                content = try makeContent(for: job, period: pending[0].period, policy: policies[job.name]!.get(), ledger: ledger,
                                          needsJSON: pending.contains { isWebhook($0.destination) })
            } catch {
                // The report could not be made: every pending delivery failed, and is tried next run.
                for item in pending {
                    outcomes.append(try record(item, in: ledger) { _ throws(DeliveryError) in
                        throw DeliveryError("报表无法生成：\(error)")
                    })
                }
                continue
            }
            if content.nobodyToRemind {
                outcomes += pending.map { outcome($0, .skipped, attempts: 0, note: "无人需要提醒：人人已达标") }
                continue
            }
            for item in pending where !seeded.contains(item.destination) && isRobot(item.destination) {
                seeded.insert(item.destination)
                deliverer.rateLimiter.record(item.destination, at: try ledger.deliveryTimes(destination: item.destination,
                                                                                            since: Date().addingTimeInterval(-60)))
            }
            // The destinations of a job are independent: a mail server and two robots are waited for
            // at once rather than one after the other. Each delivery claims its own row of the run log.
            progress?("正在发送「\(job.name)」到 \(pending.count) 个目标")
            let sending = pending
            let results = ResultSlots<DeliveryOutcome>(count: sending.count)
            // A thread each (not concurrentPerform, which runs as many at once as there are cores): they
            // wait on the network, not on a core.
            let group = DispatchGroup()
            for (index, item) in sending.enumerated() {
                let destination = schedule.destinations[item.destination]!
                group.enter()
                Thread.detachNewThread {
                    results[index] = Result {
                        try record(item, in: ledger) { deliveryID throws(DeliveryError) in
                            var outgoing = content.outgoing
                            outgoing.deliveryID = deliveryID
                            var deliverer = deliverer
                            let key = DeliveryKey(job: item.job, period: item.period.key, destination: item.destination)
                            // Should this fail (a full disk), the delivery is as before: sent again if the run dies.
                            deliverer.onMessageHandedOver = { try? ledger.markHandedOver(key, now: Date()) }
                            return try deliverer.deliver(outgoing, to: destination, named: item.destination)
                        }
                    }
                    group.leave()
                }
            }
            group.wait()
            outcomes += try results.values()
        }
        return outcomes
    }

    /// Why a reminder job has no deadline to count to, if it has none.
    static func deadlineProblem(_ job: Job, _ policy: Result<Policy, Error>?) -> String? {
        switch policy {
        case .failure(let error)?: return "任务「\(job.name)」的核查要求无法读取：\(error)"
        case .success(let policy)? where policy.hoursDue == nil: return WorkflowError.noDeadline(policy: policy.name).description
        default: return nil
        }
    }

    /// Claims a delivery, makes it, and writes how it ended into the run log.
    private func record(_ item: Schedule.Due, in ledger: Ledger,
                        _ send: (String) throws(DeliveryError) -> Deliverer.Receipt) throws -> DeliveryOutcome {
        let key = DeliveryKey(job: item.job, period: item.period.key, destination: item.destination)
        switch try ledger.claimDelivery(key, runner: Self.runner, now: Date(), isAbandoned: Self.isAbandoned) {
        case .alreadySent(let entry):
            return outcome(item, .skipped, attempts: entry.attempts, note: "已由另一次运行发送")
        case .beingSent(let entry):
            return outcome(item, .skipped, attempts: entry.attempts, note: "另一次运行（\(entry.claimedBy ?? "?")）正在发送")
        case .presumedSent(let entry):
            return outcome(item, .skipped, attempts: entry.attempts, note: "上次运行交出消息后中断，没等到对方确认：视为已送达，不再重发")
        case .claimed(let attempt):
            let receipt: Deliverer.Receipt
            do {
                receipt = try send(Self.deliveryID(key))
            } catch {
                try ledger.finishDelivery(key, sent: false, error: error.description, now: Date())
                Self.logger.info("delivery failed", metadata: ["job": "\(item.job)", "destination": "\(item.destination)"])
                return outcome(item, .failed, attempts: attempt, error: error.description)
            }
            try ledger.finishDelivery(key, sent: true, error: nil, now: Date())
            Self.logger.info("delivered", metadata: ["job": "\(item.job)", "destination": "\(item.destination)", "period": "\(item.period.key)"])
            return outcome(item, .sent, attempts: attempt, note: receipt.path.map { "已写入 \($0)" })
        }
    }

    private func outcome(_ item: Schedule.Due, _ status: DeliveryOutcome.Status, attempts: Int, error: String? = nil,
                         note: String? = nil) -> DeliveryOutcome {
        DeliveryOutcome(job: item.job, destination: item.destination, period: item.period.key, status: status,
                        attempts: attempts, error: error, note: note)
    }

    /// The same for every try of one delivery: a mail's Message-ID, a webhook's X-Xueshi-Delivery.
    static func deliveryID(_ key: DeliveryKey) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(key.job)\u{0}\(key.period)\u{0}\(key.destination)".utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash, radix: 16)
    }

    func isWebhook(_ name: String) -> Bool {
        if case .webhook? = schedule.destinations[name]?.kind { return true }
        return false
    }

    func isRobot(_ name: String) -> Bool {
        switch schedule.destinations[name]?.kind {
        case .dingTalk?, .weCom?, .feishu?, .webhook?: return true
        default: return false
        }
    }

    func loadPolicy(_ name: String?) throws -> Policy {
        guard let name else { return try Policy.load(Policy.defaultName) }
        if !name.hasPrefix("/"), name.contains("/") || name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let beside = PathText.resolved(name, from: baseFolder)
            if FileManager.default.fileExists(atPath: beside) { return try Policy.load(beside) }
        }
        return try Policy.load(name)
    }

    static func shown(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}

/// One result per slot, filled from several threads.
final class ResultSlots<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<Value, Error>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    subscript(index: Int) -> Result<Value, Error>? {
        get { lock.withLock { slots[index] } }
        set { lock.withLock { slots[index] = newValue } }
    }

    /// The values in order; the first error is thrown.
    func values() throws -> [Value] { try lock.withLock { try slots.map { try $0!.get() } } }
}
