import Foundation
import Synchronization
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

    /// An 18-digit ID with its GB 11643-1999 check digit, the `n`th of a made-up series.
    static func residentID(_ n: Int) -> String {
        let body = "330106" + String(1970 + n / 1000) + "0101" + String(format: "%03d", n % 1000)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    @Test("8 overlapping imports at once while verify and report read: all succeed, every record stored once, no half import seen")
    func overlappingWhileReading() throws {
        let x = try Xueshi(); defer { x.remove() }
        // Every file holds a shared part (3 people, 12 records); file i also holds 2 * 2^i people of its
        // own, one record each. Any set of files adds its own number of people, so a reader's count of
        // people tells which imports it saw whole, and a count that is no such sum is half an import.
        let own = (0..<8).map { 2 << $0 }
        var n = 0
        func person() -> String { n += 1; return Self.residentID(n) }
        let shared = (0..<3).map { _ in person() }
        var sharedRows = ""
        for (p, id) in shared.enumerated() {
            for t in 0..<4 { sharedRows += Exports.row(0, "张伟", id, title: "共同培训\(p)-\(t)", date: "2024-04-\(String(format: "%02d", t + 1))") }
        }
        let files = try own.enumerated().map { i, count in
            let mine = (0..<count).map { _ in Exports.row(0, "王芳", person(), unit: "杭州智算科技有限公司", title: "文件\(i)的培训") }.joined()
            return try x.write("file-\(i).csv", Exports.header + (i % 2 == 0 ? sharedRows + mine : mine + sharedRows))
        }
        // A ledger that exists before (one other person), so that every reader finds one.
        #expect(try x.run(["import", try x.write("base.csv", Exports.header + Exports.row(1, "李娜", person(), title: "其他培训"))]).status == 0)
        // The other person alone (no import committed yet), or with the shared people and the own people
        // of a set of whole imports.
        let base = 1 + shared.count
        let wholeSets = Set((1..<256).map { mask in base + own.indices.filter { mask >> $0 & 1 == 1 }.map { own[$0] }.reduce(0, +) } + [1])

        let imports = try files.map { file -> Process in
            let process = Process()
            process.executableURL = Xueshi.executable
            process.arguments = ["import", file, "--ledger", x.ledger, "--json"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        struct Seen: Sendable { var reader: String; var status: Int32; var people: Int?; var stderr: String }
        let seen = Mutex<[Seen]>([])
        let readers: [(String, [String], @Sendable ([String: Any]) -> Int?)] = [
            ("verify", ["verify", "--json", "--as-of", "2026-01-01"], { ($0["people"] as? [Any])?.count }),
            ("report", ["report", "units", "--format", "json", "--as-of", "2026-01-01"],
             { ($0["units"] as? [[String: Any]])?.reduce(0) { $0 + ($1["people"] as? Int ?? 0) } }),
        ]
        DispatchQueue.concurrentPerform(iterations: readers.count) { index in
            let (name, arguments, count) = readers[index]
            var last = false
            while !last {
                last = !imports.contains { $0.isRunning }
                guard let result = try? x.run(arguments) else { continue }
                let entry = Seen(reader: name, status: result.status, people: count(result.json), stderr: result.stderr)
                seen.withLock { $0.append(entry) }
            }
        }
        for process in imports { process.waitUntilExit() }
        #expect(imports.allSatisfy { $0.terminationStatus == 0 }, "\(imports.map(\.terminationStatus))")
        let total = base + own.reduce(0, +)
        let records = try x.run(["records", "--json", "--limit", "0"])
        #expect((records.json["records"] as? [Any])?.count == 1 + shared.count * 4 + own.reduce(0, +))
        let observations = seen.withLock { $0 }
        #expect(observations.count >= 4)
        for entry in observations {
            // verify exits 1 when someone is short, as everyone here is.
            #expect(entry.status == 0 || (entry.reader == "verify" && entry.status == 1), "\(entry.reader): \(entry.status) \(entry.stderr)")
            #expect(!entry.stderr.contains("locked") && !entry.stderr.contains("busy") && !entry.stderr.contains("锁"), "\(entry.stderr)")
            #expect(entry.people.map(wholeSets.contains) == true, "\(entry.reader) saw \(entry.people.map(String.init) ?? "no count") people")
        }
        // The last try of each reader came after every import had ended.
        for name in ["verify", "report"] { #expect(observations.last { $0.reader == name }?.people == total) }
    }
}
