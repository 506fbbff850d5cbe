import Foundation
import Testing

/// Imports run at once, as cron jobs and colleagues start them: into a new ledger, all of them set up
/// its schema at the same moment, and every one must succeed, with each record stored once.
@Suite("Imports at once, end to end")
struct ConcurrencyEndToEndTests {
    @Test("8 imports creating one new ledger at once all succeed, and the records are stored once")
    func eightAtOnce() throws {
        for round in 1...3 {
            let x = try Xueshi(); defer { x.remove() }
            let export = try x.copyFixture("demo-export.csv")
            let processes = (0..<8).map { _ -> Process in
                let process = Process()
                process.executableURL = Xueshi.executable
                process.arguments = ["import", export, "--ledger", x.ledger, "--json"]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                return process
            }
            for process in processes { try process.run() }
            for process in processes { process.waitUntilExit() }
            #expect(processes.allSatisfy { $0.terminationStatus == 0 }, "round \(round): \(processes.map(\.terminationStatus))")
            let counts = try x.run(["imports", "--json"])
            #expect(counts.status == 0)
            let records = try x.run(["records", "--json"])
            #expect((records.json["records"] as? [Any])?.count == 98, "round \(round)")
        }
    }
}
