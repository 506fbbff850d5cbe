import Foundation
import XueshiModel

/// A plain-text table (terminal, `report --format table`) whose columns line up with Chinese text (CJK characters are two columns).
public struct TextTable {
    public var headers: [String]
    public var rows: [[String]] = []
    /// Columns aligned to the right (numbers).
    public var numeric: Set<Int> = []

    public init(headers: [String], rows: [[String]] = [], numeric: Set<Int> = []) {
        self.headers = headers; self.rows = rows; self.numeric = numeric
    }

    public func render() -> String {
        var widths = headers.map(Text.displayWidth)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], Text.displayWidth(cell))
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                Text.pad(cell, to: widths[index], right: numeric.contains(index))
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        var lines = [line(headers), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        lines += rows.map(line)
        return lines.joined(separator: "\n")
    }
}
