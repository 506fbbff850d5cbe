import Foundation
import XueshiImport
import XueshiLedger
import XueshiModel
import XueshiRead

/// One file's part of an import.
struct FileReport {
    var path: String
    var info: ExportFileInfo?
    var inserted = 0, duplicates = 0, updated = 0, rejected = 0
    /// Duplicates whose differing review decision came from an export older than the ledger's.
    var olderDecisions = 0
    /// Earlier imports of the very same file (same SHA-256).
    var importedBefore: [String] = []
    /// Why the file could not be read at all.
    var failure: String?
}

/// What an import did (or, on a dry run or a failure, would have done).
struct ImportReport {
    var files: [FileReport] = []
    var errors: [RowError] = []
    var errorCount = 0
    /// The CSVs the rejected rows were written to (--skip-invalid).
    var rejectFiles: [String] = []
    /// Name conflicts, the first `ImportSession.keptNameConflicts` of them; the count covers them all.
    var nameConflicts: [NameConflict] = []
    var nameConflictCount = 0
    var dryRun = false
    var skipInvalid = false
    /// Whether the ledger was changed.
    var written = false
    var ledgerCounts: (records: Int, people: Int, units: Int, batches: Int)?

    var inserted: Int { files.reduce(0) { $0 + $1.inserted } }
    var duplicates: Int { files.reduce(0) { $0 + $1.duplicates } }
    var updated: Int { files.reduce(0) { $0 + $1.updated } }
    var rejected: Int { files.reduce(0) { $0 + $1.rejected } }
    var fileFailures: [FileReport] { files.filter { $0.failure != nil } }

    /// Succeeded: every file read, and no bad row unless the user chose to skip them.
    var succeeded: Bool { fileFailures.isEmpty && (rejected == 0 || skipInvalid) }

    /// Row errors kept in memory to list and to put in JSON; the count covers them all.
    static let keptErrors = 10_000
}

/// Reads export files into the ledger in one transaction: the wiring of the importer and the ledger.
struct ImportRun {
    var files: [String]
    var profiles: [ImportProfile]
    var encoding: TextEncoding?
    var sheet: String?
    var ledgerPath: String
    var dryRun: Bool
    var skipInvalid: Bool
    var progress: ProgressLine
    /// Where `--skip-invalid` writes the rejected rows (a CSV per file), or nil not to write them.
    var rejectsFolder: String? = nil

    func execute() throws -> ImportReport {
        let existed = FileManager.default.fileExists(atPath: ledgerPath)
        // A dry run on a ledger that does not exist yet works on an empty one in memory: it must not
        // create the file.
        let ledger: Ledger
        var created = false
        if dryRun && !existed {
            ledger = try Ledger()
        } else if !existed, let made = try? Ledger(creatingForFirstImport: ledgerPath) {
            ledger = made
            created = true
        } else {
            // Existing, or made by another command in the meantime (a real error is thrown here).
            ledger = try Ledger(path: ledgerPath, create: true)
        }
        do {
            let report = try importFiles(into: ledger)
            if !report.written && created { Self.removeIfEmpty(ledger) }
            // Should the switch fail (another command holding the ledger for minutes), the next command
            // that opens the ledger makes it: every open asks for WAL. The records are in either way.
            if report.written && created { try? ledger.startWriteAheadLog() }
            return report
        } catch {
            if created { Self.removeIfEmpty(ledger) }
            throw error
        }
    }

    /// Removes a ledger this command created and did not fill, unless another command imported into
    /// it meanwhile.
    static func removeIfEmpty(_ ledger: Ledger) {
        guard let counts = try? ledger.counts(), counts.batches == 0 else { return }
        removeLedgerFiles(ledger.path)
    }

    /// Imports into any ledger (a file, or one in memory for `check`); rolls back unless it succeeds.
    func importFiles(into ledger: Ledger) throws -> ImportReport {
        let reader = ExportReader(profiles: profiles, pinnedEncoding: encoding, sheet: sheet)
        var report = ImportReport(dryRun: dryRun, skipInvalid: skipInvalid)
        let rejects = skipInvalid && !dryRun ? rejectsFolder.map(RejectsWriter.init(folder:)) : nil
        defer { rejects?.discard() }
        report = try ledger.importing { session in
            for path in files {
                report.files.append(read(path, with: reader, into: session, rejects: rejects, report: &report))
            }
            report.nameConflicts = session.nameConflicts
            report.nameConflictCount = session.nameConflictCount
            report.written = !dryRun && report.succeeded
            // Named before the commit: should that fail, the import is rolled back and no row is lost.
            if report.written, let rejects { report.rejectFiles = try rejects.keep() }
            return (report, keep: report.written)
        }
        progress.clear()
        report.ledgerCounts = try? ledger.counts()
        return report
    }

    private func read(_ path: String, with reader: ExportReader, into session: ImportSession, rejects: RejectsWriter?,
                      report: inout ImportReport) -> FileReport {
        var file = FileReport(path: path)
        var headerCells: [String] = []
        var rows = 0
        var size: Int64 = 0, bytesRead: Int64 = 0
        func noteRows(_ count: Int) {
            let before = rows
            rows += count
            if rows / 8192 != before / 8192 {
                progress.update("正在导入 \(path)：\(rows) 行" + (bytesRead > 0 && size > 0 ? "（\(min(100, bytesRead * 100 / size))%）" : ""))
            }
        }
        do {
            let info = try reader.readConcurrently(path: path, displayName: path) { event in
                switch event {
                case .started(let info):
                    headerCells = info.headerCells
                    size = info.size
                    try session.beginBatch(BatchFile(fileName: path, size: info.size, sha256: info.sha256, kind: info.kind.rawValue,
                                                     profile: info.profile, encoding: info.encoding, sheet: info.sheet,
                                                     headerRow: info.headerRow, exportedAt: info.exportedAt))
                case .progress(let bytes):
                    bytesRead = bytes
                case .records(let batch):
                    try session.add(batch)
                    noteRows(batch.count)
                case .rejected(let row, let errors):
                    file.rejected += 1
                    report.errorCount += errors.count
                    if report.errors.count < ImportReport.keptErrors { report.errors += errors }
                    try rejects?.add(row, errors: errors, file: path, headerCells: headerCells)
                    noteRows(1)
                }
            }
            file.info = info
            let counts = try session.finishBatch(sha256: info.sha256, rows: info.rows, rejected: file.rejected)
            (file.inserted, file.duplicates, file.updated) = (counts.inserted, counts.duplicates, counts.updated)
            file.olderDecisions = counts.olderDecisions
            file.importedBefore = (try? session.earlierImports(sha256: info.sha256).map(\.importedAt)) ?? []
        } catch {
            file.failure = "\(error)"
        }
        return file
    }

    /// Removes a ledger this command created and did not fill.
    static func removeLedgerFiles(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
