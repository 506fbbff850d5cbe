import ArgumentParser
import Foundation
import XueshiLedger
import XueshiModel
import XueshiReport
import XueshiVerify

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "汇总报表：各单位达标情况（终端表格、CSV、Excel、HTML、Markdown、JSON），或某人的学时证明。",
        subcommands: [Units.self, Person.self, Template.self])

    enum UnitsFormat: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json, markdown, html, xlsx
    }

    enum PersonFormat: String, ExpressibleByArgument, CaseIterable {
        case table, html, json
    }

    struct Units: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "各单位汇总：人数、达标、未达标、达标率、学时，以及未达标人员及原因。",
            discussion: """
                例：xueshi report units
                    xueshi report units --format xlsx --output 学时汇总.xlsx
                    xueshi report units --format html --output 学时汇总.html --unit 之江实验室
                    xueshi report units --format markdown        # 适合贴到企业微信、钉钉
                文本格式（table、csv、json、markdown、html）不给 --output 时输出到标准输出；xlsx 必须给 --output。
                """)

        @OptionGroup var ledgerOptions: LedgerOptions
        @OptionGroup var checkOptions: CheckOptions
        @OptionGroup var privacy: PrivacyOptions

        @Option(help: ArgumentHelp("格式：table、csv、json、markdown、html、xlsx。", valueName: "格式"))
        var format: UnitsFormat = .table

        @Option(help: ArgumentHelp("写入这个文件（先写临时文件再改名，不会留下半个文件）。", valueName: "路径"))
        var output: String?

        @Option(help: ArgumentHelp("只汇总这个单位。", valueName: "单位"))
        var unit: String?

        @Option(help: ArgumentHelp("HTML 或 Markdown 用自己的模板（Mustache）；先用 xueshi report template units-html 导出一份内置模板来改。", valueName: "路径"))
        var template: String?

        func validate() throws {
            if format == .xlsx && output == nil {
                throw ValidationError("xlsx 是二进制文件，不能输出到终端：请用 --output 文件名.xlsx 指定要写入的文件")
            }
            if template != nil && format != .html && format != .markdown {
                throw ValidationError("--template 只用于 html 和 markdown 格式")
            }
        }

        func run() throws {
            let policy = try checkOptions.loadPolicy()
            let asOf = checkOptions.day
            let ledger = try ledgerOptions.openExisting()
            let hours: [PersonHours]
            do {
                hours = try ledger.hours(years: policy.years, asOf: asOf, forms: policy.cappedForms,
                                         scope: unit.map { .unit($0) } ?? .everyone)
            } catch { throw Console.failure(error, code: .couldNotCheck) }
            if hours.isEmpty {
                Console.error("错误：" + (unit.map { "单位「\($0)」没有可汇总的人。" } ?? "学时库里没有可汇总的人。"))
                throw ExitCode(Console.Status.couldNotCheck.rawValue)
            }
            let verifier = Verifier(policy: policy, asOf: asOf)
            let summary = Summary(verdicts: hours.map(verifier.verdict), policy: policy, asOf: asOf, revealIDs: privacy.revealIDs)
            let templateText = try template.map(ReportFiles.readTemplate)
            do {
                switch format {
                case .table: try ReportFiles.emit(Data((UnitsText.table(summary) + "\n").utf8), to: output, ownerOnly: privacy.revealIDs)
                case .csv: try ReportFiles.emit(UnitsText.csv(summary), to: output, ownerOnly: privacy.revealIDs)
                case .json: try ReportFiles.emit(try UnitsText.json(summary), to: output, ownerOnly: privacy.revealIDs)
                case .markdown:
                    try ReportFiles.emit(Data(try TemplateReport.render(summary, kind: .unitsMarkdown, template: templateText).utf8), to: output, ownerOnly: privacy.revealIDs)
                case .html:
                    try ReportFiles.emit(Data(try TemplateReport.render(summary, kind: .unitsHTML, template: templateText).utf8), to: output, ownerOnly: privacy.revealIDs)
                case .xlsx:
                    try ReportFiles.writeAtomically(to: output!, ownerOnly: privacy.revealIDs) { temporary in try XLSXReport.write(summary, to: temporary) }
                }
            } catch let exit as ExitCode {
                throw exit
            } catch {
                throw Console.failure(error, code: .couldNotCheck)
            }
            if let output { Console.error("已写入 \(output)") }
        }
    }

    struct Person: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "某人的学时证明：逐年、逐类计入的学时、待审核、差额，以及每条记录。",
            discussion: "例：xueshi report person 330106199001011234 --format html --output 张三学时.html")

        @OptionGroup var ledgerOptions: LedgerOptions
        @OptionGroup var checkOptions: CheckOptions
        @OptionGroup var privacy: PrivacyOptions

        @Argument(help: ArgumentHelp("身份证号。", valueName: "身份证号"))
        var id: String

        @Option(help: ArgumentHelp("格式：table、html、json。", valueName: "格式"))
        var format: PersonFormat = .table

        @Option(help: ArgumentHelp("写入这个文件。", valueName: "路径"))
        var output: String?

        @Option(help: ArgumentHelp("HTML 用自己的模板（Mustache）。", valueName: "路径"))
        var template: String?

        func run() throws {
            let person = try Console.residentID(id)
            let policy = try checkOptions.loadPolicy()
            let asOf = checkOptions.day
            let ledger = try ledgerOptions.openExisting()
            guard let hours = try ledger.hours(years: policy.years, asOf: asOf, forms: policy.cappedForms, scope: .person(person)).first else {
                Console.error("错误：学时库里没有身份证号为 \(person.masked) 的人。")
                throw ExitCode(Console.Status.couldNotCheck.rawValue)
            }
            let verifier = Verifier(policy: policy, asOf: asOf)
            let verdict = verifier.verdict(for: hours)
            let templateText = try template.map(ReportFiles.readTemplate)
            do {
                switch format {
                case .table:
                    let text = VerdictText.heading(policy, asOf: asOf) + "\n\n"
                        + Statement.render(verdict, records: try ledger.records(person: person), verifier: verifier, reveal: privacy.revealIDs)
                    try ReportFiles.emit(Data((text + "\n").utf8), to: output, ownerOnly: privacy.revealIDs)
                case .html:
                    let summary = Summary(verdicts: [verdict], policy: policy, asOf: asOf, revealIDs: privacy.revealIDs)
                    try ReportFiles.emit(Data(try TemplateReport.render(summary, kind: .personHTML, template: templateText).utf8), to: output, ownerOnly: privacy.revealIDs)
                case .json:
                    if let output {
                        Console.error("错误：JSON 只输出到标准输出（可用 > \(output) 重定向）")
                        throw ExitCode(Console.Status.couldNotCheck.rawValue)
                    }
                    VerdictsJSON.write(policy: policy, asOf: asOf, verdicts: [verdict], reveal: privacy.revealIDs)
                }
            } catch let exit as ExitCode {
                throw exit
            } catch {
                throw Console.failure(error, code: .couldNotCheck)
            }
            if let output { Console.error("已写入 \(output)") }
        }
    }
}

