import XueshiModel
import XueshiVerify

/// A person's statement in the terminal (`check`, `report person`): the verdict, a table per year and
/// category, and every record with whether and where it counts, and where it came from.
public enum StatementText {
    public static func render(_ verdict: Verdict, records: [RecordLine], reveal: Bool, width: Int? = nil) -> String {
        var lines = ["\(verdict.name)（\(verdict.id.shown(reveal: reveal))），\(verdict.unit)"]
        lines.append("结论：\(VerdictText.mark(verdict.status))")
        for reason in VerdictWords.reasons(verdict) { lines.append("  · \(reason)") }

        let categories = Category.allCases
        typealias Column = TextTable.Column
        var table = TextTable(columns: [Column("年度")] + categories.map { Column($0.label, numeric: true, dropOrder: 1) }
                              + [Column("计入合计", numeric: true), Column("要求", wraps: true, minimumWidth: 12),
                                 Column("待审核", numeric: true, dropOrder: 2), Column("超上限", numeric: true, dropOrder: 2),
                                 Column("结果", wraps: true, minimumWidth: 8)])
        for year in verdict.years {
            let requirement = year.exemption != nil ? "免于核查"
                : year.requirements.map { ($0.category?.label ?? "合计") + " \($0.minimum)" }.joined(separator: "，")
            let result = year.exemption != nil ? "免" : year.meets ? "达标" : year.finished ? "差 \(year.shortfall)" : "还差 \(year.shortfall)"
            table.rows.append([String(year.year)] + categories.map { (year.categories[$0] ?? .zero).description }
                              + [year.counted.description, requirement, year.pending.description, year.overCap.description, result])
        }
        lines.append(table.render(width: width))
        if !verdict.period.isEmpty {
            lines.append("期间累计：" + verdict.period.map { ($0.category?.label ?? "合计") + " \($0.counted)/\($0.minimum)" }.joined(separator: "，"))
        }

        lines.append("各条记录：")
        if records.isEmpty {
            lines.append("（没有记录）")
            return lines.joined(separator: "\n")
        }
        var recordTable = TextTable(columns: [
            // Where a record came from is what the statement promises: it goes last, after the date,
            // the review status and the category.
            Column("年度"), Column("结束日期", dropOrder: 1), Column("科目类别", wraps: true, minimumWidth: 8, dropOrder: 3),
            Column("项目名称", wraps: true, minimumWidth: 12), Column("学时", numeric: true),
            Column("审核状态", dropOrder: 2), Column("是否计入", wraps: true, minimumWidth: 8),
            Column("来源", wraps: true, minimumWidth: 10, dropOrder: 4),
        ])
        for record in records {
            recordTable.rows.append([String(record.year), record.date?.description ?? "", record.category.label,
                                     record.title, record.hours.description, record.status.label, record.fate,
                                     "\(record.sourceFile):\(record.sourceRow)"])
        }
        lines.append(recordTable.render(width: width))
        return lines.joined(separator: "\n")
    }
}
