import ArgumentParser
import Foundation
import XueshiDelivery
import XueshiLedger
import XueshiModel
import XueshiReport
import XueshiSchedule
import XueshiTransport
import XueshiWorkflow

struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "按计划自动发送报表和提醒：邮件、钉钉、企业微信、飞书、webhook、文件夹。",
        discussion: """
            计划是一个 YAML 文件：先 xueshi schedule example > 学时报表.yaml，再按本单位改写。
            然后用 cron 或 systemd 定时器定时运行 xueshi schedule run 学时报表.yaml（README 里有例子）。
            同一任务、同一周期、同一目标只发送一次；失败的下次运行再发。发送记录在学时库里。
            """,
        subcommands: [Example.self, Run.self, History.self])

    struct Example: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "打印一份带说明的计划文件，复制修改后使用。",
            discussion: "例：xueshi schedule example > 学时报表.yaml")

        func run() throws {
            print(Schedule.exampleText, terminator: "")
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "发送到期而尚未发送的报表和提醒。",
            discussion: """
                退出码：0 到期的都已发送（或没有到期的）；1 有发送失败的（下次运行会重发）；2 无法运行（计划文件有误、没有学时库）。
                例：xueshi schedule run 学时报表.yaml
                    xueshi schedule run 学时报表.yaml --due                 # 只列出到期的，不发送
                    xueshi schedule run 学时报表.yaml --now 2025-11-01T08:00 --json
                """)

        @OptionGroup var ledgerOptions: LedgerOptions

        @Argument(help: ArgumentHelp("计划文件（YAML）。", valueName: "计划文件"))
        var file: String

        @Option(help: ArgumentHelp("计划的时钟：按这个时刻判断哪些周期到期（YYYY-MM-DDTHH:MM）。默认现在。签名和邮件日期总用真实时间。", valueName: "时刻"))
        var now: String?

        @Flag(help: "只列出到期而尚未发送的，不发送，也不写入学时库。")
        var due = false

        @Flag(help: "以 JSON 输出结果（只在标准输出）。")
        var json = false

        func validate() throws {
            if let now, ScheduleClock.day(now) == nil {
                throw ValidationError("--now「\(now)」不是有效的时刻，请写成 YYYY-MM-DDTHH:MM（或 YYYY-MM-DD）")
            }
        }

        func run() throws {
            let schedule = try ScheduleFileOptions.load(file)
            let ledger = try ledgerOptions.openExisting()
            let baseFolder = ScheduleFileOptions.folder(of: file)
            let progress = ProgressLine()
            let deliverer = Deliverer(secrets: SecretReader(baseFolder: baseFolder), baseFolder: baseFolder)
            let scheduledRun = ScheduledRun(schedule: schedule, today: now.flatMap(ScheduleClock.day) ?? CalendarDate.today(),
                                            deliverer: deliverer, baseFolder: baseFolder, listOnly: due,
                                            progress: { progress.update($0) })
            let outcomes: [DeliveryOutcome]
            do {
                outcomes = try scheduledRun.run(on: ledger)
                progress.clear()
            } catch {
                progress.clear()
                throw Console.failure(error)
            }
            if json {
                print(try Console.json(DeliveriesJSON(outcomes)))
            } else {
                Console.out(ScheduleText.outcomes(outcomes, listOnly: due, width: Terminal.width))
            }
            if outcomes.contains(where: { $0.status == .failed }) { throw ExitCode(Console.Status.someoneShort.rawValue) }
        }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "计划的发送记录：每个任务、周期、目标的结果、次数和错误，最近的在前。")

        @OptionGroup var ledgerOptions: LedgerOptions

        @Argument(help: ArgumentHelp("计划文件（YAML）。", valueName: "计划文件"))
        var file: String

        @Flag(help: "以 JSON 输出（只在标准输出）。")
        var json = false

        func run() throws {
            let schedule = try ScheduleFileOptions.load(file)
            let ledger = try ledgerOptions.openForReading()
            let entries: [DeliveryEntry]
            do { entries = try ledger.deliveries(jobs: schedule.jobs.map(\.name)) } catch { throw Console.failure(error) }
            if json {
                print(try Console.json(HistoryJSON(entries)))
            } else {
                Console.out(ScheduleText.history(entries, width: Terminal.width))
            }
        }
    }
}