extension Report {
    struct Template: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "打印一份内置报表模板（Mustache），以便复制修改后用 --template 指定。",
            discussion: "例：xueshi report template units-html > 我的模板.html，修改后 xueshi report units --format html --template 我的模板.html")

        enum Name: String, ExpressibleByArgument, CaseIterable {
            case unitsHTML = "units-html", unitsMarkdown = "units-markdown", personHTML = "person-html"
            var kind: TemplateReport.Kind {
                switch self {
                case .unitsHTML: return .unitsHTML
                case .unitsMarkdown: return .unitsMarkdown
                case .personHTML: return .personHTML
                }
            }
        }

        @Argument(help: ArgumentHelp("模板：units-html、units-markdown、person-html。", valueName: "模板"))
        var name: Name

        func run() throws {
            print(TemplateReport.builtInTemplate(name.kind), terminator: "")
        }
    }
}

/// Where reports go: standard output, or a file written under a temporary name and renamed into place.
enum ReportFiles {
    /// Writes `data` to `output`, or to standard output when there is none. `ownerOnly` for a file that
    /// holds whole ID numbers: it is then readable by its owner only (0600), like the ledger.
    static func emit(_ data: Data, to output: String?, ownerOnly: Bool = false) throws {
        guard let output else {
            FileHandle.standardOutput.write(data)
            return
        }
        try writeAtomically(to: output, ownerOnly: ownerOnly) { temporary in try data.write(to: URL(fileURLWithPath: temporary)) }
    }

    /// Lets `write` fill a temporary file beside `path`, then renames it to `path`: a reader (or a mail
    /// job picking the file up) never sees half a report. The temporary file is removed on failure.
    static func writeAtomically(to path: String, ownerOnly: Bool = false, _ write: (String) throws -> Void) throws {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = (folder.isEmpty ? "" : folder + "/") + ".\(name).tmp-\(getpid())"
        do {
            if ownerOnly { close(try createOwnerOnly(temporary, for: path)) }
            try write(temporary)
            guard rename(temporary, path) == 0 else {
                throw ReportFileError(description: "无法写入 \(path)：\(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    /// Creates (or empties) `file` readable by its owner only, before anything is written to it, so
    /// that the whole IDs it will hold are never readable by others; returns its descriptor. `path` is
    /// the name errors give (the file the user asked for).
    static func createOwnerOnly(_ file: String, for path: String) throws -> Int32 {
        let descriptor = open(file, O_CREAT | O_TRUNC | O_WRONLY, 0o600)
        guard descriptor >= 0 else {
            throw ReportFileError(description: "无法写入 \(path)：\(String(cString: strerror(errno)))")
        }
        fchmod(descriptor, 0o600)  // an existing file keeps its mode otherwise
        return descriptor
    }

    static func readTemplate(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Console.failure(ReportFileError(description: "无法读取模板文件 \(path)"), code: .couldNotCheck)
        }
        return String(decoding: data, as: UTF8.self)
    }
}

struct ReportFileError: Error, CustomStringConvertible { var description: String }
