import Foundation
import Mustache
import XueshiModel

/// The reports that a person reads or prints (HTML) or posts in a chat (Markdown), laid out by Mustache
/// templates that users may copy and edit: the built-in ones are the files in Reports/, embedded in
/// the binary; `--template PATH` passes the user's copy as text.
///
/// The values a template sees are plain: strings already formatted (hours as `Hours.description`,
/// rates as `UnitSummary.rateText`, dates as written), booleans for conditions and arrays of
/// dictionaries for lists; the top of each built-in template lists them. `{{name}}` escapes what it
/// inserts (HTML in the HTML reports, Markdown and HTML in the Markdown report); the one raw value,
/// `{{{chartSVG}}}`, is drawn here with every text in it escaped.
public enum TemplateReport {
    public enum Kind: String, Sendable, CaseIterable {
        case unitsHTML
        case unitsMarkdown
        case personHTML
        case reconcileHTML

        /// The built-in template's path in the project, and in the binary.
        public var templatePath: String {
            switch self {
            case .unitsHTML: return "Reports/units.html.mustache"
            case .unitsMarkdown: return "Reports/units.md.mustache"
            case .personHTML: return "Reports/person.html.mustache"
            case .reconcileHTML: return "Reports/reconcile.html.mustache"
            }
        }
    }

    /// Why a report could not be rendered, in words for the user; `line` and `column` locate a mistake
    /// in the template.
    public struct TemplateError: Error, Equatable, Sendable, CustomStringConvertible {
        public var message: String
        public var line: Int?
        public var column: Int?

        public init(message: String, line: Int? = nil, column: Int? = nil) {
            self.message = message; self.line = line; self.column = column
        }

        public var description: String { message }
    }

    /// At most this many units in the chart of the HTML report (the lowest rates); the table lists all.
    public static let chartUnitLimit = 50
    /// The Markdown report lists this many units with the lowest rates…
    public static let markdownUnitLimit = 10
    /// …and this many people not meeting, then "…还有 N 人".
    public static let markdownPeopleLimit = 20

    /// The built-in template's text, as users copy it.
    public static func builtInTemplate(_ kind: Kind) -> String {
        EmbeddedResources.text(kind.templatePath) ?? ""
    }

    /// Renders with the built-in template (Reports/…), or with `template` text (the user's copy,
    /// --template PATH). For `.personHTML`, `summary.people` holds the person (several print one after
    /// the other, a page each).
    public static func render(_ summary: Summary, kind: Kind, template: String? = nil) throws -> String {
        let text = template ?? builtInTemplate(kind)
        if template == nil && text.isEmpty {
            throw TemplateError(message: "内置模板 \(kind.templatePath) 缺失：程序构建不完整，请重新构建")
        }
        let parsed = try parse(text, kind: kind, builtIn: template == nil)
        let values: [String: Any]
        switch kind {
        case .unitsHTML: values = unitsHTMLValues(summary)
        case .unitsMarkdown: values = unitsMarkdownValues(summary, peopleLimit: markdownPeopleLimit)
        case .personHTML:
            guard !summary.people.isEmpty else { throw TemplateError(message: "没有可以出具核对单的人员") }
            values = personValues(summary)
        case .reconcileHTML:
            throw TemplateError(message: "对账报告要用 render(_:template:) 生成")
        }
        return parsed.render(values)
    }

    /// The reconciliation (`xueshi reconcile --format html`), with the built-in template or the user's.
    public static func render(_ report: ReconcileReport, template: String? = nil) throws -> String {
        let kind = Kind.reconcileHTML
        let text = template ?? builtInTemplate(kind)
        if template == nil && text.isEmpty {
            throw TemplateError(message: "内置模板 \(kind.templatePath) 缺失：程序构建不完整，请重新构建")
        }
        let r = report.reconciliation
        let idColumns: Set<String> = ["身份证号"]
        let values: [String: Any] = [
            "heading": report.heading, "overview": report.overview, "generatedAt": report.generatedAt,
            "asOf": r.asOf.description, "policy": r.policy, "yearsText": r.years.map(String.init).joined(separator: "、"),
            "idsRevealed": report.revealIDs,
            "idNote": report.revealIDs ? "本报告含完整身份证号，请妥善保管。" : "身份证号已隐去中间几位。",
            "clean": r.isClean,
            "counts": report.sections.map { ["title": $0.title, "count": $0.rows.count] as [String: Any] },
            "sections": report.nonEmptySections.map { section -> [String: Any] in
                [
                    "key": section.key, "title": section.title, "advice": section.advice, "count": section.rows.count,
                    "headers": section.headers.enumerated().map { ["header": $0.element, "numeric": section.numeric.contains($0.offset)] as [String: Any] },
                    "rows": section.rows.map { row in
                        ["cells": row.enumerated().map { index, text in
                            ["text": text, "numeric": section.numeric.contains(index),
                             "isID": idColumns.contains(section.headers[index])] as [String: Any]
                        }] as [String: Any]
                    },
                ]
            },
        ]
        return try parse(text, kind: kind, builtIn: template == nil).render(values)
    }

