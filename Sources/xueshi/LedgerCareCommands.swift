import ArgumentParser
import Foundation
import XueshiLedger
import XueshiModel

/// `xueshi doctor`: is the ledger sound? Reads only.
struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "检查学时库：文件与权限、结构版本、SQLite 完整性检查、各表条数。只读，不改动学时库。",
        discussion: """
            退出码：0 完好；1 发现问题（逐条说明怎么办）；2 无法检查（找不到学时库、不是学时库、由更新的版本建立）。
            学时库很大时可加 --quick（quick_check，不交叉核对索引，快得多）。
            例：xueshi doctor
                xueshi doctor --ledger /srv/学时/xueshi.sqlite --json
            """)

    @OptionGroup var ledgerOptions: LedgerOptions

    @Flag(help: "用 quick_check 代替 integrity_check（不核对索引与表是否一致）。")
    var quick = false

    @Flag(help: "以 JSON 输出。")
    var json = false

    @Flag(help: "按记录重算学时汇总（hour_sums），再检查。这是 doctor 唯一会做的写入。")
    var repair = false

    func run() throws {
        let health: LedgerHealth
        do {
            if repair {
                try Ledger(path: ledgerOptions.path, create: false).repairHourSums()
                Console.error("已按记录重算学时汇总。")
            }
            health = try Ledger.examine(ledgerOptions.path, quick: quick)
        } catch { throw Console.failure(error) }
        if json {
            Console.out(try Console.json(DoctorJSON(health)))
        } else {
            Console.out(Self.render(health))
        }
        if !health.isSound { throw ExitCode(Console.Status.someoneShort.rawValue) }
    }

    static func render(_ health: LedgerHealth) -> String {
        var lines = ["学时库 \(health.path)"]
        var table = TerminalTable(columns: [TerminalTable.Column("项目"), TerminalTable.Column("情况", wraps: true, minimumWidth: 20)])
        for file in health.files {
            let role = file.path == health.path ? "文件" : file.path.hasSuffix("-wal") ? "预写日志" : "日志索引"
            table.rows.append([role, "\(ByteCount.text(file.bytes))，权限 0\(String(file.mode, radix: 8))\(file.ownerOnly ? "（仅本人可读写）" : "（别人也能读！）")"])
        }
        table.rows.append(["日志模式", health.journalMode == "wal" ? "预写日志（WAL）" : health.journalMode])
        table.rows.append(["结构版本", "\(health.schemaVersion)（本程序：\(health.latestVersion)）"])
        let check = health.quick ? "quick_check" : "integrity_check"
        table.rows.append(["完整性", health.integrity == ["ok"] ? "正常（\(check)）" : "发现 \(health.integrity.count) 处问题（\(check)）"])
        table.rows.append(["外键", health.foreignKeyViolations == 0 ? "正常" : "\(health.foreignKeyViolations) 行引用了不存在的行"])
        for count in health.counts { table.rows.append([count.label, "\(count.count) 条"]) }
        if let groups = health.hourSumGroups, let mismatches = health.hourSumMismatches {
            table.rows.append(["学时汇总", mismatches == 0 ? "\(groups) 组，与记录一致" : "\(groups) 组，\(mismatches) 组与记录对不上"])
        }
        lines.append(table.render(width: Terminal.width))
        for note in health.notes { lines.append("说明：\(note)。") }
        if health.isSound {
            lines.append("结论：学时库完好。")
        } else {
            lines.append("结论：发现 \(health.problems.count) 个问题：")
            lines += health.problems.map { "  · \($0)。" }
        }
        return lines.joined(separator: "\n")
    }
}

/// `doctor --json`: English keys, as every JSON of the program.
private struct DoctorJSON: Encodable {
    struct File: Encodable { var path: String; var bytes: Int64; var mode: String; var ownerOnly: Bool }
    struct Schema: Encodable { var version: String; var latest: String; var upToDate: Bool; var steps: [String] }
    var path: String
    var sound: Bool
    var files: [File]
    var journalMode: String
    var schema: Schema
    var integrity: [String]
    var integrityCheck: String
    var foreignKeyViolations: Int
    var counts: [String: Int]
    var hourSums: HourSums?
    struct HourSums: Encodable { var groups: Int; var mismatches: Int }
    var problems: [String]
    var notes: [String]

