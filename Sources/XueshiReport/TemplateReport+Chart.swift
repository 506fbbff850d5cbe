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
    /// it: unit names on the left (shortened to fit; the whole name in the bar's tooltip), the rate
    /// after the bar, a dashed line at the overall rate. Every text in it is XML-escaped here, since the
    /// template inserts it raw.
    static func rateChartSVG(_ units: [UnitSummary], overall: UnitSummary) -> String {
        let labelWidth = 210, barWidth = 420, valueWidth = 64
        let rowHeight = 22, barHeight = 14, top = 8, axisHeight = 22
        let width = labelWidth + barWidth + valueWidth
        let rowsBottom = top + units.count * rowHeight
        let height = rowsBottom + axisHeight
        func x(_ basisPoints: Int) -> Int { labelWidth + barWidth * min(max(basisPoints, 0), 10_000) / 10_000 }

        var svg = "<svg class=\"rate-chart\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\""
        svg += " role=\"img\" aria-label=\"各单位达标率\" font-size=\"12\" fill=\"#222\">\n"
        // Grid and axis: 0, 25, 50, 75, 100%.
        for tick in stride(from: 0, through: 100, by: 25) {
            let tx = x(tick * 100)
            svg += "<line x1=\"\(tx)\" y1=\"\(top - 4)\" x2=\"\(tx)\" y2=\"\(rowsBottom)\" stroke=\"#ccc\" stroke-width=\"1\"/>"
            svg += "<text x=\"\(tx)\" y=\"\(rowsBottom + 16)\" text-anchor=\"middle\" fill=\"#555\">\(tick)%</text>\n"
        }
        for (index, unit) in units.enumerated() {
            let y = top + index * rowHeight
            let barEnd = x(unit.rateBasisPoints)
            let tooltip = "\(unit.unit)：\(unit.rateText)（\(unit.meeting)/\(unit.people) 人达标）"
            svg += "<g><title>\(xmlEscape(tooltip))</title>"
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + rowHeight / 2 + 4)\" text-anchor=\"end\">\(xmlEscape(chartLabel(unit.unit)))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + (rowHeight - barHeight) / 2)\" width=\"\(barEnd - labelWidth)\" height=\"\(barHeight)\" fill=\"#4a78b5\"/>"
            svg += "<text x=\"\(barEnd + 4)\" y=\"\(y + rowHeight / 2 + 4)\">\(xmlEscape(unit.rateText))</text></g>\n"
        }
        if overall.people > 0 {
            let ox = x(overall.rateBasisPoints)
            svg += "<line x1=\"\(ox)\" y1=\"\(top - 6)\" x2=\"\(ox)\" y2=\"\(rowsBottom + 2)\" stroke=\"#b00020\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\">"
            svg += "<title>\(xmlEscape("合计：\(overall.rateText)"))</title></line>\n"
        }
        svg += "</svg>"
        return svg
    }

    /// A unit's name shortened to what fits left of the bars (about 190 px at 12 px: a Chinese
    /// character takes 12, a Latin one about 7).
    static func chartLabel(_ name: String) -> String {
        let clean = oneLine(name)
        if clean.isEmpty { return "（未填单位）" }
        let limit = 190
        let widths = clean.map { Text.displayWidth(String($0)) >= 2 ? 12 : 7 }
        if widths.reduce(0, +) <= limit { return clean }
        var used = 12  // the ellipsis
        var out = ""
        for (character, width) in zip(clean, widths) {
            if used + width > limit { break }
            used += width
            out.append(character)
        }
        return out + "…"
    }
}
