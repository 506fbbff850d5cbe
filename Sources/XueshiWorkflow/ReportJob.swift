import Foundation
import Logging
import XueshiModel
import XueshiReport
import XueshiVerify

/// Where a rendered report goes.
public enum ReportDestination: Sendable, Equatable {
    case standardOutput
    /// A file, written under a temporary name and renamed into place; owner-only when it holds whole IDs.
    case file(String)
    /// Kept in memory, for a delivery.
    case memory
}

/// A report as rendered: its format, and its bytes when it was kept in memory.
public struct RenderedReport: Sendable {
    public var format: ReportFormat
    public var data: Data?
    /// The file it was written to.
    public var path: String?
}

/// The render use case: a summary or statements to a destination in one format. How a file is
/// written (atomically, owner-only where whole IDs are in it) lives here, for every front end.
public struct ReportJob: Sendable {
    public var format: ReportFormat
    /// A user's template text (HTML, Markdown), instead of the built-in one.
    public var template: String?
    /// The terminal's width, to fit text tables to it; nil for the full table.
    public var width: Int?
    /// `report units --by department`: the table, CSV and JSON list each department of each unit (the
    /// workbook and the web page have a department sheet and section whenever a roster gives departments).
    public var byDepartment = false

    static let logger = Logger(label: "xueshi.report")

    public init(format: ReportFormat, template: String? = nil, width: Int? = nil) {
        self.format = format; self.template = template; self.width = width
    }

    /// The formats of each report.
    public static let unitFormats: [ReportFormat] = [.table, .csv, .json, .markdown, .html, .xlsx]
    public static let statementFormats: [ReportFormat] = [.table, .html, .json]

