import Foundation
import GRDB
import Testing
@testable import XueshiLedger
import XueshiModel

/// A fresh ledger file in a temporary folder, removed afterwards.
final class TemporaryLedger {
    let folder: String
    let path: String
    init() {
        folder = NSTemporaryDirectory() + "xueshi-ledger-tests-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        path = folder + "/ledger.sqlite"
    }
    deinit { try? FileManager.default.removeItem(atPath: folder) }
}

func record(_ id: String = "330102198503124568", name: String = "张三", unit: String = "之江实验室", year: Int = 2024,
            category: XueshiModel.Category = .professional, title: String = "大模型应用培训", hours: Int64 = 800,
            status: RecordStatus = .approved, end: Int? = 20240306) -> HourRecord {
    HourRecord(id: try! ResidentID.parse(id).get(), name: name, unit: unit, year: year, category: category,
               title: title, start: nil, end: end.flatMap(CalendarDate.init(yyyymmdd:)), hours: Hours(hundredths: hours),
               status: status)
}

let sampleFile = BatchFile(fileName: "export.csv", size: 100, sha256: "ab", kind: "csv", profile: "zj-provincial",
                           encoding: "utf-8", sheet: nil, headerRow: 1)

/// Imports records as one batch and returns what adding each did.
@discardableResult
func importRecords(_ ledger: Ledger, _ records: [HourRecord], keep: Bool = true) throws -> [AddOutcome] {
    try ledger.importing { session in
        try session.beginBatch(sampleFile)
        for (index, record) in records.enumerated() { try session.add(record, row: index + 2) }
        let outcomes = try session.flush()
        try session.finishBatch(sha256: "ab", rows: records.count, rejected: 0)
        return (outcomes, keep: keep)
    }
}

@Suite("The ledger")
struct LedgerTests {
    @Test("a new ledger file is readable by its owner only")
    func ownerOnly() throws {
        let temporary = TemporaryLedger()
        _ = try Ledger(path: temporary.path, create: true)
        let mode = try FileManager.default.attributesOfItem(atPath: temporary.path)[.posixPermissions] as! NSNumber
        #expect(mode.intValue & 0o777 == 0o600)
    }

    @Test("a ledger made for a first import keeps a rollback journal until it switches to the write-ahead log")
    func firstImportJournal() throws {
        let temporary = TemporaryLedger()
        let ledger = try Ledger(creatingForFirstImport: temporary.path)
        #expect(try ledger.database.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "delete")
        try importRecords(ledger, [record()])
        try ledger.startWriteAheadLog()
        #expect(try ledger.database.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
        let mode = try FileManager.default.attributesOfItem(atPath: temporary.path)[.posixPermissions] as! NSNumber
        #expect(mode.intValue & 0o777 == 0o600)
        #expect(try Ledger(path: temporary.path, create: false).counts().records == 1)
        // Never over an existing ledger.
        #expect(throws: LedgerError.self) { try Ledger(creatingForFirstImport: temporary.path) }
    }

    @Test("a command that only reads says clearly that there is no ledger")
    func missing() {
        let temporary = TemporaryLedger()
        #expect(throws: Ledger.Missing.self) { try Ledger(path: temporary.path, create: false) }
        #expect(!FileManager.default.fileExists(atPath: temporary.path))
    }