    init(_ health: LedgerHealth) {
        path = health.path
        sound = health.isSound
        files = health.files.map { File(path: $0.path, bytes: $0.bytes, mode: "0" + String($0.mode, radix: 8), ownerOnly: $0.ownerOnly) }
        journalMode = health.journalMode
        schema = Schema(version: health.schemaVersion, latest: health.latestVersion, upToDate: health.schemaUpToDate, steps: health.schemaApplied)
        integrity = health.integrity
        integrityCheck = health.quick ? "quick_check" : "integrity_check"
        foreignKeyViolations = health.foreignKeyViolations
        counts = Dictionary(uniqueKeysWithValues: health.counts.map { ($0.key, $0.count) })
        if let groups = health.hourSumGroups, let mismatches = health.hourSumMismatches { hourSums = HourSums(groups: groups, mismatches: mismatches) }
        problems = health.problems
        notes = health.notes
    }
}

/// `xueshi backup PATH`: a consistent copy of the ledger, while imports run.
struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "备份学时库：用 SQLite 的在线备份写出一致的副本（导入进行中也可以），仅本人可读写。",
        discussion: """
            路径是文件夹时，副本写在其中，名为 xueshi-年月日-时分秒.sqlite。已有的文件不覆盖，除非加 --force。
            副本先写临时文件、检查（quick_check）后再改名，失败时原有的文件不变。恢复：把副本复制回学时库的位置。
            例：xueshi backup /备份/学时/
                xueshi backup 学时库-2025-09-01.sqlite
            """)

    @Argument(help: ArgumentHelp("副本的文件路径，或放副本的文件夹。", valueName: "路径"))
    var destination: String

    @OptionGroup var ledgerOptions: LedgerOptions

    @Flag(help: "覆盖已有的文件。")
    var force = false

    func run() throws {
        var target = destination
        var isFolder: ObjCBool = false
        if destination.hasSuffix("/") || (FileManager.default.fileExists(atPath: destination, isDirectory: &isFolder) && isFolder.boolValue) {
            let stamp = Self.stampFormat.string(from: Date())
            target = (destination.hasSuffix("/") ? String(destination.dropLast()) : destination) + "/xueshi-\(stamp).sqlite"
        }
        do {
            if FileManager.default.fileExists(atPath: target) {
                if Self.sameFile(target, ledgerOptions.path) {
                    throw LedgerError("\(target) 就是学时库本身：请换一个路径")
                }
                if !force { throw LedgerError("\(target) 已经存在：没有覆盖它。换一个路径，或加 --force 覆盖") }
            }
            let summary = try Ledger.backup(of: ledgerOptions.path, to: target)
            Console.out("已备份到 \(summary.path)：\(summary.records) 条学时记录，\(summary.people) 人，\(ByteCount.text(summary.bytes))。")
        } catch {
            throw Console.failure(error)
        }
    }

    static let stampFormat: DateFormatter = {
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.dateFormat = "yyyyMMdd-HHmmss"
        return format
    }()

    static func sameFile(_ a: String, _ b: String) -> Bool {
        guard let one = try? FileManager.default.attributesOfItem(atPath: a), let two = try? FileManager.default.attributesOfItem(atPath: b)
        else { return false }
        return (one[.systemFileNumber] as? NSNumber) == (two[.systemFileNumber] as? NSNumber)
            && (one[.systemNumber] as? NSNumber) == (two[.systemNumber] as? NSNumber)
    }
}

/// Sizes for people: 1.2 MB, 830 KB, 512 B.
enum ByteCount {
    static func text(_ bytes: Int64) -> String {
        if bytes >= 1_000_000 { return String(format: "%.1f MB", Double(bytes) / 1_000_000) }
        if bytes >= 1_000 { return String(format: "%.0f KB", Double(bytes) / 1_000) }
        return "\(bytes) B"
    }
}
