import XueshiModel

/// The values each template sees: plain strings (already formatted), booleans and arrays of
/// dictionaries. The names are the templates' vocabulary; the top of each built-in template lists them.
extension TemplateReport {
    // MARK: Shared by every report

    static func commonValues(_ context: ReportContext) -> [String: Any] {
        [
            "title": context.policyTitle.isEmpty ? context.policyName : context.policyTitle,
            "policyName": context.policyName,
            "policyTitle": context.policyTitle,
            "policyRule": context.policyRule,
            "hasPolicyRule": !context.policyRule.isEmpty,
            "policySources": context.policySources,
            "hasPolicySources": !context.policySources.isEmpty,
            "yearsText": yearsText(context.years),
            "hasYears": !context.years.isEmpty,
            "asOf": context.asOf.description,
            "generatedAt": context.generatedAt,
            "idsRevealed": context.revealIDs,
            "idNote": context.revealIDs
                ? "本报告显示完整身份证号，请妥善保管，勿外传。"
                : "身份证号已隐去出生日期。",
        ]
    }

    /// "2023—2025 年", "2024 年", "2021、2023 年".
    static func yearsText(_ years: [Int]) -> String {
        let sorted = years.sorted()
        guard let first = sorted.first, let last = sorted.last else { return "" }
        if first == last { return "\(first) 年" }
        if sorted == Array(first...last) { return "\(first)—\(last) 年" }
        return sorted.map(String.init).joined(separator: "、") + " 年"
    }

    /// The years the reports have columns for: the policy's, else those the people have.
    static func reportYears(_ summary: Summary) -> [Int] {
        if !summary.context.years.isEmpty { return summary.context.years.sorted() }
        return Set(summary.people.flatMap { $0.years.map(\.year) }).sorted()
    }

    static func departmentValues(_ unit: UnitSummary) -> [String: Any] {
        var values = unitValues(unit)
        values["department"] = unit.department ?? ""
        return values
    }

    static func unitValues(_ unit: UnitSummary) -> [String: Any] {
        [
            "unit": unit.unit,
            "people": "\(unit.people)",
            "meeting": "\(unit.meeting)",
            "short": "\(unit.short)",
            "inProgress": "\(unit.inProgress)",
            "notMeeting": "\(unit.notMeeting)",
            "rate": unit.rateText,
            "counted": unit.counted.description,
            "average": unit.averagePerPerson.description,
            "everyoneMeets": unit.people > 0 && unit.notMeeting == 0,
        ]
    }

    /// A unit's counted hours per policy year and per category, in the order of `years` and
    /// `Category.allCases`.
    static func unitHoursValues(_ unit: UnitSummary, years: [Int]) -> [String: Any] {
        [
            "unit": unit.unit,
            "people": "\(unit.people)",
            "yearHours": years.map { ["hours": (unit.countedByYear[$0] ?? .zero).description] },
            "categoryHours": Category.allCases.map { ["hours": (unit.countedByCategory[$0] ?? .zero).description] },
            "counted": unit.counted.description,
        ]
    }

    /// "进行中（尚需 8 学时）".
    static func verdictText(_ person: PersonLine) -> String {
        if person.status == .inProgress, person.stillNeeded > .zero {
            return "\(person.status.label)（尚需 \(person.stillNeeded) 学时）"
        }
        return person.status.label
    }

    /// What every list of people shows of a person.
    static func personBasics(_ person: PersonLine, context: ReportContext) -> [String: Any] {
        [
            "name": person.name,
            "id": context.shownID(person.id),
            "unit": person.unit,
            "status": person.status.label,
            "statusKey": person.status.rawValue,
            "verdict": verdictText(person),
            "isMeets": person.status == .meets,
            "isShort": person.status == .short,
            "isInProgress": person.status == .inProgress,
            "stillNeeded": person.stillNeeded.description,
            "hasStillNeeded": person.stillNeeded > .zero,
            "counted": person.counted.description,
            "reasons": person.reasons.joined(separator: "；"),
            "reasonList": person.reasons,
            "hasReasons": !person.reasons.isEmpty,
            "firstReason": person.reasons.first ?? verdictText(person),
        ]
    }

    // MARK: units.html

