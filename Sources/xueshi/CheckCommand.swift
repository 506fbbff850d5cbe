import ArgumentParser
import Foundation
import XueshiImport
import XueshiLedger
import XueshiModel
import XueshiRead
import XueshiReport
import XueshiVerify

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "申报人自查：读入自己的导出文件，按要求核查，什么也不写入磁盘。",
        discussion: """
            读入一个或几个导出文件（CSV、.xlsx），逐年、逐类列出计入的学时、待审核的学时、还差多少，以及每条记录计入哪一年。
            有错的行会列出来，核查照常进行，但结论不包括这些行。
            退出码：0 达标；1 未达标或仍在进行中；2 无法核查。
            例：xueshi check 我的学时.xlsx
                xueshi check 2023-2024.csv 2025.csv --as-of 2025-08-31
            """)

    @Argument(help: ArgumentHelp("自己的导出文件：.csv 或 .xlsx。", valueName: "文件"))
    var files: [String]

    @OptionGroup var checkOptions: CheckOptions
    @OptionGroup var privacy: PrivacyOptions

    @OptionGroup var reading: ReadingOptions

    @Flag(help: "以 JSON 输出（只在标准输出）。")
    var json = false

    func run() throws {
        let policy = try checkOptions.loadPolicy()
        let asOf = checkOptions.day
        let profiles = try reading.profiles()

        // A ledger in memory: the applicant's files are read, checked and forgotten.
        let ledger = try Ledger()
        let run = ImportRun(files: files, profiles: profiles, encoding: reading.pinnedEncoding,
                            sheet: reading.sheet, ledgerPath: ledger.path, dryRun: false, skipInvalid: true,
                            progress: ProgressLine())
        let report: ImportReport
        do { report = try run.importFiles(into: ledger) }
        catch { throw Console.failure(error, code: .couldNotCheck) }
        for failure in report.fileFailures { Console.error("错误：\(failure.failure ?? "")") }
        if report.rejected > 0 {
            Console.error("注意：以下 \(report.rejected) 行有错，本次核查没有包括这些行：")
            report.printErrors(limit: 100)
        }
        let hours = try ledger.hours(years: policy.years, asOf: asOf, forms: policy.cappedForms)
        guard !hours.isEmpty else {
            Console.error("错误：文件里没有读到可核查的记录。")
            throw ExitCode(Console.Status.couldNotCheck.rawValue)
        }
        let verifier = Verifier(policy: policy, asOf: asOf)
        let verdicts = VerdictText.sorted(hours.map(verifier.verdict))
        if json {
            VerdictsJSON.write(policy: policy, asOf: asOf, verdicts: verdicts, reveal: privacy.revealIDs)
        } else {
            Console.out(VerdictText.heading(policy, asOf: asOf))
            if verdicts.count > 1 {
                Console.out("这些文件里有 \(verdicts.count) 个人的记录，逐一核查如下。")
            }
            for verdict in verdicts {
                Console.out("")
                Console.out(Statement.render(verdict, records: try ledger.records(person: verdict.id), verifier: verifier,
                                             reveal: privacy.revealIDs))
            }
            if report.rejected > 0 || !report.fileFailures.isEmpty {
                Console.out("\n注意：有 \(report.rejected) 行出错、\(report.fileFailures.count) 个文件无法读取，以上结论没有包括它们（见标准错误输出）。")
            }
        }
        if verdicts.contains(where: { !$0.meets }) { throw ExitCode(Console.Status.someoneShort.rawValue) }
    }
}

/// An applicant's statement: the verdict, a table per year and category, and every record with
/// whether and where it counts.
enum Statement {
    static func render(_ verdict: Verdict, records: [StoredRecord], verifier: Verifier, reveal: Bool) -> String {
        let policy = verifier.policy
        var lines = ["\(verdict.name)（\(verdict.id.shown(reveal: reveal))），\(verdict.unit)"]
        lines.append("结论：\(VerdictText.mark(verdict.status))")
        for reason in VerdictWords.reasons(verdict) { lines.append("  · \(reason)") }

        var table = TerminalTable(headers: ["年度"] + Category.allCases.map(\.label) + ["计入合计", "要求", "待审核", "超上限", "结果"],
                                  numeric: Set(1...(Category.allCases.count + 1)).union([Category.allCases.count + 3, Category.allCases.count + 4]))
        for year in verdict.years {
            let requirement = year.exemption != nil ? "免于核查"
                : year.requirements.map { ($0.category?.label ?? "合计") + " \($0.minimum)" }.joined(separator: "，")
            let result = year.exemption != nil ? "免" : year.meets ? "达标" : year.finished ? "差 \(year.shortfall)" : "还差 \(year.shortfall)"
            table.rows.append([String(year.year)] + Category.allCases.map { (year.categories[$0] ?? .zero).description }
                              + [year.counted.description, requirement, year.pending.description, year.overCap.description, result])
        }
        lines.append(table.render())
        if !verdict.period.isEmpty {
            lines.append("期间累计：" + verdict.period.map { ($0.category?.label ?? "合计") + " \($0.counted)/\($0.minimum)" }.joined(separator: "，"))
        }

        lines.append("各条记录：")
        var recordTable = TerminalTable(headers: ["年度", "结束日期", "科目类别", "项目名称", "学时", "审核状态", "是否计入", "来源"], numeric: [4])
        for stored in records.sorted(by: { ($0.record.year, $0.record.effectiveDate?.yyyymmdd ?? 0) < ($1.record.year, $1.record.effectiveDate?.yyyymmdd ?? 0) }) {
            let record = stored.record
            recordTable.rows.append([String(record.year), (record.end ?? record.start)?.description ?? "", record.category.label,
                                     Records.clip(record.title, 28), record.hours.description, record.status.label,
                                     counts(record, verifier: verifier),
                                     "\((stored.fileName as NSString).lastPathComponent):\(stored.row)"])
        }
        lines.append(recordTable.render())
        return lines.joined(separator: "\n")
    }

    /// Whether a record counts, and if not, why.
    static func counts(_ record: HourRecord, verifier: Verifier) -> String {
        let policy = verifier.policy
        guard policy.years.contains(record.year) else { return "不在核查年度内" }
        if let date = record.effectiveDate, date > verifier.asOf { return "晚于核查日 \(verifier.asOf)，不计" }
        if policy.countedStatuses.contains(record.status) { return "计入 \(record.year) 年" }
        switch record.status {
        case .pending: return "待审核，通过后计入"
        case .rejected: return "未通过审核，不计"
        case .approved: return "不计"
        }
    }
}
