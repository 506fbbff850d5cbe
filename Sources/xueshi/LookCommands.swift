import ArgumentParser
import Foundation
import XueshiLedger
import XueshiModel
import XueshiWorkflow

/// Shared flags of the commands that show people: IDs are masked unless asked.
struct PrivacyOptions: ParsableArguments {
    @Flag(name: .customLong("reveal-ids"), help: "显示完整身份证号（默认隐去中间 8 位）。")
    var revealIDs = false
}

struct People: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "列出学时库里的人：单位、记录数、有记录的年度。",
        discussion: "单位取其最近一条记录上的单位（年度最晚，其次结束日期最晚，其次最后导入）。")

    @OptionGroup var ledgerOptions: LedgerOptions
    @OptionGroup var privacy: PrivacyOptions

    @Option(help: ArgumentHelp("只列出这个单位的人。", valueName: "单位"))
    var unit: String?

    @Flag(help: "以 JSON 输出。")
    var json = false

    func run() throws {
        let ledger = try ledgerOptions.openForReading()
        let people = try ledger.people(unit: unit)
        if json {
            struct Person: Encodable { var id, name, unit: String; var names: [String]; var records: Int; var years: [Int] }
            struct Output: Encodable { var people: [Person] }
            Console.out(try Console.json(Output(people: people.map {
                Person(id: $0.id.shown(reveal: privacy.revealIDs), name: $0.name, unit: $0.unit, names: $0.names,
                       records: $0.records, years: $0.years)
            })))
            return
        }
        if people.isEmpty {
            Console.out(unit.map { "学时库里没有单位「\($0)」的人。" } ?? "学时库里还没有人。用 xueshi import 导入导出文件。")
            return
        }
        Console.out(Self.render(people, reveal: privacy.revealIDs))
    }

    static func render(_ people: [PersonSummary], reveal: Bool) -> String {
        typealias Column = TerminalTable.Column
        var table = TerminalTable(columns: [Column("身份证号", dropOrder: 1), Column("姓名", wraps: true, minimumWidth: 12),
                                            Column("单位", wraps: true, minimumWidth: 10), Column("记录数", numeric: true),
                                            Column("年度", wraps: true, minimumWidth: 14)])
        for person in people {
            let others = person.names.filter { $0 != person.name }
            let name = others.isEmpty ? person.name : "\(person.name)（另有姓名：\(others.joined(separator: "、"))）"
            table.rows.append([person.id.shown(reveal: reveal), name, person.unit, String(person.records),
                               person.years.map(String.init).joined(separator: "、")])
        }
        let conflicts = people.filter { $0.names.count > 1 }.count
        return table.render(width: Terminal.width) + "\n共 \(people.count) 人，\(Set(people.map(\.unit)).count) 个单位。"
            + (conflicts > 0 ? "其中 \(conflicts) 人的身份证号登记过不同姓名，请核对。" : "")
    }
}

