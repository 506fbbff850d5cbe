import Foundation
import XueshiModel
import XueshiReconcile

/// A reconciliation laid out as HR reads it: one section per kind of finding, the most urgent first
/// (staff with nothing registered, then missing years, trainings never registered, names, units, people
/// on no roster), each a table. Every format but JSON is drawn from these sections; IDs are masked here
/// unless revealed, the one switch for it.
public struct ReconcileReport: Sendable {
    public struct Section: Sendable {
        /// The JSON key of the same list (INTERFACE.md), for the formats that name sections.
        public var key: String
        public var title: String
        /// The few words a workbook's sheet tab holds.
        public var tab: String
        /// What the finding means and what to do about it.
        public var advice: String
        public var headers: [String]
        public var rows: [[String]]
        /// Columns that hold numbers.
        public var numeric: Set<Int> = []
    }

    public var reconciliation: Reconciliation
    public var revealIDs: Bool
    public var generatedAt: String
    public var sections: [Section]

    public init(_ reconciliation: Reconciliation, revealIDs: Bool, generatedAt: String) {
        self.reconciliation = reconciliation
        self.revealIDs = revealIDs
        self.generatedAt = generatedAt
        let r = reconciliation
        func shown(_ id: ResidentID) -> String { id.shown(reveal: revealIDs) }
        func years(_ list: [Int]) -> String { list.map(String.init).joined(separator: "、") }
        sections = [
            Section(key: "noRecords", title: "在花名册上、一条学时记录也没有", tab: "没有记录",
                    advice: "这些人在省系统里没有任何登记：请尽快核实并补登记。",
                    headers: ["单位", "部门", "姓名", "身份证号"],
                    rows: r.noRecords.map { [$0.unit, $0.department ?? "", $0.name, shown($0.id)] }),
            Section(key: "missingYears", title: "缺少某些年度的记录", tab: "缺少年度",
                    advice: "核查年度（\(years(r.years))）中，这些年份一条记录也没有（参加工作以前的年份、已登记免除的年份不算）。",
                    headers: ["单位", "部门", "姓名", "身份证号", "缺少的年度"],
                    rows: r.missingYears.map { [$0.person.unit, $0.person.department ?? "", $0.person.name, shown($0.person.id), years($0.years)] }),
            Section(key: "unregisteredTrainings", title: "参加了内部培训、却没有对应的登记记录", tab: "内部培训未登记",
                    advice: "签到表上有此人，但没有日期重叠、学时相近的登记记录：可能是学时挣到了却没有登记。",
                    headers: ["单位", "姓名", "身份证号", "培训名称", "日期", "学时", "签到表"],
                    rows: r.unregisteredTrainings.map {
                        [$0.person.unit, $0.person.name, shown($0.person.id), $0.title,
                         $0.start == $0.end ? $0.start.description : "\($0.start)—\($0.end)", $0.hours.description, "\(PathText.name(of: $0.file)) 第 \($0.row) 行"]
                    }, numeric: [5]),
            Section(key: "unknownAttendees", title: "签到表上的姓名对不上花名册", tab: "签到表姓名对不上",
                    advice: "按姓名找不到、或花名册上有同名的人：请在签到表里加上身份证号一列。",
                    headers: ["姓名", "培训名称", "日期", "情况", "签到表"],
                    rows: r.unknownAttendees.map {
                        [$0.name, $0.title, $0.start.description, $0.namesakes == 0 ? "不在花名册上" : "花名册上有 \($0.namesakes) 人同名",
                         "\(PathText.name(of: $0.file)) 第 \($0.row) 行"]
                    }),
            Section(key: "nameMismatch", title: "同一身份证号，花名册与学时记录的姓名不同", tab: "姓名不一致",
                    advice: "可能是录入错误或改名：请核对后更正花名册或省系统里的登记。",
                    headers: ["单位", "身份证号", "花名册姓名", "记录中的姓名"],
                    rows: r.nameMismatch.map { [$0.unit, shown($0.id), $0.rosterName, $0.recordNames.joined(separator: "、")] }),
            Section(key: "unitMismatch", title: "花名册的单位与学时记录的单位不同", tab: "单位不一致",
                    advice: "报表按花名册的单位统计；请核对此人在省系统里登记的单位是否需要变更。",
                    headers: ["姓名", "身份证号", "花名册单位", "记录中的单位（最近一条）"],
                    rows: r.unitMismatch.map { [$0.name, shown($0.id), $0.rosterUnit, $0.recordUnit] }),
            Section(key: "notOnRoster", title: "有学时记录、但不在任何花名册上", tab: "不在花名册",
                    advice: "可能已调离、尚未列入花名册，或是别的单位的人：请核对花名册。",
                    headers: ["记录中的单位", "姓名", "身份证号"],
                    rows: r.notOnRoster.map { [$0.unit, $0.name, shown($0.id)] }),
        ]
    }

    public var nonEmptySections: [Section] { sections.filter { !$0.rows.isEmpty } }

    /// The first lines of every format: what was compared, as of when.
    public var heading: String {
        let r = reconciliation
        return "花名册与学时记录对账（核查要求 \(r.policy)，年度 \(r.years.map(String.init).joined(separator: "、"))，截至 \(r.asOf)）"
    }