    static func unitsHTMLValues(_ summary: Summary) -> [String: Any] {
        let context = summary.context
        let years = reportYears(summary)
        var values = commonValues(context)
        values["units"] = summary.units.map(unitValues)
        values["hasUnits"] = !summary.units.isEmpty
        values["unitCount"] = "\(summary.units.count)"
        values["overall"] = unitValues(summary.overall)
        values["overallRate"] = summary.overall.rateText
        values["departments"] = summary.departments.map(departmentValues)
        values["hasDepartments"] = !summary.departments.isEmpty

        let charted = chartUnits(summary.units)
        let chartable = summary.units.filter { $0.people > 0 }.count
        values["hasChart"] = !charted.isEmpty
        values["chartSVG"] = charted.isEmpty ? "" : rateChartSVG(charted, overall: summary.overall)
        values["chartCapped"] = charted.count < chartable
        values["chartShown"] = "\(charted.count)"
        values["chartTotal"] = "\(chartable)"
        values["chartLimit"] = "\(chartUnitLimit)"

        values["yearHeaders"] = years.map { ["year": "\($0)"] }
        values["categoryHeaders"] = Category.allCases.map { ["label": $0.label] }
        values["yearColumnCount"] = "\(years.count)"
        values["hasYearHeaders"] = !years.isEmpty
        values["categoryColumnCount"] = "\(Category.allCases.count)"
        values["unitHours"] = summary.units.map { unitHoursValues($0, years: years) }
        values["overallHours"] = unitHoursValues(summary.overall, years: years)
        // The people not meeting, by unit in the summary's order of units.
        var byUnit: [String: [PersonLine]] = [:]
        var extraUnits: [String] = []
        let known = Set(summary.units.map(\.unit))
        for person in summary.notMeeting {
            if byUnit[person.unit] == nil, !known.contains(person.unit) { extraUnits.append(person.unit) }
            byUnit[person.unit, default: []].append(person)
        }
        let sections: [[String: Any]] = (summary.units.map(\.unit) + extraUnits).compactMap { unit in
            guard let people = byUnit[unit], !people.isEmpty else { return nil }
            return [
                "unit": unit,
                "notMeetingCount": "\(people.count)",
                "shortCount": "\(people.filter { $0.status == .short }.count)",
                "inProgressCount": "\(people.filter { $0.status == .inProgress }.count)",
                "notMeetingPeople": people.map { person -> [String: Any] in
                    var row = personBasics(person, context: context)
                    row["yearCells"] = years.map { year in yearCell(person.years.first { $0.year == year }, year: year) }
                    return row
                },
            ]
        }
        values["unitSections"] = sections
        values["hasUnitSections"] = !sections.isEmpty
        values["notMeetingTotal"] = "\(summary.notMeeting.count)"
        values["everyoneMeets"] = summary.overall.people > 0 && summary.notMeeting.isEmpty
        return values
    }

    /// A person's year in the per-unit tables: hours counted and still missing.
    static func yearCell(_ line: YearLine?, year: Int) -> [String: Any] {
        guard let line else {
            return ["year": "\(year)", "counted": "—", "shortfall": "—", "hasShortfall": false, "isExempt": false, "exemption": ""]
        }
        let exempt = line.exemption != nil
        return [
            "year": "\(year)",
            "counted": line.counted.description,
            "shortfall": exempt ? "免核" : line.shortfall.description,
            "hasShortfall": !exempt && line.shortfall > .zero,
            "isExempt": exempt,
            "exemption": line.exemption ?? "",
        ]
    }

    // MARK: units.md

    /// One person's line of units.md.
    static func markdownPersonRow(_ person: PersonLine, context: ReportContext) -> [String: Any] {
        var row = personBasics(person, context: context)
        row["name"] = shortened(oneLine(person.name), to: 16)
        row["unit"] = shortened(oneLine(person.unit), to: 24)
        row["firstReason"] = shortened(oneLine(person.reasons.first ?? verdictText(person)), to: 48)
        // Every shortfall of the person, each kept short enough for a chat message.
        let reasons = person.reasons.isEmpty ? [verdictText(person)] : person.reasons
        row["reasonsText"] = reasons.map { shortened(oneLine($0), to: 48) }.joined(separator: "；")
        return row
    }