struct Records: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "列出学时记录及其来源（文件、行号）。",
        discussion: "例：xueshi records --person 330106198803124514 --year 2024\n    xueshi records --person 张伟")

    @OptionGroup var ledgerOptions: LedgerOptions
    @OptionGroup var privacy: PrivacyOptions

    @Option(help: ArgumentHelp("只列出这个人的记录：完整的身份证号或姓名。", valueName: "身份证号|姓名"))
    var person: String?

    @Option(help: ArgumentHelp("只列出这一年度的记录。", valueName: "年度"))
    var year: Int?

    @Option(help: ArgumentHelp("最多列出多少条（0 = 全部）。", valueName: "条数"))
    var limit = 200

    @Flag(help: "以 JSON 输出。")
    var json = false

    func run() throws {
        let ledger = try ledgerOptions.openForReading()
        let id: ResidentID?
        do { id = try person.map { try PersonLookup.find($0, in: ledger) } } catch { throw Console.failure(error) }
        let records = try ledger.records(person: id, year: year, limit: limit == 0 ? nil : limit + 1)
        let shown = limit == 0 ? records[...] : records.prefix(limit)
        if json {
            struct Item: Encodable {
                var id, name, unit, category, title, status, file: String
                var year, row: Int
                var form, organizer, start, end, registered: String?
                var hours: Hours
            }
            struct Output: Encodable { var records: [Item] }
            Console.out(try Console.json(Output(records: shown.map { stored in
                let r = stored.record
                return Item(id: r.id.shown(reveal: privacy.revealIDs), name: r.name, unit: r.unit, category: r.category.rawValue,
                            title: r.title, status: r.status.rawValue, file: stored.fileName, year: r.year, row: stored.row,
                            form: r.form == .other ? r.formText : r.form?.rawValue, organizer: r.organizer,
                            start: r.start?.description, end: r.end?.description, registered: r.registered?.description,
                            hours: r.hours)
            })))
            return
        }
        if records.isEmpty { Console.out("没有符合条件的记录。"); return }
        Console.out(Self.render(Array(shown), reveal: privacy.revealIDs))
        if limit != 0 && records.count > limit { Console.out("只列出前 \(limit) 条；--limit 0 列出全部。") }
    }

    static func render(_ records: [StoredRecord], reveal: Bool) -> String {
        typealias Column = TerminalTable.Column
        var table = TerminalTable(columns: [
            Column("身份证号", dropOrder: 3), Column("姓名"), Column("年度"), Column("科目类别", wraps: true, minimumWidth: 4, dropOrder: 4),
            Column("项目名称", wraps: true, minimumWidth: 18), Column("学时", numeric: true), Column("审核状态", dropOrder: 5),
            Column("结束日期", dropOrder: 2), Column("来源", wraps: true, minimumWidth: 16, dropOrder: 1),
        ])
        for stored in records {
            let r = stored.record
            table.rows.append([r.id.shown(reveal: reveal), r.name, String(r.year), r.category.label,
                               r.title, r.hours.description, r.status.label,
                               (r.end ?? r.start)?.description ?? "", "\(PathText.name(of: stored.fileName)):\(stored.row)"])
        }
        return table.render(width: Terminal.width) + "\n共 \(records.count) 条记录，\(records.reduce(Hours.zero) { $0 + $1.record.hours }) 学时。"
    }

}

struct Imports: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "列出导入记录：每次导入的文件、时间、校验值和条数。")

    @OptionGroup var ledgerOptions: LedgerOptions

    @Flag(help: "以 JSON 输出。")
    var json = false

    func run() throws {
        let ledger = try ledgerOptions.openForReading()
        let batches = try ledger.batches()
        if json {
            struct Item: Encodable {
                var id: Int64; var importedAt, file, sha256, kind, profile: String; var encoding, sheet, exportedAt: String?
                var size: Int64; var rows, inserted, duplicates, updated, rejected: Int
            }
            struct Output: Encodable { var imports: [Item] }
            Console.out(try Console.json(Output(imports: batches.map {
                Item(id: $0.id, importedAt: $0.importedAt, file: $0.fileName, sha256: $0.sha256, kind: $0.kind,
                     profile: $0.profile, encoding: $0.encoding, sheet: $0.sheet, exportedAt: $0.exportedAt,
                     size: $0.fileSize, rows: $0.rows,
                     inserted: $0.inserted, duplicates: $0.duplicates, updated: $0.updated, rejected: $0.rejected)
            })))
            return
        }
        Console.out(Self.render(batches))
    }

    static func render(_ batches: [BatchSummary]) -> String {
        if batches.isEmpty { return "还没有导入过文件。" }
        typealias Column = TerminalTable.Column
        var table = TerminalTable(columns: [
            Column("批次", numeric: true), Column("导入时间（UTC）", dropOrder: 4),
            Column("导出时间", dropOrder: 2), Column("文件", wraps: true, minimumWidth: 20), Column("配置", dropOrder: 3),
            Column("行数", numeric: true), Column("新增", numeric: true), Column("重复", numeric: true), Column("出错", numeric: true),
            Column("SHA-256", dropOrder: 1),
        ])
        for b in batches {
            table.rows.append([String(b.id), b.importedAt, b.exportedAt ?? "-", b.sheet.map { "\(b.fileName)「\($0)」" } ?? b.fileName, b.profile, String(b.rows), String(b.inserted),
                               String(b.duplicates), String(b.rejected), String(b.sha256.prefix(12))])
        }
        return table.render(width: Terminal.width)
    }
}
