import Testing
import XueshiDataFile
import XueshiModel
@testable import XueshiVerify

@Suite("Policies are data, checked before use")
struct PolicyTests {
    static let base = """
        name: test
        years: [2023, 2024]
        mode: annual
        annual:
          total: 90
          categories:
            professional: 60

        """

    @Test("a minimal policy parses")
    func parses() throws {
        let policy = try Policy(yaml: Self.base, file: "p.yaml")
        #expect(policy.years == [2023, 2024])
        #expect(policy.annual?.categories[.professional] == Hours(60))
    }

    @Test("a wrong policy is refused with its file and line", arguments: [
        (base.replacingOccurrences(of: "professional: 60", with: "professionl: 60"), 7, "professionl"),
        (base.replacingOccurrences(of: "total: 90", with: "total: -5"), 5, "负数"),
        (base.replacingOccurrences(of: "years: [2023, 2024]", with: "years: []"), 2, "没有列出要核查的年度"),
        (base + "caps:\n  - { category: professional, per_year: 40 }\n", 9, "无人能够达标"),
        (base + "caps:\n  - { form: webinar, per_year: 40 }\n", 9, "webinar"),
        (base.replacingOccurrences(of: "mode: annual", with: "mode: yearly"), 3, "yearly"),
        (base + "counted_statuses: [approved, maybe]\n", 8, "maybe"),
        (base + "hours_due: someday\n", 8, "someday"),
        (base + "exemptions: { before_work_starts: true }\n", 8, "before_work_starts"),
        (base.replacingOccurrences(of: "mode: annual", with: "mode: cumulative"), 3, "cumulative"),
    ] as [(String, Int, String)])
    func refused(yaml: String, line: Int, mentions: String) {
        let error = #expect(throws: DataFileError.self) { try Policy(yaml: yaml, file: "mine.yaml") }
        #expect(error?.file == "mine.yaml")
        #expect(error?.line == line, "\(String(describing: error))")
        #expect(error?.description.contains(mentions) == true, "\(String(describing: error))")
    }

    @Test("a cumulative cap that no one could reach through is refused")
    func cumulativeCap() {
        let yaml = """
            name: c
            years: [2023, 2024, 2025]
            mode: cumulative
            cumulative:
              total: 270
              categories: { professional: 180 }
            caps:
              - { category: professional, per_year: 50 }

            """
        #expect(throws: DataFileError.self) { try Policy(yaml: yaml, file: "c.yaml") }
    }

    @Test("the built-in policy is listed and printable")
    func builtIn() {
        #expect(Policy.builtIn().map(\.name).contains("zj-ai-senior-2025"))
        #expect(Policy.builtInText(named: "zj-ai-senior-2025")?.contains("人社部令第25号") == true)
    }
}
