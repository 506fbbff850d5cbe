import XueshiModel
import XueshiVerify

/// The one order people are listed in, in every report and format: those who need action first
/// (short, then in progress, then meeting), then by unit in pinyin order, then by ID.
public enum PeopleOrder {
    public static func sorted(_ verdicts: [Verdict]) -> [Verdict] {
        sorted(verdicts, status: \.status, unit: \.unit, id: \.id)
    }

    public static func sorted(_ people: [PersonLine]) -> [PersonLine] {
        sorted(people, status: \.status, unit: \.unit, id: \.id)
    }

    static func sorted<Item>(_ items: [Item], status: (Item) -> VerdictStatus, unit: (Item) -> String, id: (Item) -> ResidentID) -> [Item] {
        let unitRank = PinyinOrder.ranks(of: items.map(unit))
        let keys = items.map { (status($0), unitRank[UTF8Key(unit($0))]!, id($0).value) }
        return items.indices.sorted { i, j in
            let a = keys[i], b = keys[j]
            if a.0 != b.0 { return a.0 < b.0 }
            if a.1 != b.1 { return a.1 < b.1 }
            return a.2.utf8.lexicographicallyPrecedes(b.2.utf8)
        }.map { items[$0] }
    }
}
