import XueshiModel

extension TemplateReport {
    /// The units the chart shows: those with people, lowest rate first (then most people not meeting,
    /// then by name), at most `chartUnitLimit`.
    static func chartUnits(_ units: [UnitSummary]) -> [UnitSummary] {
        Array(worstFirst(units.filter { $0.people > 0 }).prefix(chartUnitLimit))
    }

    /// Lowest rate first; among equal rates, more people not meeting first; then by name.
    static func worstFirst(_ units: [UnitSummary]) -> [UnitSummary] {
        units.sorted {
            if $0.rateBasisPoints != $1.rateBasisPoints { return $0.rateBasisPoints < $1.rateBasisPoints }
            if $0.notMeeting != $1.notMeeting { return $0.notMeeting > $1.notMeeting }
            return PinyinOrder.precedes($0.unit, $1.unit)
        }
    }

    /// The rate of each unit as horizontal bars, an inline SVG with no reference to anything outside
    /// it: each unit's whole name on the left (wrapped onto as many lines as it needs), the rate after
    /// the bar, a dashed line at the overall rate labelled above the bars. A rate label that would sit
    /// on the dashed line moves past it. Every text in it is XML-escaped here, since the template
    /// inserts it raw.
    static func rateChartSVG(_ units: [UnitSummary], overall: UnitSummary) -> String {
        let labelWidth = 210, barWidth = 420, valueWidth = 64
        let lineHeight = 15, rowPadding = 7, barHeight = 14, axisHeight = 22
        let top = overall.people > 0 ? 22 : 8  // room for the overall line's label
        let width = labelWidth + barWidth + valueWidth
        let labels = units.map { chartLabelLines($0.unit) }
        let rowHeights = labels.map { max($0.count * lineHeight, barHeight) + rowPadding }
        let rowsBottom = top + rowHeights.reduce(0, +)
        let height = rowsBottom + axisHeight
        func x(_ basisPoints: Int) -> Int { labelWidth + barWidth * min(max(basisPoints, 0), 10_000) / 10_000 }
        let overallX = overall.people > 0 ? x(overall.rateBasisPoints) : nil

        var svg = "<svg class=\"rate-chart\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\""
        svg += " role=\"img\" aria-label=\"各单位达标率\" font-size=\"12\" fill=\"#222\">\n"
        // Grid and axis: 0, 25, 50, 75, 100%.
        for tick in stride(from: 0, through: 100, by: 25) {
            let tx = x(tick * 100)
            svg += "<line x1=\"\(tx)\" y1=\"\(top - 4)\" x2=\"\(tx)\" y2=\"\(rowsBottom)\" stroke=\"#ccc\" stroke-width=\"1\"/>"
            svg += "<text x=\"\(tx)\" y=\"\(rowsBottom + 16)\" text-anchor=\"middle\" fill=\"#555\">\(tick)%</text>\n"
        }
        var y = top
        for (index, unit) in units.enumerated() {
            let rowHeight = rowHeights[index], lines = labels[index]
            let middle = y + rowHeight / 2
            let barEnd = x(unit.rateBasisPoints)
            let tooltip = "\(unit.unit)：\(unit.rateText)（\(unit.meeting)/\(unit.people) 人达标）"
            svg += "<g><title>\(xmlEscape(tooltip))</title>"
            let firstBaseline = middle - (lines.count * lineHeight) / 2 + lineHeight - 3
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(firstBaseline)\" text-anchor=\"end\">"
            for (number, line) in lines.enumerated() {
                svg += "<tspan x=\"\(labelWidth - 8)\"\(number == 0 ? "" : " dy=\"\(lineHeight)\"")>\(xmlEscape(line))</tspan>"
            }
            svg += "</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(middle - barHeight / 2)\" width=\"\(barEnd - labelWidth)\" height=\"\(barHeight)\" fill=\"#4a78b5\"/>"
            svg += "<text x=\"\(valueX(barEnd: barEnd, text: unit.rateText, avoiding: overallX))\" y=\"\(middle + 4)\">\(xmlEscape(unit.rateText))</text></g>\n"
            y += rowHeight
        }
        if let overallX {
            let label = "合计 \(overall.rateText)"
            // The label above the bars, kept inside the drawing when the line is near either edge.
            let labelHalf = textWidth(label) / 2
            let labelX = min(max(overallX, labelHalf), width - labelHalf)
            svg += "<text x=\"\(labelX)\" y=\"\(top - 8)\" text-anchor=\"middle\" fill=\"#b00020\">\(xmlEscape(label))</text>"
            svg += "<line x1=\"\(overallX)\" y1=\"\(top - 4)\" x2=\"\(overallX)\" y2=\"\(rowsBottom + 2)\" stroke=\"#b00020\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\">"
            svg += "<title>\(xmlEscape("合计：\(overall.rateText)"))</title></line>\n"
        }
        svg += "</svg>"
        return svg
    }

    /// Where a bar's rate label starts: just after the bar, or just past the overall line when the
    /// label would otherwise cross it.
    static func valueX(barEnd: Int, text: String, avoiding line: Int?) -> Int {
        let start = barEnd + 4
        guard let line else { return start }
        let end = start + textWidth(text)
        return (start - 3...end + 3).contains(line) ? line + 5 : start
    }

    /// The width of a text at 12 px: a Chinese character takes 12, a Latin one about 7.
    static func textWidth(_ text: String) -> Int {
        text.reduce(0) { $0 + (Text.displayWidth(String($1)) >= 2 ? 12 : 7) }
    }

    /// A unit's whole name broken into lines that fit left of the bars (about 190 px at 12 px). Only
    /// a name longer than four lines is cut (with "…"); the tooltip and the tables keep it whole.
    static func chartLabelLines(_ name: String) -> [String] {
        let clean = oneLine(name)
        if clean.isEmpty { return ["（未填单位）"] }
        let limit = 190, maximumLines = 4
        var lines: [String] = [], current = "", used = 0
        for character in clean {
            let width = textWidth(String(character))
            if used + width > limit, !current.isEmpty {
                lines.append(current)
                current = ""; used = 0
            }
            current.append(character); used += width
        }
        if !current.isEmpty { lines.append(current) }
        if lines.count > maximumLines {
            lines = Array(lines.prefix(maximumLines))
            lines[maximumLines - 1] = String(lines[maximumLines - 1].dropLast()) + "…"
        }
        return lines
    }
}
