import Foundation
import Logging
import XueshiImport
import XueshiLedger
import XueshiModel
import XueshiRead
import XueshiReport
import XueshiVerify

/// Whose hours a check is about.
public enum CheckScope: Sendable, Equatable {
    case everyone
    case unit(String)
    case person(ResidentID)
}

/// The check use case: a policy, an as-of day and a scope, as one value that yields verdicts — from
/// the ledger (`verify`, `report`, a schedule) or from files summed in memory (`check`).
/// The sequence policy → the ledger's sums as of the day → the verifier lives here only.
public struct CheckJob: Sendable {
    public var policy: Policy
    public var asOf: CalendarDate
    public var scope: CheckScope
    /// Only the people the roster marks as applying this year (是否申报 = 是).
    public var applicantsOnly = false
    /// Told which stage the check is in ("读取学时", "核查"), for a progress line.
    public var progress: (@Sendable (String) -> Void)?

    static let logger = Logger(label: "xueshi.check")

    public init(policy: Policy, asOf: CalendarDate, scope: CheckScope = .everyone, progress: (@Sendable (String) -> Void)? = nil) {
        self.policy = policy; self.asOf = asOf; self.scope = scope; self.progress = progress
    }

    public var verifier: Verifier { Verifier(policy: policy, asOf: asOf) }

    /// The verdicts of the people in scope, people who need action first. Throws
    /// `WorkflowError.nobodyToCheck` when the scope holds nobody.
    public func run(on ledger: Ledger) throws -> CheckResult {
        progress?("正在读取学时")
        let ledgerScope: PeopleScope
        switch scope {
        case .everyone: ledgerScope = .everyone
        case .unit(let unit): ledgerScope = .unit(unit)
        case .person(let id): ledgerScope = .person(id)
        }
        let hours = try ledger.hours(years: policy.years, asOf: asOf, forms: policy.cappedForms, scope: ledgerScope,
                                     applicantsOnly: applicantsOnly)
        guard !hours.isEmpty else { throw applicantsOnly ? WorkflowError.noApplicants : WorkflowError.nobodyToCheck(scope) }
        progress?("正在核查 \(hours.count) 人")
        let verifier = self.verifier
        let verdicts = PeopleOrder.sorted(hours.map(verifier.verdict))
        Self.logger.debug("checked", metadata: ["people": "\(verdicts.count)", "policy": "\(policy.name)"])
        return CheckResult(policy: policy, asOf: asOf, verdicts: verdicts)
    }
}

extension CheckJob {
    /// Reads the files into sums in memory (`RecordTally`) and checks everyone in them: the verdicts
    /// alone (`check --json`), without a database. Bad rows are left out and reported.
    public func verdicts(files: [String], reading: ReadingSettings) throws -> (result: CheckResult, report: ImportReport) {
        let (result, _, report) = try tally(files: files, reading: reading, keepingRecords: false)
        return (result, report)
    }

    /// Reads the files into memory and checks everyone in them, keeping each record for the statements
    /// (the applicant's check); no database either.
    public func statements(files: [String], reading: ReadingSettings) throws
        -> (result: CheckResult, records: [ResidentID: [StoredRecord]], report: ImportReport) {
        let (result, tally, report) = try tally(files: files, reading: reading, keepingRecords: true)
        return (result, Dictionary(grouping: tally.records, by: \.record.id), report)
    }

