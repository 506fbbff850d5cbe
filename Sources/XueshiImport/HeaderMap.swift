import XueshiModel
import XueshiRead

/// Where a profile's fields stand in one file: found by reading the header row below any title rows.
public struct HeaderMap: Sendable {
    public let profile: ImportProfile
    /// The header's row number as a spreadsheet shows it.
    public let row: Int
    /// The column of each field the file has.
    public let columns: [Field: Int]
    /// The header text of each column as the file writes it (trimmed), for messages.
    public let headerTexts: [Int: String]
    /// Headers the profile does not know: ignored, but listed so that a user can spot a misnamed column.
    public let ignoredHeaders: [String]

    /// The header of a field's column as the file writes it, else the field's usual name.
    public func columnName(_ field: Field) -> String {
        columns[field].flatMap { headerTexts[$0] } ?? field.label
    }
}

extension ImportProfile {
    /// The header row's mapping, when every required field has a column in `row`.
    public func matchHeader(_ row: RawRow) -> HeaderMap? {
        let (columns, texts) = columnsNamed(in: row)
        for (field, spec) in fields where spec.required && columns[field] == nil { return nil }
        switch kind {
        case .hours: break
        case .roster:
            // Name, ID and unit alone are on every hour export too: a roster is told by a column of its own,
            // so that an export missing a column is never taken for a roster (which replaces the unit's staff).
            guard [Field.department, .workStart, .employment, .applicant].contains(where: { columns[$0] != nil }) else { return nil }
        case .trainings:
            guard columns[.attendees] != nil || columns[.name] != nil else { return nil }
        }
        let ignored = texts.keys.sorted().filter { column in !columns.values.contains(column) }.compactMap { texts[$0] }
        return HeaderMap(profile: self, row: row.number, columns: columns, headerTexts: texts, ignoredHeaders: ignored)
    }

    /// Fields found in a row, taking for each field the column whose header comes first in the
    /// profile's list of aliases (so 开始日期 wins over 开始时间 when a file has both).
    func columnsNamed(in row: RawRow) -> ([Field: Int], [Int: String]) {
        var best: [Field: (column: Int, rank: Int)] = [:]
        var texts: [Int: String] = [:]
        for (column, cell) in row.cells.enumerated() {
            let written = Text.trim(cell.text)
            guard !written.isEmpty else { continue }
            texts[column] = written
            guard let (field, rank) = fieldForHeader(written) else { continue }
            if let current = best[field], current.rank <= rank { continue }
            best[field] = (column, rank)
        }
        return (best.mapValues(\.column), texts)
    }

    /// The field a header names: exactly (after canonicalising), else without a bracketed note
    /// such as 学时（小时） or 开始日期(yyyy-mm-dd).
    func fieldForHeader(_ header: String) -> (Field, Int)? {
        let key = ImportProfile.canonicalKey(header)
        if let hit = headerIndex[key] { return hit }
        if let open = key.firstIndex(where: { $0 == "(" || $0 == "（" }), open != key.startIndex {
            return headerIndex[String(key[..<open])]
        }
        return nil
    }

    /// Every alias's canonical form → its field and rank; made once per profile (asked for every cell of
    /// the rows searched for a header, and a row may hold 16,384 cells).
    static func headerIndex(_ fields: [Field: FieldSpec]) -> [String: (Field, Int)] {
        var index: [String: (Field, Int)] = [:]
        for (field, spec) in fields.sorted(by: { $0.key.ordinal < $1.key.ordinal }) {
            for (rank, alias) in spec.headers.enumerated() {
                let key = ImportProfile.canonicalKey(alias)
                if index[key] == nil { index[key] = (field, rank) }
            }
        }
        return index
    }

    /// The required fields and the headers accepted for each, for the message shown when no header
    /// row is found: "姓名；身份证号 / 身份证号码 / 证件号码 / 公民身份号码；…".
    public var requiredHeadersDescription: String {
        var parts = Field.allCases.compactMap { field -> String? in
            guard let spec = fields[field], spec.required else { return nil }
            return spec.headers.joined(separator: " / ")
        }
        func oneOf(_ choices: [Field]) -> String {
            "以下至少一列：" + choices.compactMap { fields[$0]?.headers.first }.joined(separator: "、")
        }
        switch kind {
        case .hours: break
        case .roster: parts.append(oneOf([.department, .workStart, .employment, .applicant]))
        case .trainings: parts.append(oneOf([.attendees, .name]))
        }
        return parts.joined(separator: "；")
    }
}
