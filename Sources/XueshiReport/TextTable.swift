import Foundation
import XueshiModel

/// A plain-text table (terminal, `report --format table`) whose columns line up with Chinese text (CJK
/// characters are two columns), fitted to a width when given one: long text wraps under its column,
/// and when that is not enough the least needed columns are left out, with a line saying which.
/// Without a width (a pipe, a file) the whole table is written, one line per row.
public struct TextTable {
    public struct Column: Sendable {
        public var header: String
        /// Right-aligned (numbers); never wrapped.
        public var numeric: Bool
        /// May fold onto several lines, down to `minimumWidth` columns.
        public var wraps: Bool
        public var minimumWidth: Int
        /// Columns are left out lowest first when the table cannot fit otherwise, all columns of one
        /// value together (the year columns go as one); `Column.kept` columns never.
        public var dropOrder: Int

        public static let kept = Int.max

        public init(_ header: String, numeric: Bool = false, wraps: Bool = false, minimumWidth: Int = 10, dropOrder: Int = Column.kept) {
            self.header = header; self.numeric = numeric; self.wraps = wraps && !numeric
            self.minimumWidth = minimumWidth; self.dropOrder = dropOrder
        }
    }

    public var columns: [Column]
    public var rows: [[String]] = []

    public init(columns: [Column], rows: [[String]] = []) {
        self.columns = columns; self.rows = rows
    }

    /// A table of plain columns: those in `numeric` right-aligned; the text columns may wrap.
    public init(headers: [String], rows: [[String]] = [], numeric: Set<Int> = []) {
        self.columns = headers.enumerated().map { index, header in
            Column(header, numeric: numeric.contains(index), wraps: !numeric.contains(index))
        }
        self.rows = rows
    }

    public var headers: [String] { columns.map(\.header) }

    static let gap = 2

    /// The table as lines; fitted to `width` columns when given.
    public func render(width: Int? = nil) -> String {
        let natural = columns.indices.map { index in
            rows.reduce(Text.displayWidth(columns[index].header)) { max($0, Text.displayWidth(index < $1.count ? $1[index] : "")) }
        }
        var shown = Array(columns.indices)
        var widths = natural
        var dropped: [String] = []
        if let width {
            while true {
                if let fitted = Self.fit(shown.map { (columns[$0], natural[$0]) }, into: width) {
                    for (position, index) in shown.enumerated() { widths[index] = fitted[position] }
                    break
                }
                // Leave out the least needed group of columns, if any may go.
                guard let lowest = shown.map({ columns[$0].dropOrder }).filter({ $0 != Column.kept }).min() else {
                    // Nothing more may go: as narrow as it gets, wider than the window.
                    for index in shown { widths[index] = Self.narrowest(columns[index], natural: natural[index]) }
                    break
                }
                dropped += shown.filter { columns[$0].dropOrder == lowest }.map { columns[$0].header }
                shown.removeAll { columns[$0].dropOrder == lowest }
            }
        }

        func lines(_ cells: [String]) -> [String] {
            let folded = shown.map { index -> [String] in
                let cell = index < cells.count ? cells[index] : ""
                return columns[index].wraps ? Self.wrap(cell, width: widths[index]) : [cell]
            }
            let height = folded.map(\.count).max() ?? 1
            return (0..<height).map { line in
                zip(shown, folded).map { index, parts in
                    Text.pad(line < parts.count ? parts[line] : "", to: widths[index], right: columns[index].numeric)
                }.joined(separator: String(repeating: " ", count: Self.gap)).trimmingTrailingSpaces()
            }
        }
        var output = lines(columns.map(\.header))
        output.append(shown.map { String(repeating: "-", count: widths[$0]) }.joined(separator: String(repeating: " ", count: Self.gap)))
        for row in rows { output += lines(row) }
        if !dropped.isEmpty {
            output.append("（窗口较窄，未显示：\(dropped.joined(separator: "、"))；加宽窗口或输出到文件可看全部）")
        }
        return output.joined(separator: "\n")
    }

    /// Widths that fit `width`, narrowing the wrapping columns (widest first) no further than their
    /// minimum and their header; nil when even that is too wide. Room left over goes back to the
    /// wrapping columns that were cut.
    static func fit(_ columns: [(column: Column, natural: Int)], into width: Int) -> [Int]? {
        var widths = columns.map(\.natural)
        let gaps = gap * max(0, columns.count - 1)
        func total() -> Int { widths.reduce(gaps, +) }
        if total() <= width { return widths }
        let floor = columns.map { narrowest($0.column, natural: $0.natural) }
        if floor.reduce(gaps, +) > width { return nil }
        // Take one column at a time from the widest wrapping column still above its floor.
        var excess = total() - width
        while excess > 0 {
            guard let widest = widths.indices.filter({ widths[$0] > floor[$0] }).max(by: { widths[$0] < widths[$1] }) else { return nil }
            widths[widest] -= 1
            excess -= 1
        }
        return widths
    }

    /// How narrow a column may get: a wrapping one down to its minimum (never below its header).
    static func narrowest(_ column: Column, natural: Int) -> Int {
        column.wraps ? min(natural, max(column.minimumWidth, Text.displayWidth(column.header))) : natural
    }

    /// Text of several lines with every line longer than `width` columns folded (the same rule as a
    /// wrapping column); unchanged when `width` is nil. For the prose around tables: headings, totals
    /// and the note of left-out columns. Every text for a terminal passes here, so control characters
    /// from a file (an escape that recolours the terminal or moves its cursor) are made inert here too.
    public static func fold(_ text: String, width: Int?) -> String {
        let text = Text.inert(text, keepingLineBreaks: true)
        guard let width else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .flatMap { wrap(String($0), width: width) }
            .joined(separator: "\n")
    }

    static let neverStartsLine: Set<Character> = ["，", "、", "；", "：", "。", "）", "」", "》", ",", ";", ":", ")", "."]

    /// Text folded into lines of at most `width` columns, broken after a Chinese comma, a semicolon
    /// or a space when one is near the end of the line, else anywhere (Chinese has no spaces).
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0, Text.displayWidth(text) > width else { return [text] }
        var lines: [String] = []
        var line = "", lineWidth = 0
        var lastBreak: String.Index?
        for character in text {
            let characterWidth = Text.displayWidth(String(character))
            if lineWidth + characterWidth > width, !line.isEmpty {
                // A comma or a closing bracket never starts a line: the character before it goes along.
                if Self.neverStartsLine.contains(character), line.count > 1 {
                    let carried = line.removeLast()
                    lines.append(line.trimmingTrailingSpaces())
                    line = String(carried)
                    lineWidth = Text.displayWidth(line)
                    lastBreak = nil
                    line.append(character)
                    lineWidth += characterWidth
                    continue
                }
                if let breakAt = lastBreak, line.distance(from: line.startIndex, to: breakAt) * 3 >= line.count * 2 {
                    let rest = String(line[breakAt...])
                    lines.append(String(line[..<breakAt]).trimmingTrailingSpaces())
                    line = String(rest.drop { $0 == " " })
                } else {
                    lines.append(line.trimmingTrailingSpaces())
                    line = ""
                }
                lineWidth = Text.displayWidth(line)
                lastBreak = nil
            }
            line.append(character)
            lineWidth += characterWidth
            if "，、；：。,; )）".contains(character) { lastBreak = line.endIndex }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