    static func unitsMarkdownValues(_ summary: Summary, peopleLimit: Int) -> [String: Any] {
        let overall = summary.overall
        var values = commonValues(summary.context)
        values["people"] = "\(overall.people)"
        values["meeting"] = "\(overall.meeting)"
        values["short"] = "\(overall.short)"
        values["inProgress"] = "\(overall.inProgress)"
        values["notMeeting"] = "\(overall.notMeeting)"
        values["rate"] = overall.rateText
        values["everyoneMeets"] = overall.people > 0 && overall.notMeeting == 0
        values["nobody"] = overall.people == 0

        let lagging = worstFirst(summary.units.filter { $0.people > 0 && $0.notMeeting > 0 })
        let worst = lagging.prefix(markdownUnitLimit)
        values["worstUnits"] = worst.enumerated().map { index, unit -> [String: Any] in
            var row = unitValues(unit)
            row["rank"] = "\(index + 1)"
            row["unit"] = shortened(oneLine(unit.unit), to: 24)
            return row
        }
        values["hasWorstUnits"] = !worst.isEmpty
        values["worstUnitCount"] = "\(worst.count)"
        values["laggingUnitCount"] = "\(lagging.count)"
        values["unitCount"] = "\(summary.units.count)"
        // Departments only when asked for (`--by department`): a chat message stays short otherwise.
        values["departments"] = summary.departmentsInMarkdown ? summary.departments.map(departmentValues) : []
        values["hasDepartments"] = summary.departmentsInMarkdown && !summary.departments.isEmpty

        let notMeeting = summary.notMeeting
        let listed = notMeeting.prefix(peopleLimit)
        values["notMeetingPeople"] = listed.map { markdownPersonRow($0, context: summary.context) }
        values["hasNotMeetingPeople"] = !listed.isEmpty
        values["listedCount"] = "\(listed.count)"
        values["morePeople"] = "\(notMeeting.count - listed.count)"
        values["hasMorePeople"] = notMeeting.count > listed.count
        return values
    }

    // MARK: person.html

    static func personValues(_ summary: Summary) -> [String: Any] {
        let context = summary.context
        var values = commonValues(context)
        values["categoryHeaders"] = Category.allCases.map { ["label": $0.label] }
        values["people"] = summary.people.map { personStatement($0, context: context) }
        values["documentTitle"] = summary.people.count == 1
            ? "继续教育学时核对单 · \(summary.people[0].name)"
            : "继续教育学时核对单（\(summary.people.count) 人）"
        return values
    }

    static func personStatement(_ person: PersonLine, context: ReportContext) -> [String: Any] {
        var values = personBasics(person, context: context)
        let years = person.years.sorted { $0.year < $1.year }
        values["yearRows"] = years.map { line -> [String: Any] in
            let exempt = line.exemption != nil
            let state: String
            if exempt { state = "免核" }
            else if line.meets { state = "达标" }
            else if line.year >= context.asOf.year { state = "进行中" }
            else { state = "未达标" }
            return [
                "year": "\(line.year)",
                "categories": Category.allCases.map { ["hours": (line.byCategory[$0] ?? .zero).description] },
                "counted": line.counted.description,
                "shortfall": exempt ? "—" : line.shortfall.description,
                "hasShortfall": !exempt && line.shortfall > .zero,
                "pending": line.pending.description,
                "hasPending": line.pending > .zero,
                "state": state,
                "meets": line.meets,
                "isExempt": exempt,
                "exemption": line.exemption ?? "",
            ]
        }
        values["hasYearRows"] = !years.isEmpty
        values["categoryTotals"] = Category.allCases.map { category in
            ["hours": years.reduce(Hours.zero) { $0 + ($1.byCategory[category] ?? .zero) }.description]
        }
        values["countedTotal"] = years.reduce(Hours.zero) { $0 + $1.counted }.description
        values["shortfallTotal"] = years.reduce(Hours.zero) { $0 + ($1.exemption == nil ? $1.shortfall : .zero) }.description
        values["pendingTotal"] = years.reduce(Hours.zero) { $0 + $1.pending }.description
        values["records"] = person.records.map { record -> [String: Any] in
            [
                "year": "\(record.year)",
                "date": record.date?.description ?? "—",
                "category": record.category.label,
                "title": record.title,
                "organizer": record.organizer ?? "",
                "hasOrganizer": !(record.organizer ?? "").isEmpty,
                "hours": record.hours.description,
                "counted": record.counted.description,
                "isCounted": record.counted > .zero,
                "isPartlyCounted": record.counted > .zero && record.counted < record.hours,
                "status": record.status.label,
                "fate": record.fate,
                "source": "\(record.sourceFile) 第 \(record.sourceRow) 行",
                "sourceFile": record.sourceFile,
                "sourceRow": "\(record.sourceRow)",
            ]
        }
        values["hasRecords"] = !person.records.isEmpty
        values["recordCount"] = "\(person.records.count)"
        values["recordsCountedTotal"] = person.records.reduce(Hours.zero) { $0 + $1.counted }.description
        return values
    }
}
