import Foundation
import Testing
import XueshiLedger
import XueshiModel
import XueshiReport
import XueshiVerify
@testable import XueshiWorkflow

@Suite("A check is one value: policy, as-of day and scope, giving verdicts")
struct CheckJobTests {
    static let asOf = CalendarDate(year: 2024, month: 12, day: 1)!

    /// A ledger file holding the mixed export, with 王芳 having started work in 2024.
    static func mixedLedger(_ scratch: Scratch) throws -> Ledger {
        let file = try scratch.write("export.csv", Exports.mixed)
        let path = scratch.path("ledger.sqlite")
        try scratch.importFiles([file], into: path)
        let ledger = try Ledger(path: path, create: false)
        try ledger.setWorkStart(IDs.wang, CalendarDate(year: 2024, month: 1, day: 1)!)
        return ledger
    }

    @Test("the records a statement lists as counted add up to the verifier's counted hours, per person and year")
    func statementsAddUpToVerdicts() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let ledger = try Self.mixedLedger(scratch)
        let result = try CheckJob(policy: Policies.cappedOnline, asOf: Self.asOf).run(on: ledger)
        let statements = try result.statements(from: ledger, revealIDs: false)
        #expect(statements.people.count == 3)
        for person in statements.people {
            let verdict = try #require(result.verdicts.first { $0.id == person.id })
            for year in verdict.years {
                let listed = person.records.filter { $0.year == year.year }.reduce(Hours.zero) { $0 + $1.counted }
                #expect(listed == year.counted, "\(person.name) \(year.year): records \(listed), verdict \(year.counted)")
            }
            #expect(person.records.count == Exports.mixed.split(separator: "\n").filter { $0.contains(person.id.value) }.count,
                    "every record of the person is listed")
        }
    }

    @Test("online hours past the cap are taken from the latest online records")
    func capTakesLatest() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let ledger = try Self.mixedLedger(scratch)
        let result = try CheckJob(policy: Policies.cappedOnline, asOf: Self.asOf).run(on: ledger)
        let zhang = try #require(try result.statements(from: ledger, revealIDs: false).people.first { $0.id == IDs.zhang })
        let first = try #require(zhang.records.first { $0.title == "公需网课一" })
        let second = try #require(zhang.records.first { $0.title == "公需网课二" })
        #expect(first.counted == Hours(20))
        #expect(second.counted == Hours(10))
        #expect(second.fate.contains("超出上限的 10 学时不计"), "\(second.fate)")
        let verdict = try #require(result.verdicts.first { $0.id == IDs.zhang })
        #expect(verdict.years.first { $0.year == 2023 }?.counted == Hours(94))
        #expect(verdict.years.first { $0.year == 2024 }?.counted == Hours(hundredths: 8050))
    }

    @Test("pending, later-than-the-day and not-yet-begun records are listed, with why they do not count")
    func notCountedFates() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let ledger = try Self.mixedLedger(scratch)
        let result = try CheckJob(policy: Policies.cappedOnline, asOf: Self.asOf).run(on: ledger)
        let people = try result.statements(from: ledger, revealIDs: false).people
        let records = people.flatMap(\.records)
        #expect(records.first { $0.title == "待审的研修" }?.fate == "待审核，通过后计入")
        #expect(records.first { $0.title == "核查日之后" }?.fate == "晚于核查日 2024-12-01，不计")
        #expect(records.first { $0.title == "没有日期的课程" }?.fate == "2025 年尚未开始，不计")
        #expect(records.first { $0.title == "入职前的课程" }?.fate.contains("免于核查") == true)
        #expect(records.allSatisfy { $0.sourceFile == "export.csv" && $0.sourceRow >= 2 })
    }

    @Test("a scope of a unit or a person checks only them; an empty scope is an error")
    func scopes() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let ledger = try Self.mixedLedger(scratch)
        let unit = try CheckJob(policy: Policies.cappedOnline, asOf: Self.asOf, scope: .unit("杭州智算科技有限公司")).run(on: ledger)
        #expect(unit.verdicts.map(\.id) == [IDs.wang])
        let person = try CheckJob(policy: Policies.cappedOnline, asOf: Self.asOf, scope: .person(IDs.li)).run(on: ledger)
        #expect(person.verdicts.map(\.id) == [IDs.li])
        #expect(throws: WorkflowError.self) {
            try CheckJob(policy: Policies.cappedOnline, asOf: Self.asOf, scope: .unit("没有这个单位")).run(on: ledger)
        }
    }

    @Test("a check of files reads them into memory and writes nothing to disk")
    func checkOfFiles() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let file = try scratch.write("mine.csv", Exports.mixed + "12,坏行,123,之江实验室,2024,专业科目,面授培训,x,y,2024-01-01,2024-01-01,8,已审核\n")
        let before = try FileManager.default.contentsOfDirectory(atPath: scratch.folder)
        let job = CheckJob(policy: Policies.cappedOnline, asOf: Self.asOf)
        let (result, records, report) = try job.statements(files: [file], reading: ReadingSettings())
        #expect(result.verdicts.count == 3)
        #expect(report.rejected == 1, "the bad row is left out and reported")
        #expect(records.values.map(\.count).reduce(0, +) == 11, "every good row, each once, for the statements")
        let (verdictsOnly, _) = try job.verdicts(files: [file], reading: ReadingSettings())
        #expect(verdictsOnly.verdicts.map(\.id) == result.verdicts.map(\.id))
        #expect(verdictsOnly.verdicts.map(\.status) == result.verdicts.map(\.status))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.folder) == before)
    }

    @Test("people who need action come first")
    func order() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let ledger = try Self.mixedLedger(scratch)
        let result = try CheckJob(policy: Policies.cappedOnline, asOf: Self.asOf).run(on: ledger)
        let ranks = result.verdicts.map(\.status)
        #expect(ranks == ranks.sorted(), "\(ranks)")
    }
}