    public var overview: String {
        let r = reconciliation
        if r.isClean { return "花名册上在职 \(r.rosterPeople) 人，对账没有发现问题。" }
        let counts = nonEmptySections.map { "\($0.title) \($0.rows.count)" }.joined(separator: "；")
        return "花名册上在职 \(r.rosterPeople) 人。\(counts)。"
    }

    // MARK: - Formats

    /// The terminal's text: each finding's section with its advice and table, fitted to `width`.
    public func text(width: Int?) -> String {
        var lines = [heading, overview]
        for section in nonEmptySections {
            lines.append("")
            lines.append("【\(section.title)】\(section.rows.count) 项")
            lines.append(section.advice)
            lines.append(TextTable(headers: section.headers, rows: section.rows.map { $0.map { Text.inert($0) } }, numeric: section.numeric)
                .render(width: width))
        }
        return TextTable.fold(lines.joined(separator: "\n"), width: width) + "\n"
    }

    /// One CSV of every finding: a 问题 column names the section (for a filter in Excel).
    public func csv() -> Data {
        let width = (sections.map(\.headers.count).max() ?? 0)
        var text = "\u{FEFF}" + CSVText.line(["问题"] + (1...max(1, width)).map { "字段\($0)" })
        for section in nonEmptySections {
            text += CSVText.line(["问题"] + section.headers)
            for row in section.rows { text += CSVText.line([section.title] + row) }
        }
        return Data(text.utf8)
    }

    public func markdown() -> String {
        var text = "## \(heading)\n\n\(overview)\n"
        for section in nonEmptySections {
            text += "\n### \(section.title)（\(section.rows.count)）\n\n\(section.advice)\n\n"
            text += "| " + section.headers.map(Self.markdownCell).joined(separator: " | ") + " |\n"
            text += "|" + section.headers.indices.map { section.numeric.contains($0) ? " ---: |" : " --- |" }.joined() + "\n"
            for row in section.rows { text += "| " + row.map(Self.markdownCell).joined(separator: " | ") + " |\n" }
        }
        return text
    }

    static func markdownCell(_ text: String) -> String {
        var out = ""
        for ch in Text.inert(text) {
            switch ch {
            case "|", "\\", "*", "_", "`", "[", "]", "<", ">", "#": out.append("\\"); out.append(ch)
            case "\n", "\r": out.append(" ")
            default: out.append(ch)
            }
        }
        return out
    }

    /// INTERFACE.md's keys (noRecords, missingYears, notOnRoster, nameMismatch, unitMismatch), and the
    /// internal trainings' findings beside them.
    public func json() -> Data {
        let r = reconciliation
        let sink = ReportSink.memory()
        let json = JSONStream(to: sink)
        func shown(_ id: ResidentID) -> String { id.shown(reveal: revealIDs) }
        // Keys in sorted order, as every JSON the program writes.
        func person(_ id: ResidentID, _ name: String, _ unit: String, department: String??) {
            if let department { json.field("department", department) }
            json.field("id", shown(id)); json.field("name", name); json.field("unit", unit)
        }
        json.object {
            json.field("asOf", r.asOf.description)
            json.key("missingYears")
            json.array {
                for m in r.missingYears {
                    json.object {
                        person(m.person.id, m.person.name, m.person.unit, department: .some(m.person.department))
                        json.key("years"); json.array { for year in m.years { json.int(year) } }
                    }
                }
            }
            json.key("nameMismatch")
            json.array {
                for m in r.nameMismatch {
                    json.object {
                        json.field("id", shown(m.id))
                        json.key("recordNames"); json.array { for name in m.recordNames { json.string(name) } }
                        json.field("rosterName", m.rosterName)
                    }
                }
            }
            json.key("noRecords")
            json.array { for p in r.noRecords { json.object { person(p.id, p.name, p.unit, department: .some(p.department)) } } }
            json.key("notOnRoster")
            json.array { for p in r.notOnRoster { json.object { person(p.id, p.name, p.unit, department: nil) } } }
            json.field("policy", r.policy)
            json.key("unitMismatch")
            json.array {
                for m in r.unitMismatch {
                    json.object {
                        json.field("id", shown(m.id)); json.field("name", m.name); json.field("recordUnit", m.recordUnit); json.field("rosterUnit", m.rosterUnit)
                    }
                }
            }
            json.key("unknownAttendees")
            json.array {
                for a in r.unknownAttendees {
                    json.object {
                        json.field("file", a.file); json.field("name", a.name); json.field("namesakes", a.namesakes)
                        json.field("row", a.row); json.field("start", a.start.description); json.field("title", a.title)
                    }
                }
            }
            json.key("unregisteredTrainings")
            json.array {
                for t in r.unregisteredTrainings {
                    json.object {
                        json.field("end", t.end.description); json.field("file", t.file); json.field("hours", t.hours)
                        json.field("id", shown(t.person.id)); json.field("name", t.person.name); json.field("row", t.row)
                        json.field("start", t.start.description); json.field("title", t.title); json.field("unit", t.person.unit)
                    }
                }
            }
        }
        json.finish()
        return sink.data
    }
}