/// Reading the schedule file a command names.
enum ScheduleFileOptions {
    static func load(_ path: String) throws -> Schedule {
        guard let data = FileManager.default.contents(atPath: path) else {
            Console.error("错误：无法读取计划文件 \(path)。可以先用 xueshi schedule example > \(path) 生成一份再改写。")
            throw ExitCode(Console.Status.couldNotCheck.rawValue)
        }
        do { return try Schedule(yaml: String(decoding: data, as: UTF8.self), file: path) }
        catch { throw Console.failure(error) }
    }

    static func folder(of path: String) -> String {
        PathText.folder(of: PathText.resolved(path, from: FileManager.default.currentDirectoryPath))
    }
}

/// `--now`: "2025-11-01T08:00", "2025-11-01 08:00" or "2025-11-01"; the day is what decides periods.
enum ScheduleClock {
    static func day(_ text: String) -> CalendarDate? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let datePart = String(trimmed.prefix(10))
        let rest = trimmed.dropFirst(10)
        if !rest.isEmpty {
            guard rest.first == "T" || rest.first == " " else { return nil }
            let time = rest.dropFirst().split(separator: ":")
            guard time.count == 2 || time.count == 3, let hour = Int(time[0]), let minute = Int(time[1]),
                  (0..<24).contains(hour), (0..<60).contains(minute) else { return nil }
        }
        guard datePart.count == 10, datePart.dropFirst(4).first == "-" else { return nil }
        return CalendarDate.parse(datePart)
    }
}

/// The run and the run log in the terminal: a table of short cells, and below it, in full, each
/// error and where a file was written (long text in a narrow column is unreadable).
enum ScheduleText {
    static func columns(_ extra: [TextTable.Column] = []) -> [TextTable.Column] {
        [TextTable.Column("任务", wraps: true, minimumWidth: 14), TextTable.Column("发送目标", wraps: true, minimumWidth: 10),
         TextTable.Column("周期", minimumWidth: 10), TextTable.Column("结果", minimumWidth: 4),
         TextTable.Column("次数", numeric: true, minimumWidth: 4, dropOrder: 2)] + extra
    }

    static func outcomes(_ outcomes: [DeliveryOutcome], listOnly: Bool, width: Int?) -> String {
        guard !outcomes.isEmpty else { return "没有到期的任务：这个周期的都已发送过，或还没到时候。" }
        var table = TextTable(columns: columns())
        var notes: [String] = []
        for outcome in outcomes {
            var result = label(outcome.status)
            if let text = outcome.error ?? outcome.note {
                notes.append("\(notes.count + 1). \(outcome.job) → \(outcome.destination)（\(outcome.period)）：\(text)")
                result += " [\(notes.count)]"
            }
            table.rows.append([outcome.job, outcome.destination, outcome.period, result, String(outcome.attempts)])
        }
        let sent = outcomes.filter { $0.status == .sent }.count
        let failed = outcomes.filter { $0.status == .failed }.count
        let skipped = outcomes.filter { $0.status == .skipped }.count
        let dueCount = outcomes.filter { $0.status == .due }.count
        let tally = listOnly
            ? "到期未发送 \(dueCount) 个；已发送过 \(skipped) 个。去掉 --due 即发送。"
            : "已发送 \(sent) 个，失败 \(failed) 个，跳过 \(skipped) 个。" + (failed > 0 ? "失败的下次运行会重发。" : "")
        return table.render(width: width) + (notes.isEmpty ? "" : "\n" + notes.joined(separator: "\n")) + "\n" + tally
    }

    static func history(_ entries: [DeliveryEntry], width: Int?) -> String {
        guard !entries.isEmpty else { return "还没有发送记录。" }
        var table = TextTable(columns: columns([TextTable.Column("最后一次", minimumWidth: 16, dropOrder: 1)]))
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        var notes: [String] = []
        for entry in entries {
            var status = entry.status == .sent ? "已发送" : entry.status == .failed ? "失败" : "发送中"
            if let error = entry.error {
                notes.append("\(notes.count + 1). \(entry.key.job) → \(entry.key.destination)（\(entry.key.period)）：\(error)")
                status += " [\(notes.count)]"
            }
            table.rows.append([entry.key.job, entry.key.destination, entry.key.period, status, String(entry.attempts),
                               formatter.string(from: entry.lastTriedAt)])
        }
        return table.render(width: width) + (notes.isEmpty ? "" : "\n" + notes.joined(separator: "\n"))
    }

    static func label(_ status: DeliveryOutcome.Status) -> String {
        switch status {
        case .sent: return "已发送"
        case .failed: return "失败"
        case .skipped: return "跳过"
        case .due: return "到期"
        }
    }
}
