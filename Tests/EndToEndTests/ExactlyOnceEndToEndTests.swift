import Foundation
import Testing
import TestServers

#if canImport(Glibc)
import Glibc
#endif

/// A delivery never happens twice for the same job, period and destination: not when a run is killed
/// in the middle and run again, not when two runs start at once.
@Suite("Exactly once, end to end")
struct ExactlyOnceEndToEndTests {
    static var ca: String { (try? TestPKI.shared.get().caPath) ?? "" }

    /// `xueshi ARGUMENTS` started and left running.
    static func start(_ x: Xueshi, _ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = Xueshi.executable
        process.arguments = arguments
        process.currentDirectoryURL = x.folder
        var environment = ProcessInfo.processInfo.environment
        environment["XUESHI_LEDGER"] = x.ledger
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func history(_ x: Xueshi) throws -> [String: String] {
        let result = try x.run(["schedule", "history", "s.yaml", "--json"])
        let entries = result.json["deliveries"] as? [[String: Any]] ?? []
        return Dictionary(entries.map { ($0["destination"] as? String ?? "", $0["status"] as? String ?? "") }, uniquingKeysWith: { a, _ in a })
    }

    @Test("a run killed while a robot holds its message: the next run sends what was missing, and nothing twice")
    func killedMidDelivery() throws {
        let x = try Xueshi(); defer { x.remove() }
        #expect(try x.run(["import", try x.write("export.csv", Hours2023to2025.mixed)]).status == 0)
        let robots = try RobotServer()
        let first = "first-" + uniqueKey(), held = "hold-" + uniqueKey(), last = "last-" + uniqueKey()
        func schedule(second: String) throws {
            try x.write("s.yaml", """
                destinations:
                  a: { webhook: "\(robots.webhook(first))", cacert: "\(Self.ca)" }
                  b: { webhook: "\(robots.webhook(second))", cacert: "\(Self.ca)" }
                  c: { webhook: "\(robots.webhook(last))", cacert: "\(Self.ca)" }
                jobs:
                  - { name: weekly, report: units, format: json, every: week, to: [a, b, c] }
                """)
        }
        try schedule(second: held)
        let run = try Self.start(x, ["schedule", "run", "s.yaml", "--now", "2025-09-03T08:00"])
        // A job's destinations are sent to at once: wait until a and c are sent and b is being sent
        // (the robot holds it), then kill the run.
        let deadline = Date().addingTimeInterval(20)
        var states: [String: String] = [:]
        while Date() < deadline {
            states = try Self.history(x)
            if states["a"] == "sent" && states["c"] == "sent" && states["b"] == "sending" { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(states == ["a": "sent", "b": "sending", "c": "sent"], "\(states)")
        kill(run.processIdentifier, SIGKILL)
        run.waitUntilExit()
        #expect(try robots.messages(robot: "webhook", token: first).count == 1)
        // The robot finds its client gone when the hold ends, and takes nothing.
        let gone = Date().addingTimeInterval(10)
        while Date() < gone, try !robots.rejected().contains(where: { $0["token"] as? String == held }) {
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(try robots.rejected().contains { $0["token"] as? String == held && $0["reason"] as? String == "client gone" })

        // b's message had been handed to the network when the run died: a robot most likely has it
        // then (this one, unusually, reads it only after its hold), so the next run does not post it
        // a second time, and says so in the run log; nothing else is sent twice.
        try schedule(second: "back-" + uniqueKey())
        let again = try x.run(["schedule", "run", "s.yaml", "--now", "2025-09-04T08:00", "--json"])
        #expect(again.status == 0, "\(again.stdout) \(again.stderr)")
        let outcome = Dictionary(((again.json["deliveries"] as? [[String: Any]]) ?? []).map {
            ($0["destination"] as? String ?? "", ($0["status"] as? String ?? "", $0["attempts"] as? Int ?? 0))
        }, uniquingKeysWith: { a, _ in a })
        #expect(outcome["a"]?.0 == "skipped")
        #expect(outcome["b"]?.0 == "skipped" && outcome["b"]?.1 == 1, "\(again.stdout)")
        let told = try x.run(["schedule", "history", "s.yaml"])
        #expect(told.stdout.contains("未收到对方确认"), "\(told.stdout)")
        #expect(outcome["c"]?.0 == "skipped")
        #expect(try Self.history(x) == ["a": "sent", "b": "sent", "c": "sent"])
        #expect(try robots.messages(robot: "webhook", token: first).count == 1)
        #expect(try robots.messages(robot: "webhook", token: last).count == 1)
    }

    @Test("two runs started at once send each delivery once")
    func concurrentRuns() throws {
        let x = try Xueshi(); defer { x.remove() }
        #expect(try x.run(["import", try x.write("export.csv", Hours2023to2025.mixed)]).status == 0)
        let robots = try RobotServer()
        // The robot takes 5 seconds before it reads the message: both runs are surely at it together.
        let slow = "slow-" + uniqueKey(), quick = "quick-" + uniqueKey()
        try x.write("s.yaml", """
            destinations:
              slow: { webhook: "\(robots.webhook(slow))", cacert: "\(Self.ca)" }
              quick: { webhook: "\(robots.webhook(quick))", cacert: "\(Self.ca)" }
            jobs:
              - { name: weekly, report: units, format: json, every: week, to: [slow, quick] }
            """)
        let runs = try (0..<2).map { _ in try Self.start(x, ["schedule", "run", "s.yaml", "--now", "2025-09-03T08:00"]) }
        for run in runs { run.waitUntilExit() }
        #expect(runs.allSatisfy { $0.terminationStatus == 0 })
        #expect(try robots.messages(robot: "webhook", token: slow).count == 1)
        #expect(try robots.messages(robot: "webhook", token: quick).count == 1)
        #expect(try Self.history(x) == ["slow": "sent", "quick": "sent"])
    }
}
