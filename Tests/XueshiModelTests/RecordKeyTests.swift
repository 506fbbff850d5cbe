import Testing
@testable import XueshiModel

/// DOMAIN.md: a record is identified by (id, year, category, title, start, end, hours).
@Suite("Record identity")
struct RecordKeyTests {
    static let id = try! ResidentID.parse("330102198503124568").get()
    static let base = HourRecord(id: id, name: "张三", unit: "之江实验室", year: 2024, category: .professional,
                                 title: "大模型应用培训", start: CalendarDate(year: 2024, month: 3, day: 5),
                                 end: CalendarDate(year: 2024, month: 3, day: 6), hours: Hours(8))

    @Test("fields outside the key do not change the identity")
    func sameRecord() {
        var other = Self.base
        other.name = "张 三"
        other.unit = "另一单位"
        other.status = .pending
        other.organizer = "某机构"
        #expect(other.key == Self.base.key)
        #expect(other.key.digest == Self.base.key.digest)
    }

    @Test("each key field makes a different record")
    func differentRecords() {
        var variants: [HourRecord] = []
        var r = Self.base; r.year = 2025; variants.append(r)
        r = Self.base; r.category = .generalPublic; variants.append(r)
        r = Self.base; r.title = "大模型应用培训（二）"; variants.append(r)
        r = Self.base; r.start = nil; variants.append(r)
        r = Self.base; r.end = CalendarDate(year: 2024, month: 3, day: 7); variants.append(r)
        r = Self.base; r.hours = Hours(hundredths: 850); variants.append(r)
        r = Self.base; r.id = try! ResidentID.parse("330106198811110016").get(); variants.append(r)
        let digests = Set(variants.map(\.key.digest) + [Self.base.key.digest])
        #expect(digests.count == variants.count + 1)
    }

    @Test("the digest is stable: it is stored in ledgers and must never change")
    func stableDigest() {
        #expect(Self.base.key.digest == Self.base.key.digest)
        // FNV-1a of the key fields, computed independently (Python).
        #expect(Self.base.key.digest == -4_919_068_302_301_654_378)
    }
}