    private func tally(files: [String], reading: ReadingSettings, keepingRecords: Bool) throws
        -> (result: CheckResult, tally: RecordTally, report: ImportReport) {
        progress?("正在读取学时")
        let job = ImportJob(files: files, profiles: reading.profiles, encoding: reading.encoding, sheet: reading.sheet,
                            ledgerPath: ":memory:", dryRun: true, skipInvalid: true)
        let reader = ExportReader(profiles: reading.profiles, pinnedEncoding: reading.encoding, sheet: reading.sheet)
        let fetched = try FetchedExports(files, settings: job.transport)
        defer { fetched.remove() }
        let tally = RecordTally(keepsRecords: keepingRecords)
        var report = ImportReport(dryRun: true, skipInvalid: true)
        for source in fetched.sources {
            report.files.append(job.read(source.path, named: source.name, with: reader, into: tally, rejects: nil, report: &report))
        }
        let hours = tally.hours(years: policy.years, asOf: asOf, forms: policy.cappedForms, scope: scope)
        guard !hours.isEmpty else {
            let failures = report.fileFailures.compactMap { file in file.failure.map { (file: file.path, error: $0) } }
            if !failures.isEmpty { throw UnreadableFiles(failures: failures) }
            throw WorkflowError.noRecordsInFiles(files)
        }
        progress?("正在核查 \(hours.count) 人")
        let verifier = self.verifier
        return (CheckResult(policy: policy, asOf: asOf, verdicts: PeopleOrder.sorted(hours.map(verifier.verdict))), tally, report)
    }
}

/// A one-step check that read no record because its files could not be read: each file and why.
public struct UnreadableFiles: Error, @unchecked Sendable {
    public let failures: [(file: String, error: any Error)]
}

/// How export files are read: the profiles to choose from, a pinned encoding, a sheet.
public struct ReadingSettings: Sendable {
    public var profiles: [ImportProfile]
    public var encoding: TextEncoding?
    public var sheet: String?
    public init(profiles: [ImportProfile] = ImportProfile.builtIn(), encoding: TextEncoding? = nil, sheet: String? = nil) {
        self.profiles = profiles; self.encoding = encoding; self.sheet = sheet
    }
}

/// The verdicts of a check, with what made them.
public struct CheckResult: Sendable {
    public var policy: Policy
    public var asOf: CalendarDate
    /// People who need action first (`PeopleOrder`).
    public var verdicts: [Verdict]

    public var verifier: Verifier { Verifier(policy: policy, asOf: asOf) }
    public var everyoneMeets: Bool { verdicts.allSatisfy(\.meets) }

    /// The summary every unit report renders.
    public func summary(revealIDs: Bool) -> Summary {
        Summary(verdicts: verdicts, policy: policy, asOf: asOf, revealIDs: revealIDs)
    }

    /// The statement of each person: the summary's people, each with every record, its fate under the
    /// verifier's one counting rule, and its source.
    public func statements(from ledger: Ledger, revealIDs: Bool) throws -> Summary {
        // One person's records by their ID; many people's in one pass over the records (one query).
        var recordsByPerson: [ResidentID: [StoredRecord]] = [:]
        if verdicts.count == 1, let only = verdicts.first {
            recordsByPerson[only.id] = try ledger.records(person: only.id)
        } else {
            for stored in try ledger.records() { recordsByPerson[stored.record.id, default: []].append(stored) }
        }
        return statements(records: recordsByPerson, revealIDs: revealIDs)
    }

    /// The statements of the people checked, from their records.
    public func statements(records recordsByPerson: [ResidentID: [StoredRecord]], revealIDs: Bool) -> Summary {
        var summary = self.summary(revealIDs: revealIDs)
        let verifier = self.verifier
        let byID = Dictionary(verdicts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for index in summary.people.indices {
            guard let verdict = byID[summary.people[index].id] else { continue }
            summary.people[index].records = Self.recordLines(of: verdict, stored: recordsByPerson[verdict.id] ?? [], verifier: verifier)
        }
        return summary
    }

    /// A person's records in the order a person reads them (year, then date), each with its fate.
    static func recordLines(of verdict: Verdict, stored: [StoredRecord], verifier: Verifier) -> [RecordLine] {
        let stored = stored.sorted {
            ($0.record.year, $0.record.effectiveDate?.yyyymmdd ?? 0) < ($1.record.year, $1.record.effectiveDate?.yyyymmdd ?? 0)
        }
        let fates = verifier.fates(of: stored.map(\.record), in: verdict)
        return zip(stored, fates).map { stored, fate in
            let record = stored.record
            return RecordLine(year: record.year, date: record.end ?? record.start, category: record.category,
                              title: record.title, organizer: record.organizer, hours: record.hours, status: record.status,
                              counted: fate.counted, fate: fate.text,
                              sourceFile: PathText.name(of: stored.fileName), sourceRow: stored.row)
        }
    }
}
