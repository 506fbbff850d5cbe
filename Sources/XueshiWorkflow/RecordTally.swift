import Foundation
import XueshiLedger
import XueshiModel

/// A one-step check's records, kept in memory instead of a ledger: each record once (a hash set of
/// natural-key digests), with the import's rules for a record met again (a later decision replaces the
/// stored status unless its export is older; "pending" never undoes a decision), then summed per person,
/// year, category and status as the ledger's query sums them. A million rows take about 60 MB.
///
/// Written for `check --json`, the analyst's one-shot check of a city's export: no database is made.
/// Distinct records whose 64-bit key digests collide (about one in 10^8 for a million rows) would be
/// counted once; the ledger tells them apart.
final class RecordTally: RecordSink {
    private struct Stored {
        var person: Int32
        var year: Int16
        var category: UInt8
        /// 0: no form; else its place in `LearningForm.allCases` plus one.
        var form: UInt8
        var status: RecordStatus
        /// The batch that set the status (for the export time that orders decisions).
        var statusBatch: Int32
        var hundredths: Int64
        var counted: Int32
    }

    private struct Person {
        var id: String
        var name: String
        var unit: String
        var unitRank: Int64
    }

    private var stored: [Stored] = []
    private var byDigest: [Int64: Int32] = [:]
    private var people: [Person] = []
    private var personIndex: [Int64: Int32] = [:]
    /// Export times of the batches (nil: not known), by batch number.
    private var exportedAt: [String?] = []
    private var counts = BatchCounts()
    private(set) var batchID: Int64 = 0
    /// Every record whole, with its file and row, for statements (`keepsRecords`); in step with `stored`.
    private(set) var records: [StoredRecord] = []
    let keepsRecords: Bool
    private var fileName = ""

    /// `keepsRecords`: keep each record whole, for a statement that lists them (an applicant's file);
    /// the verdicts alone need only the sums.
    init(keepsRecords: Bool = false) {
        self.keepsRecords = keepsRecords
    }

    func beginBatch(_ file: BatchFile) throws {
        fileName = file.fileName
        exportedAt.append(file.exportedAt)
        batchID = Int64(exportedAt.count)
        counts = BatchCounts()
    }

    func add(_ batch: RecordBatch) throws {
        let base = batch.base
        let batchNumber = Int32(batchID)
        for (position, entry) in batch.entries.enumerated() {
            let person = self.person(for: entry, at: base)
            if let index = byDigest[entry.digest] {
                counts.duplicates += 1
                let existing = stored[Int(index)]
                guard existing.status != entry.status && entry.status != .pending else { continue }
                if let decidedBy = exportedAt[Int(existing.statusBatch) - 1], let this = exportedAt[Int(batchNumber) - 1], this < decidedBy {
                    counts.olderDecisions += 1
                    continue
                }
                stored[Int(index)].status = entry.status
                stored[Int(index)].statusBatch = batchNumber
                if keepsRecords { records[Int(index)].record.status = entry.status }
                counts.updated += 1
                continue
            }
            byDigest[entry.digest] = Int32(stored.count)
            stored.append(Stored(person: person, year: Int16(entry.year), category: UInt8(Category.allCases.firstIndex(of: entry.category)!),
                                 form: entry.form.map { UInt8(LearningForm.allCases.firstIndex(of: $0)! + 1) } ?? 0,
                                 status: entry.status, statusBatch: batchNumber, hundredths: entry.hours.hundredths,
                                 counted: entry.countedDate))
            counts.inserted += 1
            if keepsRecords {
                records.append(StoredRecord(record: batch.record(at: position), batchID: batchID, fileName: fileName, row: entry.row))
            }
            // The unit on the person's most recent record: latest year, then latest end, then latest import.
            let rank = Int64(entry.year) * 100_000_000_000_000 + Int64(entry.end) * 1_000_000 + batchID
            if rank >= people[Int(person)].unitRank {
                people[Int(person)].unitRank = rank
                people[Int(person)].unit = String(decoding: RecordBatch.bytes(entry.unit, at: base)!, as: UTF8.self)
            }
        }
    }

    private func person(for entry: RecordBatch.Entry, at base: UnsafePointer<UInt8>) -> Int32 {
        if let index = personIndex[entry.personKey] { return index }
        let index = Int32(people.count)
        personIndex[entry.personKey] = index
        people.append(Person(id: String(decoding: RecordBatch.bytes(entry.id, at: base)!, as: UTF8.self),
                             name: String(decoding: RecordBatch.bytes(entry.name, at: base)!, as: UTF8.self),
                             unit: "", unitRank: -1))
        return index
    }

    /// Internal trainings and rosters are the ledger's: a check reads hour records only.
    func addTraining(_ training: InternalTraining, row: Int) throws -> Bool { false }
    func replaceRoster(_ entries: [(entry: RosterEntry, row: Int)], columns: RosterColumns, markMissingAsLeft: Bool) throws -> RosterCounts {
        RosterCounts()
    }

    func finishBatch(sha256: String, rows: Int, rejected: Int) throws -> BatchCounts { counts }
    func earlierImports(sha256: String, before: Int64?) throws -> [(id: Int64, importedAt: String)] { [] }

    /// The hours of every person in scope, as `Ledger.hours` gives them: records of `years` counted
    /// on or before `asOf`, summed per year, category and status (and form, for the forms in `forms`).
    func hours(years: [Int], asOf: CalendarDate, forms: Set<LearningForm>, scope: CheckScope) -> [PersonHours] {
        let wanted = Set(years.map(Int16.init))
        let limit = Int32(asOf.yyyymmdd)
        let kept = LearningForm.allCases.map(forms.contains)
        struct CellKey: Hashable { var year: Int16; var category: UInt8; var form: UInt8; var status: RecordStatus }
        var sums = [[CellKey: Int64]](repeating: [:], count: people.count)
        for record in stored where wanted.contains(record.year) && record.counted <= limit {
            let form = record.form > 0 && kept[Int(record.form) - 1] ? record.form : 0
            sums[Int(record.person)][CellKey(year: record.year, category: record.category, form: form, status: record.status), default: 0] += record.hundredths
        }
        var result: [PersonHours] = []
        for (index, person) in people.enumerated() {
            switch scope {
            case .everyone: break
            case .unit(let unit): if person.unit != unit { continue }
            case .person(let id): if person.id != id.value { continue }
            }
            let cells = sums[index].map { key, hundredths in
                HoursCell(year: Int(key.year), category: Category.allCases[Int(key.category)],
                          form: key.form == 0 ? nil : LearningForm.allCases[Int(key.form) - 1], status: key.status,
                          hours: Hours(hundredths: hundredths))
            }
            result.append(PersonHours(id: ResidentID(trusted: person.id), name: person.name, unit: person.unit, cells: cells))
        }
        return result
    }
}
