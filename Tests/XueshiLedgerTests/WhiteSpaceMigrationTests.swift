import Foundation
import GRDB
import Testing
@testable import XueshiLedger
import XueshiModel

/// Ledgers made before imports folded the white space inside texts: a title with a line break and the
/// same title on one line were stored as two records (the hours counted twice). Opening such a ledger
/// folds them, and the double count goes.
@Suite("Folding white space in a ledger made before it was folded")
struct WhiteSpaceMigrationTests {
    @Test("a title with a line break becomes one line; the record that then equals another is removed")
    func foldsAndMerges() throws {
        let file = TemporaryLedger()
        do {
            let ledger = try Ledger(path: file.path, create: true)
            try importRecords(ledger, [
                record(title: "人工智能 应用研修", hours: 1600),
                record(title: "人工智能\r\n应用研修", hours: 1600),
                record(title: "大模型\n\n实训", hours: 800),
                record(year: 2023, title: "大模型 实训", hours: 800),
            ])
            // As a ledger of the previous version: the step not yet applied.
            try ledger.database.write { try $0.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v6:%'") }
            #expect(try ledger.database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM records") } == 4)
        }
        let reopened = try Ledger(path: file.path, create: false)
        let titles = try reopened.database.read {
            try Row.fetchAll($0, sql: "SELECT title, year FROM records ORDER BY id").map { "\($0["title"] as String) \($0["year"] as Int)" }
        }
        #expect(titles == ["人工智能 应用研修 2024", "大模型 实训 2024", "大模型 实训 2023"])
        // Imported again, the folded record is a duplicate, not a third copy.
        let outcomes = try importRecords(reopened, [record(title: "人工智能 应用研修", hours: 1600), record(title: "大模型 实训", hours: 800)])
        #expect(outcomes == [.duplicate, .duplicate])
    }
}
