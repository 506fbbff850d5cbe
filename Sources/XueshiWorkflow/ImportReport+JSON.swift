import XueshiImport
import XueshiLedger
import XueshiModel

/// `import --json`: INTERFACE.md's shape, with more fields after it.
public struct ImportJSON: Encodable {
    struct File: Encodable {
        var path: String
        var profile: String?
        /// hours, roster, trainings.
        var kind: String?
        var rows: Int
        var inserted: Int
        var duplicates: Int
        var rejected: Int
        var updated: Int
        /// Duplicates whose differing review decision was older than the ledger's: not applied.
        var olderDecisions: Int
        var encoding: String?
        var sheet: String?
        var headerRow: Int?
        var exportedAt: String?
        var sha256: String?
        var error: String?
        /// A roster: people newly listed, changed, unchanged, marked left.
        var roster: Roster?
    }
    struct Roster: Encodable {
        var added: Int
        var changed: Int
        var unchanged: Int
        var markedLeft: Int
    }
    struct RowProblem: Encodable {
        var file: String
        var row: Int
        var column: String?
        var reason: String
    }
    struct Warning: Encodable {
        var id: String
        var knownNames: [String]
        var name: String
        var file: String
        var row: Int
    }
    var files: [File]
    var inserted: Int
    var duplicates: Int
    var rejected: Int
    var updated: Int
    var dryRun: Bool
    var written: Bool
    var errors: [RowProblem]
    var errorCount: Int
    var warnings: [Warning]
    /// All name conflicts; `warnings` lists the first ten thousand.
    var warningCount: Int
    var rejectFiles: [String]

    public init(_ report: ImportReport) {
        files = report.files.map { file in
            File(path: file.path, profile: file.info?.profile, kind: file.info?.profileKind.rawValue, rows: file.info?.rows ?? 0, inserted: file.inserted,
                 duplicates: file.duplicates, rejected: file.rejected, updated: file.updated,
                 olderDecisions: file.olderDecisions,
                 encoding: file.info?.encoding, sheet: file.info?.sheet, headerRow: file.info?.headerRow,
                 exportedAt: file.info?.exportedAt,
                 sha256: file.info?.sha256, error: file.failure.map { "\($0)" },
                 roster: file.roster.map { Roster(added: $0.added, changed: $0.changed, unchanged: $0.unchanged, markedLeft: $0.markedLeft) })
        }
        inserted = report.inserted
        duplicates = report.duplicates
        rejected = report.rejected
        updated = report.updated
        dryRun = report.dryRun
        written = report.written
        errors = report.errors.map { RowProblem(file: $0.file, row: $0.row, column: $0.column, reason: $0.reason) }
        errorCount = report.errorCount
        warnings = report.nameConflicts.map {
            Warning(id: $0.id.masked, knownNames: $0.knownNames, name: $0.newName, file: $0.file, row: $0.row)
        }
        warningCount = report.nameConflictCount
        rejectFiles = report.rejectFiles
    }
}

