import Foundation
import Logging
import XueshiImport
import XueshiLedger
import XueshiModel
import XueshiRead
import XueshiTransport

/// One file's part of an import.
public struct FileReport: Sendable {
    public var path: String
    public var info: ExportFileInfo?
    public var inserted = 0, duplicates = 0, updated = 0, rejected = 0
    /// Duplicates whose differing review decision came from an export older than the ledger's.
    public var olderDecisions = 0
    /// A roster: what it did to the units' rosters.
    public var roster: RosterCounts?
    /// A roster with rejected rows (--skip-invalid) marks nobody left: the refused rows' people would be.
    public var rosterKeptEveryone = false
    /// An attendance sheet: trainings new to the ledger and ones it held already.
    public var trainings: (new: Int, known: Int)?
    /// Earlier imports of the very same file (same SHA-256).
    public var importedBefore: [String] = []
    /// Why the file could not be read at all.
    public var failure: (any Error)?
}

/// What an import did (or, on a dry run or a failure, would have done).
public struct ImportReport: Sendable {
    public var files: [FileReport] = []
    public var errors: [RowError] = []
    public var errorCount = 0
    /// The CSVs the rejected rows were written to (--skip-invalid).
    public var rejectFiles: [String] = []
    /// Name conflicts, the first `ImportSession.keptNameConflicts` of them; the count covers them all.
    public var nameConflicts: [NameConflict] = []
    public var nameConflictCount = 0
    public var dryRun = false
    public var skipInvalid = false
    /// Whether the ledger was changed.
    public var written = false
    public var ledgerCounts: (records: Int, people: Int, units: Int, batches: Int)?

    public var inserted: Int { files.reduce(0) { $0 + $1.inserted } }
    public var duplicates: Int { files.reduce(0) { $0 + $1.duplicates } }
    public var updated: Int { files.reduce(0) { $0 + $1.updated } }
    public var rejected: Int { files.reduce(0) { $0 + $1.rejected } }
    public var fileFailures: [FileReport] { files.filter { $0.failure != nil } }

    /// Succeeded: every file read, and no bad row unless the user chose to skip them.
    public var succeeded: Bool { fileFailures.isEmpty && (rejected == 0 || skipInvalid) }

    /// Row errors kept in memory to list and to put in JSON; the count covers them all.
    public static let keptErrors = 10_000
}

/// The import use case: reads export files into the ledger in one transaction, all or nothing (or,
/// skipping bad rows, the good ones with the bad ones written out for fixing), and says what it did.
/// The command line, the schedule runner and a web page run the same job.
public struct ImportJob: Sendable {
    public var files: [String]
    public var profiles: [ImportProfile]
    public var encoding: TextEncoding?
    public var sheet: String?
    public var ledgerPath: String
    public var dryRun: Bool
    public var skipInvalid: Bool
    /// Where skipped rows are written (a CSV per file), or nil not to write them.
    public var rejectsFolder: String?
    /// Told now and then how far the import is: the file and the rows read so far, with the share of
    /// the file's bytes when known.
    public var progress: (@Sendable (ImportProgress) -> Void)?
    /// How exports given as `https://` addresses are fetched (timeouts, retries, a private CA).
    public var transport = TransportSettings()

    static let logger = Logger(label: "xueshi.import")

    public init(files: [String], profiles: [ImportProfile], encoding: TextEncoding? = nil, sheet: String? = nil,
                ledgerPath: String, dryRun: Bool = false, skipInvalid: Bool = false, rejectsFolder: String? = nil,
                progress: (@Sendable (ImportProgress) -> Void)? = nil) {
        self.files = files; self.profiles = profiles; self.encoding = encoding; self.sheet = sheet
        self.ledgerPath = ledgerPath; self.dryRun = dryRun; self.skipInvalid = skipInvalid
        self.rejectsFolder = rejectsFolder; self.progress = progress
    }

    /// Runs the import against the ledger at `ledgerPath`, creating it (and its folder) when missing.
    public func execute() throws -> ImportReport {
        let existed = FileManager.default.fileExists(atPath: ledgerPath)
        // A dry run never writes the ledger, nor waits for or holds its write lock (an import beside it
        // goes on): it works on a copy of the ledger as it is now, or on an empty one in memory when
        // there is none yet (it must not create the file).
        let ledger: Ledger
        var created = false
        if dryRun {
            ledger = existed ? try Ledger(snapshotOf: ledgerPath) : try Ledger()
        } else if !existed, let made = try? Ledger(creatingForFirstImport: ledgerPath) {
            ledger = made
            created = true
        } else {
            // Existing, or made by another command in the meantime (a real error is thrown here).
            ledger = try Ledger(path: ledgerPath, create: true)
        }
        do {
            let report = try importFiles(into: ledger)
            if !report.written && created { ledger.removeIfNeverImported() }
            // Should the switch fail (another command holding the ledger for minutes), the next command
            // that opens the ledger makes it: every open asks for WAL. The records are in either way.
            if report.written && created { try? ledger.startWriteAheadLog() }
            return report
        } catch {
            if created { ledger.removeIfNeverImported() }
            throw error
        }
    }

