import Foundation
import XueshiDataFile
import XueshiModel

/// A schedule file (INTERFACE.md): named destinations, and jobs that send a report or reminders to
/// some of them every day, week or month. What is due is worked out by `Schedule+Due.swift` from a
/// clock the caller gives; nothing here reads the clock, the environment or the network.
public struct Schedule: Sendable, Equatable {
    public var destinations: [String: Destination]
    public var jobs: [Job]

    public init(destinations: [String: Destination], jobs: [Job]) {
        self.destinations = destinations; self.jobs = jobs
    }

    /// The commented example that `xueshi schedule example` prints (Schedules/example.yaml).
    public static var exampleText: String { EmbeddedResources.text("Schedules/example.yaml") ?? "" }

    /// Reads and checks a schedule; a mistake is refused with the file and its line.
    public init(yaml: String, file: String) throws {
        let raw = try DataFile.decode(ScheduleFile.self, yaml: yaml, file: file)
        func refuse(_ path: [String], _ message: String) -> DataFileError {
            DataFileError(file: file, line: DataFile.line(at: path.map { AnyCodingKey(stringValue: $0) }, in: yaml), message: message)
        }
        var destinations: [String: Destination] = [:]
        for (name, entry) in raw.destinations ?? [:] {
            do { destinations[name] = try Destination(entry) } catch let problem as ScheduleProblem {
                throw refuse(["destinations", name] + (problem.key.map { [$0] } ?? []), problem.message)
            }
        }
        var jobs: [Job] = []
        var names: Set<String> = []
        for (index, entry) in (raw.jobs ?? []).enumerated() {
            let path = ["jobs", String(index)]
            let job: Job
            do { job = try Job(entry) } catch let problem as ScheduleProblem {
                throw refuse(path + (problem.key.map { [$0] } ?? []), problem.message)
            }
            guard names.insert(job.name).inserted else { throw refuse(path + ["name"], "任务名「\(job.name)」重复了：每个任务的名字须不同") }
            for (position, target) in job.destinations.enumerated() where destinations[target] == nil {
                let known = destinations.keys.sorted().joined(separator: "、")
                throw refuse(path + ["to", String(position)], "没有名为「\(target)」的发送目标" + (known.isEmpty ? "" : "；已有：\(known)"))
            }
            jobs.append(job)
        }
        if jobs.isEmpty { throw refuse([], "没有任务（jobs）：至少写一个") }
        self.init(destinations: destinations, jobs: jobs)
    }
}

/// A mistake in one entry, with the key it is at; worded into a `DataFileError` with its line.
struct ScheduleProblem: Error {
    var key: String?
    var message: String
}
