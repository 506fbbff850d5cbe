import ArgumentParser
import XueshiLedger
import XueshiModel

struct Exemption: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "免于核查的年度：参加工作的日期（此前年度免查），或某年因故免查。",
        discussion: """
            例：xueshi exemption set 330106198803124514 --started 2024-07-01
                xueshi exemption set 330106198803124514 --year 2023 --reason 出国访学
                xueshi exemption list
            要求文件里 exemptions 的设置决定这些记录是否生效。
            """,
        subcommands: [Set.self, List.self, Remove.self])

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "记下某人参加工作的日期，或某年免查及原因。")
        @OptionGroup var ledgerOptions: LedgerOptions
        @Argument(help: ArgumentHelp("身份证号。", valueName: "身份证号")) var id: String
        @Option(help: ArgumentHelp("参加工作的日期（YYYY-MM-DD）。", valueName: "日期")) var started: String?
        @Option(help: ArgumentHelp("免查的年度。", valueName: "年度")) var year: Int?
        @Option(help: ArgumentHelp("免查的原因（与 --year 一起用）。", valueName: "原因")) var reason: String?

        func validate() throws {
            if started == nil && year == nil { throw ValidationError("请给出 --started 日期，或 --year 年度 和 --reason 原因") }
            if let started, CalendarDate.parse(started) == nil { throw ValidationError("--started「\(started)」不是有效的日期") }
            if year != nil && (reason ?? "").isEmpty { throw ValidationError("--year 须同时给出 --reason 原因") }
        }

        func run() throws {
            let id = try Console.residentID(self.id)
            let ledger = try ledgerOptions.openExisting()
            do {
                if let started = started.flatMap(CalendarDate.parse) { try ledger.setWorkStart(id, started) }
                if let year, let reason { try ledger.setExemptYear(id, year: year, reason: reason) }
            } catch { throw Console.failure(error, code: .couldNotCheck) }
            Console.out("已记下：\(id.masked)" + (started.map { "，\($0) 参加工作" } ?? "") + (year.map { "，\($0) 年免查（\(reason ?? "")）" } ?? "") + "。")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出学时库里的免查记录。")
        @OptionGroup var ledgerOptions: LedgerOptions
        @OptionGroup var privacy: PrivacyOptions
        func run() throws {
            let entries = try ledgerOptions.openForReading().exemptions()
            if entries.isEmpty { Console.out("学时库里没有免查记录。"); return }
            var table = TerminalTable(headers: ["身份证号", "姓名", "参加工作", "免查年度"])
            for entry in entries {
                table.rows.append([entry.id.shown(reveal: privacy.revealIDs), entry.name, entry.workStart?.description ?? "",
                                   entry.years.sorted { $0.key < $1.key }.map { "\($0.key)（\($0.value)）" }.joined(separator: "，")])
            }
            Console.out(table.render(width: Terminal.width))
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "删除某人的免查记录（全部，或某一年）。")
        @OptionGroup var ledgerOptions: LedgerOptions
        @Argument(help: ArgumentHelp("身份证号。", valueName: "身份证号")) var id: String
        @Option(help: ArgumentHelp("只删除这一年的免查。", valueName: "年度")) var year: Int?
        func run() throws {
            let id = try Console.residentID(self.id)
            let removed: Int
            do { removed = try ledgerOptions.openExisting().removeExemptions(id, year: year) }
            catch { throw Console.failure(error, code: .couldNotCheck) }
            Console.out("已删除 \(removed) 条免查记录。")
        }
    }
}