    /// Imports into any ledger (a file, or one in memory for `check`); rolls back unless it succeeds.
    public func importFiles(into ledger: Ledger) throws -> ImportReport {
        let reader = ExportReader(profiles: profiles, pinnedEncoding: encoding, sheet: sheet)
        // Every address fetched before the ledger is touched: a failed fetch writes nothing.
        let fetched = try FetchedExports(files, settings: transport)
        defer { fetched.remove() }
        var report = ImportReport(dryRun: dryRun, skipInvalid: skipInvalid)
        let rejects = skipInvalid && !dryRun ? rejectsFolder.map(RejectsWriter.init(folder:)) : nil
        defer { rejects?.discard() }
        report = try ledger.importing { session in
            for source in fetched.sources {
                report.files.append(read(source.path, named: source.name, with: reader, into: session, rejects: rejects, report: &report))
            }
            report.nameConflicts = session.nameConflicts
            report.nameConflictCount = session.nameConflictCount
            report.written = !dryRun && report.succeeded
            // Named before the commit: should that fail, the import is rolled back and no row is lost.
            if report.written, let rejects { report.rejectFiles = try rejects.keep() }
            return (report, keep: report.written)
        }
        report.ledgerCounts = try? ledger.counts()
        return report
    }

    /// Reads the file at `path` into the session; `name` is what the batch, the report and every row
    /// error call it (the path, or the address it was fetched from).
    func read(_ path: String, named name: String, with reader: ExportReader, into session: some RecordSink,
              rejects: RejectsWriter?, report: inout ImportReport) -> FileReport {
        var file = FileReport(path: name)
        var headerCells: [String] = []
        var rows = 0
        var size: Int64 = 0, bytesRead: Int64 = 0
        func noteRows(_ count: Int) {
            let before = rows
            rows += count
            if rows / 8192 != before / 8192, let progress {
                progress(ImportProgress(file: name, rows: rows, percent: bytesRead > 0 && size > 0 ? Int(min(100, bytesRead * 100 / size)) : nil))
            }
        }
        do {
            // Each sheet read is a batch of its own: its profile, header row and provenance (file, sheet, row).
            var sheetRejected = 0
            var firstBatch: Int64?
            var rosterEntries: [(entry: RosterEntry, row: Int)] = []
            let info = try reader.readConcurrently(path: path, displayName: name) { event in
                switch event {
                case .started(let info):
                    headerCells = info.headerCells
                    size = info.size
                    sheetRejected = 0
                    rosterEntries = []
                    try session.beginBatch(BatchFile(fileName: name, size: info.size, sha256: info.sha256, kind: info.kind.rawValue,
                                                     profile: info.profile, encoding: info.encoding, sheet: info.sheet,
                                                     headerRow: info.headerRow, exportedAt: info.exportedAt))
                    if firstBatch == nil { firstBatch = session.batchID }
                case .progress(let bytes):
                    bytesRead = bytes
                case .records(let batch):
                    try session.add(batch)
                    noteRows(batch.count)
                case .staff(.roster(let entry, let row)):
                    rosterEntries.append((entry, row))
                    noteRows(1)
                case .staff(.training(let training, let row)):
                    let new = try session.addTraining(training, row: row)
                    file.trainings = ((file.trainings?.new ?? 0) + (new ? 1 : 0), (file.trainings?.known ?? 0) + (new ? 0 : 1))
                    noteRows(1)
                case .rejected(let row, let errors):
                    file.rejected += 1
                    sheetRejected += 1
                    report.errorCount += errors.count
                    if report.errors.count < ImportReport.keptErrors { report.errors += errors }
                    try rejects?.add(row, errors: errors, file: name, headerCells: headerCells)
                    noteRows(1)
                case .sheetFinished(let info):
                    if info.profileKind == .roster {
                        let columns = RosterColumns(department: info.fields.contains(.department), workStart: info.fields.contains(.workStart),
                                                    employment: info.fields.contains(.employment), applicant: info.fields.contains(.applicant))
                        let counts = try session.replaceRoster(rosterEntries, columns: columns, markMissingAsLeft: sheetRejected == 0)
                        file.rosterKeptEveryone = file.rosterKeptEveryone || sheetRejected > 0
                        file.roster = (file.roster ?? RosterCounts()).adding(counts)
                    }
                    let counts = try session.finishBatch(sha256: info.sha256, rows: info.rows, rejected: sheetRejected)
                    file.inserted += counts.inserted
                    file.duplicates += counts.duplicates
                    file.updated += counts.updated
                    file.olderDecisions += counts.olderDecisions
                }
            }
            file.info = info
            if let roster = file.roster { file.inserted += roster.added + roster.changed; file.duplicates += roster.unchanged }
            if let trainings = file.trainings { file.inserted += trainings.new; file.duplicates += trainings.known }
            file.importedBefore = (try? session.earlierImports(sha256: info.sha256, before: firstBatch).map(\.importedAt)) ?? []
        } catch {
            Self.logger.info("file not imported", metadata: ["file": "\(name)"])
            file.failure = error
        }
        return file
    }
}

/// How far an import is.
public struct ImportProgress: Sendable {
    public var file: String
    public var rows: Int
    /// The share of the file read, when its size is known.
    public var percent: Int?
}