    /// The Markdown report for a chat message of at most `maxBytes` bytes of UTF-8: as many of the
    /// people not meeting as fit are listed, the rest counted in the template's "…等 N 人" line. Only
    /// when even the report without anyone listed is longer is it cut at a line.
    public static func fittedMarkdown(_ summary: Summary, template: String? = nil, maxBytes: Int) throws -> String {
        try MarkdownFitter(summary, template: template).text(maxBytes: maxBytes)
    }

    /// The same, prepared once for several sizes (a robot's message, a mail's body): the template is
    /// parsed once, and a person's line is made once, when a text first needs it — a message of 4 KB
    /// needs a few hundred of a city's tens of thousands of people.
    public final class MarkdownFitter: @unchecked Sendable {
        private let parsed: MustacheTemplate
        private let base: [String: Any]
        private let people: [PersonLine]
        private let context: ReportContext
        // Deliveries run at once, each asking for its size: the lines made so far, under a lock.
        private let lock = NSLock()
        private var rows: [[String: Any]] = []

        public init(_ summary: Summary, template: String? = nil) throws {
            let text = template ?? TemplateReport.builtInTemplate(.unitsMarkdown)
            parsed = try TemplateReport.parse(text, kind: .unitsMarkdown, builtIn: template == nil)
            base = TemplateReport.unitsMarkdownValues(summary, peopleLimit: 0)
            people = summary.notMeeting
            context = summary.context
        }

        public func text(maxBytes: Int) -> String {
            let lines = self.lines(min(people.count, maxBytes / 16))
            return ChatText.fitted(total: people.count, maxBytes: maxBytes) { count in render(lines, listing: count) }
        }

        /// The first `count` people's lines (no more are ever listed: a line is at least 16 bytes).
        private func lines(_ count: Int) -> [[String: Any]] {
            lock.withLock {
                while rows.count < count { rows.append(TemplateReport.markdownPersonRow(people[rows.count], context: context)) }
                return Array(rows.prefix(count))
            }
        }

        private func render(_ lines: [[String: Any]], listing count: Int) -> String {
            var values = base
            values["notMeetingPeople"] = Array(lines.prefix(count))
            values["hasNotMeetingPeople"] = count > 0
            values["listedCount"] = "\(count)"
            values["morePeople"] = "\(people.count - count)"
            values["hasMorePeople"] = people.count > count
            return parsed.render(values)
        }
    }

    /// The Markdown report's template starts with this line, whatever the user's copy says, so that
    /// `{{name}}` escapes for Markdown there rather than for HTML.
    static let markdownPragma = "{{% CONTENT_TYPE: \(MarkdownContentType.name)}}\n"

    static func parse(_ text: String, kind: Kind, builtIn: Bool) throws -> MustacheTemplate {
        var source = text
        var lineOffset = 0
        if kind == .unitsMarkdown {
            MarkdownContentType.register()
            source = markdownPragma + text
            lineOffset = 1
        }
        do {
            return try MustacheTemplate(string: source)
        } catch let error as MustacheTemplate.ParserError {
            let line = max(1, error.context.lineNumber - lineOffset)
            let column = error.context.columnNumber
            let which = builtIn ? "内置模板 \(kind.templatePath) " : "模板"
            var excerpt = Text.trim(error.context.line)
            if excerpt.count > 80 { excerpt = String(excerpt.prefix(80)) + "…" }
            throw TemplateError(
                message: "\(which)第 \(line) 行第 \(column) 列：\(explain(error.error))" + (excerpt.isEmpty ? "" : "：\(excerpt)"),
                line: line, column: column)
        } catch {
            throw TemplateError(message: "模板无法解析：\(error)")
        }
    }

    /// A parser error in words.
    static func explain(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
        switch error {
        case .sectionCloseNameIncorrect: return "区段的结束标签 {{/…}} 与开始标签 {{#…}} 的名称不一致"
        case .unfinishedName: return "标签没有闭合，或名称中有不允许的字符"
        case .expectedSectionEnd: return "区段缺少结束标签 {{/…}}"
        case .invalidSetDelimiter: return "分隔符设置 {{=… …=}} 的写法有误"
        case .transformAppliedToInheritanceSection, .illegalTokenInsideInheritSection, .textInsideInheritSection:
            return "模板继承 {{<…}} 的写法有误"
        case .invalidConfigVariableSyntax: return "设置标签 {{%…}} 的写法有误"
        case .unrecognisedConfigVariable:
            return "不认识的设置；可用的只有 {{% CONTENT_TYPE: HTML}}、TEXT 与 \(MarkdownContentType.name)"
        }
    }
}
