import ArgumentParser
import Foundation
import XueshiLedger
import XueshiModel
import XueshiReport
import XueshiVerify
import XueshiWorkflow

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "汇总报表：各单位达标情况（终端表格、CSV、Excel、HTML、Markdown、JSON），或某人的学时证明。",
        subcommands: [Units.self, Person.self, Template.self])

    struct Units: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "各单位汇总：人数、达标、未达标、达标率、学时，以及未达标人员及原因。",
            discussion: """
                例：xueshi report units
                    xueshi report units --output 学时汇总.xlsx        # 格式随扩展名：.xlsx .html .csv .md .json .txt
                    xueshi report units --format html --output 学时汇总.html --unit 之江实验室
                    xueshi report units --format markdown        # 适合贴到企业微信、钉钉
                    xueshi report units --by department          # 各单位下的各部门（部门取自花名册）
                不给 --output 时文本格式输出到标准输出；xlsx 必须写入文件。--format 与扩展名不符时什么也不写。
                """)

        @OptionGroup var ledgerOptions: LedgerOptions
        @OptionGroup var checkOptions: CheckOptions
        @OptionGroup var privacy: PrivacyOptions

        @Option(help: ArgumentHelp("格式：table、csv、json、markdown、html、xlsx。默认随 --output 的扩展名，否则 table。", valueName: "格式"))
        var format: ReportFormat?

        @Option(help: ArgumentHelp("写入这个文件（先写临时文件再改名，不会留下半个文件；缺少的文件夹会建好）。", valueName: "路径"))
        var output: String?

        @Option(help: ArgumentHelp("只汇总这个单位。", valueName: "单位"))
        var unit: String?

        enum Grouping: String, ExpressibleByArgument, CaseIterable { case unit, department }

        @Option(help: ArgumentHelp("按什么分组：unit（单位，默认）或 department（单位下的各部门，部门取自花名册）。Excel 和 HTML 报表在有部门时总会多一张各部门表。", valueName: "分组"))
        var by: Grouping = .unit

        @Option(help: ArgumentHelp("HTML 或 Markdown 用自己的模板（Mustache）；先用 xueshi report template units-html 导出一份内置模板来改。", valueName: "路径"))
        var template: String?

        func run() throws {
            let progress = ProgressLine()
            do {
                let format = try ReportFormat.resolve(requested: self.format, output: output, offered: ReportJob.unitFormats)
                if template != nil && format != .html && format != .markdown {
                    throw ValidationError("--template 只用于 html 和 markdown 格式")
                }
                let templateText = try template.map(ReportJob.template(at:))
                let ledger = try ledgerOptions.openForReading()
                let result = try checkOptions.job(scope: unit.map(CheckScope.unit) ?? .everyone, progress: progress).run(on: ledger)
                // The progress line shares the terminal with a report on standard output: gone before it.
                if output == nil { progress.clear() } else { progress.update("正在生成报表") }
                let summary = result.summary(revealIDs: privacy.revealIDs)
                var job = ReportJob(format: format, template: templateText, width: Terminal.width(writingTo: output))
                job.byDepartment = by == .department
                try job.renderUnits(summary, to: output.map(ReportDestination.file) ?? .standardOutput)
                progress.clear()
            } catch let error as ValidationError {
                throw error
            } catch let exit as ExitCode {
                progress.clear()
                throw exit
            } catch {
                progress.clear()
                throw Console.failure(error)
            }
            if let output { Console.error("已写入 \(output)") }
        }
    }

    struct Person: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "某人的学时证明：逐年、逐类计入的学时、待审核、差额，以及每条记录及其来源。",
            discussion: """
                可以用身份证号或姓名指定人；同名的人有几个时会列出来，请改用身份证号（xueshi people --reveal-ids 显示完整号码）。
                例：xueshi report person 张伟
                    xueshi report person 张伟 --output 张伟学时证明.html --reveal-ids    # 可打印、盖章的证明
                """)

        @OptionGroup var ledgerOptions: LedgerOptions
        @OptionGroup var checkOptions: CheckOptions
        @OptionGroup var privacy: PrivacyOptions

        @Argument(help: ArgumentHelp("身份证号，或学时库里只有一人用的姓名。", valueName: "身份证号|姓名"))
        var person: String

        @Option(help: ArgumentHelp("格式：table、html、json。默认随 --output 的扩展名，否则 table。", valueName: "格式"))
        var format: ReportFormat?

        @Option(help: ArgumentHelp("写入这个文件。", valueName: "路径"))
        var output: String?

        @Option(help: ArgumentHelp("HTML 用自己的模板（Mustache）。", valueName: "路径"))
        var template: String?

        func run() throws {
            do {
                let format = try ReportFormat.resolve(requested: self.format, output: output, offered: ReportJob.statementFormats)
                let templateText = try template.map(ReportJob.template(at:))
                let ledger = try ledgerOptions.openForReading()
                let id = try PersonLookup.find(person, in: ledger)
                let result = try checkOptions.job(scope: .person(id)).run(on: ledger)
                let statements = try result.statements(from: ledger, revealIDs: privacy.revealIDs)
                try ReportJob(format: format, template: templateText, width: Terminal.width(writingTo: output))
                    .renderStatements(statements, result: result, to: output.map(ReportDestination.file) ?? .standardOutput)
            } catch let exit as ExitCode {
                throw exit
            } catch {
                throw Console.failure(error)
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
            case unitsHTML = "units-html", unitsMarkdown = "units-markdown", personHTML = "person-html", reconcileHTML = "reconcile-html"
            var kind: TemplateReport.Kind {
                switch self {
                case .unitsHTML: return .unitsHTML
                case .unitsMarkdown: return .unitsMarkdown
                case .personHTML: return .personHTML
                case .reconcileHTML: return .reconcileHTML
                }
            }
        }

        @Argument(help: ArgumentHelp("模板：units-html、units-markdown、person-html、reconcile-html。", valueName: "模板"))
        var name: Name

        func run() throws {
            print(TemplateReport.builtInTemplate(name.kind), terminator: "")
        }
    }
}