    @Test("the ledger uses write-ahead logging")
    func wal() throws {
        let temporary = TemporaryLedger()
        let ledger = try Ledger(path: temporary.path, create: true)
        let mode = try ledger.database.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test("importing the same record again changes nothing: it is counted once")
    func onceAndOnlyOnce() throws {
        let temporary = TemporaryLedger()
        let ledger = try Ledger(path: temporary.path, create: true)
        #expect(try importRecords(ledger, [record(), record(title: "另一个培训")]) == [.inserted, .inserted])
        // An overlapping later export: one old record (under another unit and status wording), one new.
        #expect(try importRecords(ledger, [record(unit: "别的单位"), record(title: "第三个培训")]) == [.duplicate, .inserted])
        // The same record twice in one file.
        #expect(try importRecords(ledger, [record(year: 2025), record(year: 2025)]) == [.inserted, .duplicate])
        #expect(try ledger.counts().records == 4)
    }

    @Test("a later decision on a pending record updates its status; an older 'pending' never undoes one")
    func statusUpdates() throws {
        let temporary = TemporaryLedger()
        let ledger = try Ledger(path: temporary.path, create: true)
        try importRecords(ledger, [record(status: .pending)])
        #expect(try importRecords(ledger, [record(status: .approved)]) == [.statusUpdated(from: .pending)])
        #expect(try importRecords(ledger, [record(status: .pending)]) == [.duplicate])
        #expect(try ledger.records().map(\.record.status) == [.approved])
    }

    @Test("a decision from an older export never replaces one from a newer export, whatever the import order")
    func exportTimesOrderDecisions() throws {
        let temporary = TemporaryLedger()
        let ledger = try Ledger(path: temporary.path, create: true)
        func importExport(_ exportedAt: String?, _ status: RecordStatus) throws -> [AddOutcome] {
            var file = sampleFile
            file.exportedAt = exportedAt
            return try ledger.importing { session in
                try session.beginBatch(file)
                try session.add(record(status: status), row: 2)
                let outcomes = try session.flush()
                try session.finishBatch(sha256: "ab", rows: 1, rejected: 0)
                return (outcomes, keep: true)
            }
        }
        func stored() throws -> [RecordStatus] { try ledger.records().map(\.record.status) }
        #expect(try importExport("2025-09-01 10:00:00", .rejected) == [.inserted])
        // An export made in June, imported later, says approved: the September decision stays.
        #expect(try importExport("2025-06-01 08:00:00", .approved) == [.olderDecision])
        #expect(try stored() == [.rejected])
        // An export made in October says approved: it replaces the September decision.
        #expect(try importExport("2025-10-01 09:30:00", .approved) == [.statusUpdated(from: .rejected)])
        #expect(try stored() == [.approved])
        // Now the October export decided it: September's (rejected) is older and stays out.
        #expect(try importExport("2025-09-01 10:00:00", .rejected) == [.olderDecision])
        // Without an export time, the later import wins, as before.
        #expect(try importExport(nil, .rejected) == [.statusUpdated(from: .approved)])
        #expect(try stored() == [.rejected])
        #expect(try ledger.batches().map(\.exportedAt) == ["2025-09-01 10:00:00", "2025-06-01 08:00:00",
                                                              "2025-10-01 09:30:00", "2025-09-01 10:00:00", nil])
    }

    @Test("the same ID under two names is a warning, never a silent merge or split")
    func nameConflict() throws {
        let temporary = TemporaryLedger()
        let ledger = try Ledger(path: temporary.path, create: true)
        try importRecords(ledger, [record(name: "张三")])
        let conflicts = try ledger.importing { session in
            try session.beginBatch(sampleFile)
            try session.add(record(name: "张叁", title: "新培训"), row: 7)
            return (session.nameConflicts, keep: true)
        }
        #expect(conflicts.map(\.newName) == ["张叁"])
        #expect(conflicts.first?.knownNames == ["张三"])
        #expect(conflicts.first?.row == 7)
        let people = try ledger.people()
        #expect(people.count == 1)
        #expect(people.first?.names == ["张三", "张叁"])
        #expect(try ledger.counts().records == 2)
    }

    @Test("an import that is not kept writes nothing, not even its batch")
    func rollback() throws {
        let temporary = TemporaryLedger()
        let ledger = try Ledger(path: temporary.path, create: true)
        try importRecords(ledger, [record()])
        try importRecords(ledger, [record(title: "不会写入")], keep: false)
        #expect(try ledger.counts() == (records: 1, people: 1, units: 1, batches: 1))
    }

    @Test("a failure in the middle of an import leaves the ledger as it was")
    func failureMidway() throws {
        struct Boom: Error {}
        let temporary = TemporaryLedger()
        let ledger = try Ledger(path: temporary.path, create: true)
        try importRecords(ledger, [record()])
        #expect(throws: Boom.self) {
            try ledger.importing { session -> (Void, keep: Bool) in
                try session.beginBatch(sampleFile)
                try session.add(record(title: "写了一半"), row: 2)
                try session.add(record("330106198811110016", name: "李四"), row: 3)
                throw Boom()
            }
        }
        let reopened = try Ledger(path: temporary.path, create: false)
        #expect(try reopened.counts() == (records: 1, people: 1, units: 1, batches: 1))
    }

    @Test("two records whose key digests collide are both kept, each once")
    func digestCollision() throws {
        let temporary = TemporaryLedger()
        let ledger = try Ledger(path: temporary.path, create: true)
        try importRecords(ledger, [record(title: "占位")])
        // Make the stored record sit in the slot of another record's digest, as a collision would.
        let other = record(title: "碰撞的记录")
        try ledger.database.write { db in
            try db.execute(sql: "UPDATE records SET record_key = ?", arguments: [other.key.digest])
        }
        #expect(try importRecords(ledger, [other]) == [.inserted])
        #expect(try importRecords(ledger, [other]) == [.duplicate])
        #expect(try ledger.counts().records == 2)
    }

    @Test("two imports at once: the second waits for the first rather than failing")
    func concurrentImports() throws {
        let temporary = TemporaryLedger()
        let first = try Ledger(path: temporary.path, create: true)
        let second = try Ledger(path: temporary.path, create: true)
        let started = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var firstError: Error?
        Thread.detachNewThread {
            do {
                try first.importing { session -> (Void, keep: Bool) in
                    try session.beginBatch(sampleFile)
                    try session.add(record(title: "第一个导入"), row: 2)
                    started.signal()
                    Thread.sleep(forTimeInterval: 0.5)
                    return ((), keep: true)
                }
            } catch { firstError = error }
            finished.signal()
        }
        started.wait()
        #expect(try importRecords(second, [record(title: "第二个导入")]) == [.inserted])
        finished.wait()
        #expect(firstError == nil)
        #expect(try second.counts().records == 2)
    }

    @Test("records are written a chunk at a time in key order, with the same outcomes as one by one in file order")
    func chunks() throws {
        let temporary = TemporaryLedger()
        let ledger = try Ledger(path: temporary.path, create: true)
        // More than a chunk: duplicates within a chunk, across the chunk boundary, and a later
        // decision on a pending record that sits in the next chunk.
        let count = ImportSession.chunkSize + 1000
        var records = (0..<count).map { record(title: "培训 \($0)", status: $0 == 5 ? .pending : .approved) }
        records.append(record(title: "培训 7"))                        // a duplicate in the second chunk
        records.append(record(title: "培训 5", status: .rejected))      // a decision on row 5, in the second chunk
        records.insert(record(title: "培训 3"), at: 10)                 // a duplicate in the same chunk
        let counts = try ledger.importing { session -> (BatchCounts, keep: Bool) in
            try session.beginBatch(sampleFile)
            // The session writes each full chunk on its own, and the rest at the end of the batch.
            for (index, record) in records.enumerated() { try session.add(record, row: index + 2) }
            return (try session.finishBatch(sha256: "ab", rows: records.count, rejected: 0), keep: true)
        }
        #expect(counts.inserted == count)
        #expect(counts.duplicates == 3)
        #expect(counts.updated == 1)
        #expect(try ledger.counts().records == count)
        let five = try ledger.records().filter { $0.record.title == "培训 5" }
        #expect(five.map(\.record.status) == [.rejected])
        // Provenance is each record's own row, whatever order the chunk was written in.
        let stored = try ledger.records().first { $0.record.title == "培训 12345" }
        #expect(stored?.row == records.firstIndex(of: record(title: "培训 12345"))! + 2)
    }

    @Test("the codes bound from static strings are the values' own codes")
    func codes() {
        for category in XueshiModel.Category.allCases { #expect(ledgerCode(category).description == category.rawValue) }
        for status in RecordStatus.allCases { #expect(ledgerCode(status).description == status.rawValue) }
        for form in LearningForm.allCases { #expect(ledgerCode(form).description == form.rawValue) }
    }

    @Test("a person's unit is the one on their most recent record")
    func unitOfMostRecentRecord() throws {
        let temporary = TemporaryLedger()
        let ledger = try Ledger(path: temporary.path, create: true)
        try importRecords(ledger, [
            record(unit: "旧单位", year: 2023, title: "a"),
            record(unit: "新单位", year: 2025, title: "b", end: 20250301),
            record(unit: "同年较早", year: 2025, title: "c", end: 20250201),
        ])
        #expect(try ledger.people().map(\.unit) == ["新单位"])
        // Same year and end date: the later import wins.
        try importRecords(ledger, [record(unit: "最后导入", year: 2025, title: "d", end: 20250301)])
        #expect(try ledger.people().map(\.unit) == ["最后导入"])
    }
}

@Suite("Ledger migrations")
struct MigrationTests {
    @Test("a ledger made before people kept their unit gets it from their most recent record")
    func currentUnitBackfill() throws {
        let temporary = TemporaryLedger()
        let queue = try DatabaseQueue(path: temporary.path)
        try Ledger.migrator.migrate(queue, upTo: "v2: exemptions")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO units (id, name) VALUES (1, '旧单位'), (2, '新单位');
                INSERT INTO people (id, resident_id, name) VALUES (1, '330102198503124568', '张三');
                INSERT INTO batches (id, imported_at, file_name, file_size, sha256, kind, profile, header_row)
                    VALUES (1, 'now', 'a.csv', 1, 'x', 'csv', 'p', 1);
                INSERT INTO records (record_key, person_id, year, category, title, end_date, hours, status, name, unit_id, batch_id, source_row)
                    VALUES (1, 1, 2023, 'professional', 'a', 20230301, 800, 'approved', '张三', 1, 1, 2),
                           (2, 1, 2025, 'professional', 'b', 20250301, 800, 'approved', '张三', 2, 1, 3),
                           (3, 1, 2024, 'professional', 'c', 20241201, 800, 'approved', '张三', 1, 1, 4);
                """)
        }
        let ledger = try Ledger(path: temporary.path, create: false)
        #expect(try ledger.people().map(\.unit) == ["新单位"])
    }
}
