import XueshiLedger
import XueshiModel

/// Where an import's reading puts what it read: the ledger's import session, or the in-memory tally
/// of a one-step check (`RecordTally`). The reading, its row errors and its report are the same.
protocol RecordSink: AnyObject {
    var batchID: Int64 { get }
    func beginBatch(_ file: BatchFile) throws
    func add(_ batch: RecordBatch) throws
    func addTraining(_ training: InternalTraining, row: Int) throws -> Bool
    func replaceRoster(_ entries: [(entry: RosterEntry, row: Int)], columns: RosterColumns, markMissingAsLeft: Bool) throws -> RosterCounts
    func finishBatch(sha256: String, rows: Int, rejected: Int) throws -> BatchCounts
    func earlierImports(sha256: String, before: Int64?) throws -> [(id: Int64, importedAt: String)]
}

extension ImportSession: RecordSink {}
