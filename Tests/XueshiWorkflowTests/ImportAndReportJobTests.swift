import Foundation
import Testing
import XueshiLedger
import XueshiModel
import XueshiReport
import XueshiVerify
@testable import XueshiWorkflow

@Suite("Import: once and exactly once, all or nothing")
struct ImportJobTests {
    static let badRow = "12,坏行,330106198803124515,之江实验室,2024,专业科目,面授培训,x,y,2024-01-01,2024-01-01,8,已审核\n"

    @Test("a refused import into a ledger that did not exist leaves no ledger and no companion files")
    func refusedLeavesNothing() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let file = try scratch.write("bad.csv", Exports.mixed + Self.badRow)
        let ledger = scratch.path("新的/学时库.sqlite")
        let report = try scratch.importFiles([file], into: ledger)
        #expect(!report.succeeded && !report.written)
        #expect(report.errors.first?.row == 13, "the row as a spreadsheet shows it")
        let left = (try? FileManager.default.contentsOfDirectory(atPath: scratch.path("新的"))) ?? []
        #expect(left.isEmpty, "\(left)")
    }

    @Test("skipping invalid rows imports the rest and names the skipped")
    func skipInvalid() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let file = try scratch.write("bad.csv", Exports.mixed + Self.badRow)
        let report = try scratch.importFiles([file], into: scratch.path("l.sqlite"), skipInvalid: true)
        #expect(report.succeeded && report.written)
        #expect(report.inserted == 11 && report.rejected == 1)
        #expect(try Ledger(path: scratch.path("l.sqlite"), create: false).counts().records == 11)
    }

    @Test("the same file twice adds nothing the second time")
    func exactlyOnce() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let file = try scratch.write("e.csv", Exports.mixed)
        let ledger = scratch.path("l.sqlite")
        #expect(try scratch.importFiles([file], into: ledger).inserted == 11)
        let again = try scratch.importFiles([file], into: ledger)
        #expect(again.inserted == 0 && again.duplicates == 11)
        #expect(again.files.first?.importedBefore.isEmpty == false)
    }

    @Test("a dry run on a missing ledger creates nothing")
    func dryRun() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let file = try scratch.write("e.csv", Exports.mixed)
        let report = try scratch.importFiles([file], into: scratch.path("l.sqlite"), dryRun: true)
        #expect(report.inserted == 11 && !report.written)
        #expect(!FileManager.default.fileExists(atPath: scratch.path("l.sqlite")))
    }
}

@Suite("People by ID or by name")
struct PersonLookupTests {
    @Test("a name held by one person finds them; by several, each is listed; an unknown one is an error")
    func byName() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let file = try scratch.write("e.csv", Exports.mixed.replacingOccurrences(of: "王芳", with: "李娜"))
        try scratch.importFiles([file], into: scratch.path("l.sqlite"))
        let ledger = try Ledger(path: scratch.path("l.sqlite"), create: false)
        #expect(try PersonLookup.find("张伟", in: ledger) == IDs.zhang)
        #expect(try PersonLookup.find(IDs.zhang.value, in: ledger) == IDs.zhang)
        #expect(try PersonLookup.find(" 张伟 ", in: ledger) == IDs.zhang)
        do {
            _ = try PersonLookup.find("李娜", in: ledger)
            Issue.record("a shared name must not pick one of them")
        } catch WorkflowError.ambiguousName(_, let matches) {
            #expect(Set(matches.map(\.id)) == [IDs.wang, IDs.li])
        }
        #expect(throws: WorkflowError.self) { try PersonLookup.find("赵六", in: ledger) }
        #expect(throws: WorkflowError.self) { try PersonLookup.find("330106198803124515", in: ledger) }
    }
}

@Suite("Render: the format follows the file, nothing half-written")
struct ReportJobTests {
    @Test("the format follows the extension; a contradiction, an unknown extension and xlsx to standard output are refused",
          arguments: [
              (nil, "学时汇总.xlsx", ReportFormat.xlsx), (nil, "a.HTM", .html), (nil, "a.md", .markdown), (nil, "a.txt", .table),
              (nil, "报表", .table), (ReportFormat.csv, "a.csv", .csv), (ReportFormat.json, nil, .json),
          ] as [(ReportFormat?, String?, ReportFormat)])
    func resolves(requested: ReportFormat?, output: String?, expected: ReportFormat) throws {
        #expect(try ReportFormat.resolve(requested: requested, output: output, offered: ReportJob.unitFormats) == expected)
    }

    @Test("refusals", arguments: [
        (ReportFormat.csv, "学时汇总.xlsx"), (nil, "报表.pdf"), (ReportFormat.xlsx, nil), (ReportFormat.markdown, "a.md"),
    ] as [(ReportFormat?, String?)])
    func refuses(requested: ReportFormat?, output: String?) {
        #expect(throws: WorkflowError.self) {
            try ReportFormat.resolve(requested: requested, output: output, offered: ReportJob.statementFormats)
        }
    }

    static func summary(_ scratch: Scratch, reveal: Bool) throws -> Summary {
        let file = try scratch.write("e.csv", Exports.mixed)
        try scratch.importFiles([file], into: scratch.path("l.sqlite"))
        let ledger = try Ledger(path: scratch.path("l.sqlite"), create: false)
        return try CheckJob(policy: Policies.cappedOnline, asOf: CheckJobTests.asOf).run(on: ledger).summary(revealIDs: reveal)
    }

    @Test("a file in a folder that does not exist is written, owner-only when it holds whole IDs")
    func fileInNewFolder() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let summary = try Self.summary(scratch, reveal: true)
        let path = scratch.path("报表/2024/学时汇总.csv")
        try ReportJob(format: .csv).renderUnits(summary, to: .file(path))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains(IDs.zhang.value) || text.contains("之江实验室"))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path("报表/2024")) == ["学时汇总.csv"], "no temporary file left")
    }

    @Test("a report kept in memory for a delivery has the bytes a file would have")
    func memoryEqualsFile() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let summary = try Self.summary(scratch, reveal: false)
        for format in [ReportFormat.csv, .json, .markdown, .html] {
            let kept = try ReportJob(format: format).renderUnits(summary, to: .memory)
            let path = scratch.path("r." + format.extensions[0])
            try ReportJob(format: format).renderUnits(summary, to: .file(path))
            #expect(kept.data == FileManager.default.contents(atPath: path), "\(format)")
        }
        let xlsx = try ReportJob(format: .xlsx).renderUnits(summary, to: .memory)
        #expect(xlsx.data?.prefix(2) == Data("PK".utf8), "an xlsx is a zip")
    }

    @Test("a failed render leaves an existing file as it was")
    func failedRenderKeepsOld() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let summary = try Self.summary(scratch, reveal: false)
        let path = try scratch.write("r.html", "old")
        #expect(throws: (any Error).self) {
            try ReportJob(format: .html, template: "{{#people}}").renderUnits(summary, to: .file(path))
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
    }
}