    /// Reads a template file's text.
    public static func template(at path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw WorkflowError.templateUnreadable(path) }
        return String(decoding: data, as: UTF8.self)
    }

    /// The per-unit report.
    @discardableResult
    public func renderUnits(_ summary: Summary, to destination: ReportDestination) throws -> RenderedReport {
        let ownerOnly = summary.context.revealIDs
        switch format {
        case .table:
            return try emit(Data((TextTable.fold(UnitsText.table(summary, width: width, byDepartment: byDepartment), width: width) + "\n").utf8),
                            to: destination, ownerOnly: ownerOnly)
        case .csv: return try emit(UnitsText.csv(summary, byDepartment: byDepartment), to: destination, ownerOnly: ownerOnly)
        case .json: return try emit(try UnitsText.json(summary, byDepartment: byDepartment), to: destination, ownerOnly: ownerOnly)
        case .markdown:
            var summary = summary
            summary.departmentsInMarkdown = byDepartment
            return try emit(Data(try TemplateReport.render(summary, kind: .unitsMarkdown, template: template).utf8), to: destination, ownerOnly: ownerOnly)
        case .html:
            return try emit(Data(try TemplateReport.render(summary, kind: .unitsHTML, template: template).utf8), to: destination, ownerOnly: ownerOnly)
        case .xlsx:
            return try emitFile(to: destination, ownerOnly: ownerOnly) { try XLSXReport.write(summary, to: $0) }
        }
    }

    /// The reconciliation of rosters and records (`xueshi reconcile`).
    @discardableResult
    public func renderReconcile(_ report: ReconcileReport, to destination: ReportDestination) throws -> RenderedReport {
        let ownerOnly = report.revealIDs
        switch format {
        case .table: return try emit(Data(report.text(width: width).utf8), to: destination, ownerOnly: ownerOnly)
        case .csv: return try emit(report.csv(), to: destination, ownerOnly: ownerOnly)
        case .json: return try emit(report.json(), to: destination, ownerOnly: ownerOnly)
        case .markdown: return try emit(Data(report.markdown().utf8), to: destination, ownerOnly: ownerOnly)
        case .html: return try emit(Data(try TemplateReport.render(report, template: template).utf8), to: destination, ownerOnly: ownerOnly)
        case .xlsx: return try emitFile(to: destination, ownerOnly: ownerOnly) { try XLSXReport.write(report, to: $0) }
        }
    }

    /// People's statements (`report person`, `check`): `statements` holds each person with their
    /// records (`CheckResult.statements`), in the order of `result.verdicts`.
    @discardableResult
    public func renderStatements(_ statements: Summary, result: CheckResult, to destination: ReportDestination) throws -> RenderedReport {
        let reveal = statements.context.revealIDs
        switch format {
        case .table:
            var text = VerdictText.heading(result.policy, asOf: result.asOf) + "\n"
            if result.verdicts.count > 1 { text += "这些文件里有 \(result.verdicts.count) 个人的记录，逐一核查如下。\n" }
            let records = Dictionary(statements.people.map { ($0.id, $0.records) }, uniquingKeysWith: { first, _ in first })
            for verdict in result.verdicts {
                text += "\n" + StatementText.render(verdict, records: records[verdict.id] ?? [], reveal: reveal, width: width) + "\n"
            }
            return try emit(Data(TextTable.fold(text, width: width).utf8), to: destination, ownerOnly: reveal)
        case .html:
            return try emit(Data(try TemplateReport.render(statements, kind: .personHTML, template: template).utf8), to: destination, ownerOnly: reveal)
        case .json:
            let records = Dictionary(statements.people.map { ($0.id, $0.records) }, uniquingKeysWith: { first, _ in first })
            return try emitStream(to: destination, ownerOnly: reveal) { sink in
                VerdictsJSON.write(policy: result.policy, asOf: result.asOf, verdicts: result.verdicts, reveal: reveal,
                                   records: records, to: sink)
            }
        default:
            throw WorkflowError.formatNotOffered(format, offered: Self.statementFormats)
        }
    }

    /// Verdicts as `verify` shows them: a table, or JSON (INTERFACE.md) streamed as it is made.
    @discardableResult
    public func renderVerdicts(_ result: CheckResult, revealIDs: Bool, to destination: ReportDestination) throws -> RenderedReport {
        switch format {
        case .json:
            return try emitStream(to: destination, ownerOnly: revealIDs) { sink in
                VerdictsJSON.write(policy: result.policy, asOf: result.asOf, verdicts: result.verdicts, reveal: revealIDs, to: sink)
            }
        case .table:
            let text = VerdictText.heading(result.policy, asOf: result.asOf) + "\n"
                + VerdictText.table(result.verdicts, policy: result.policy, reveal: revealIDs, width: width) + "\n"
                + VerdictText.summary(result.verdicts) + "\n"
            return try emit(Data(TextTable.fold(text, width: width).utf8), to: destination, ownerOnly: revealIDs)
        default:
            throw WorkflowError.formatNotOffered(format, offered: [.table, .json])
        }
    }

    // MARK: - Writing

    private func emit(_ data: Data, to destination: ReportDestination, ownerOnly: Bool) throws -> RenderedReport {
        switch destination {
        case .standardOutput:
            let sink = ReportSink.standardOutput()
            sink.write(data)
            if let failure = sink.failure { throw FileWriteError(path: "标准输出", errno: failure) }
            return RenderedReport(format: format, data: nil, path: nil)
        case .memory:
            return RenderedReport(format: format, data: data, path: nil)
        case .file(let path):
            try AtomicFile.write(data, to: path, ownerOnly: ownerOnly)
            Self.logger.info("report written", metadata: ["format": "\(format.rawValue)"])
            return RenderedReport(format: format, data: nil, path: path)
        }
    }

    /// A report that streams into a sink (large JSON).
    private func emitStream(to destination: ReportDestination, ownerOnly: Bool, _ write: (ReportSink) -> Void) throws -> RenderedReport {
        switch destination {
        case .standardOutput:
            let sink = ReportSink.standardOutput()
            write(sink)
            if let failure = sink.failure { throw FileWriteError(path: "标准输出", errno: failure) }
            return RenderedReport(format: format, data: nil, path: nil)
        case .memory:
            let sink = ReportSink.memory()
            write(sink)
            return RenderedReport(format: format, data: sink.data, path: nil)
        case .file(let path):
            var file = try AtomicFile(path: path, ownerOnly: ownerOnly)
            try file.fill { temporary in
                let descriptor = open(temporary, O_WRONLY | O_TRUNC)
                guard descriptor >= 0 else { throw FileWriteError(path: path, errno: errno) }
                defer { close(descriptor) }
                let sink = ReportSink.descriptor(descriptor)
                write(sink)
                if let failure = sink.failure { throw FileWriteError(path: path, errno: failure) }
            }
            try file.commit()
            return RenderedReport(format: format, data: nil, path: path)
        }
    }

    /// A report that a library writes to a file by path (xlsx).
    private func emitFile(to destination: ReportDestination, ownerOnly: Bool, _ write: (String) throws -> Void) throws -> RenderedReport {
        switch destination {
        case .standardOutput:
            throw WorkflowError.needsFile(format)
        case .memory:
            // Written to a private temporary file, read back, removed.
            let folder = NSTemporaryDirectory()
            var file = try AtomicFile(path: folder + "/xueshi-report-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).\(format.extensions[0])", ownerOnly: true)
            defer { file.discard() }
            var data = Data()
            try file.fill { temporary in
                try write(temporary)
                data = try Data(contentsOf: URL(fileURLWithPath: temporary))
            }
            return RenderedReport(format: format, data: data, path: nil)
        case .file(let path):
            var file = try AtomicFile(path: path, ownerOnly: ownerOnly)
            try file.fill(write)
            try file.commit()
            return RenderedReport(format: format, data: nil, path: path)
        }
    }
}
