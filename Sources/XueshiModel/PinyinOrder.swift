import Foundation

/// Chinese names (units, departments) in the order Chinese users look for them: by pinyin, as a
/// Chinese dictionary, Excel and WPS sort them (the zh locale's collation), ties broken by the bytes so
/// that the order never depends on the input's.
public enum PinyinOrder {
    private static let chinese = Locale(identifier: "zh_CN")

    /// Whether `a` comes before `b`.
    public static func precedes(_ a: String, _ b: String) -> Bool {
        switch a.compare(b, options: [], range: nil, locale: chinese) {
        case .orderedAscending: return true
        case .orderedDescending: return false
        case .orderedSame: return a.utf8.lexicographicallyPrecedes(b.utf8)
        }
    }

    public static func sorted(_ names: some Sequence<String>) -> [String] {
        names.sorted(by: precedes)
    }

    /// Each distinct name's place in pinyin order. Collation is slow next to comparing bytes, so a
    /// large list is sorted by these ranks: the few distinct names are collated once.
    /// Keyed by the bytes (`UTF8Key`), which hash far faster than `String`'s canonical equivalence.
    public static func ranks(of names: some Sequence<String>) -> [UTF8Key: Int] {
        var distinct: [String] = []
        var seen = Set<UTF8Key>()
        for name in names where seen.insert(UTF8Key(name)).inserted { distinct.append(name) }
        return Dictionary(uniqueKeysWithValues: sorted(distinct).enumerated().map { (UTF8Key($1), $0) })
    }
}
