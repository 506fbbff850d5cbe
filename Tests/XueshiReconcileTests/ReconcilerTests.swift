import Testing
import XueshiModel
@testable import XueshiReconcile

/// DOMAIN.md: the roster is the authority on who works in a unit now; reconciling lists the staff with
/// nothing registered, the years missing, the people on no roster, and names and units that differ.
@Suite("Reconciling rosters with records")
struct ReconcilerTests {
    static func id(_ text: String) -> ResidentID { try! ResidentID.parse(text).get() }
    static let zhang = id("330106198803124514"), wang = id("330102199007153620"), li = id("330522198501012842")
    static let zhao = id("330108198906201263"), chen = id("330103198709095420")
    static let asOf = CalendarDate(year: 2026, month: 1, day: 10)!

    var reconciler = Reconciler(years: [2023, 2024, 2025], asOf: ReconcilerTests.asOf, policyName: "zj-ai-senior-2025")

    @Test("staff on the roster with no record at all are listed; those who left are not")
    func noRecords() {
        let input = ReconcileInput(roster: [
            .init(id: Self.zhang, name: "张伟", unit: "之江实验室"),
            .init(id: Self.wang, name: "王芳", unit: "之江实验室", employment: .left),
            .init(id: Self.li, name: "李娜", unit: "之江实验室"),
        ], recorded: [.init(id: Self.li, names: ["李娜"], unit: "之江实验室", years: [2023, 2024, 2025])])
        let result = reconciler.reconcile(input)
        #expect(result.noRecords.map(\.id) == [Self.zhang])
        #expect(result.missingYears.isEmpty && result.notOnRoster.isEmpty && result.nameMismatch.isEmpty && result.unitMismatch.isEmpty)
        #expect(result.rosterPeople == 2)
    }

    @Test("a policy year with no record is missing, unless it is before work started, exempt, or not begun")
    func missingYears() {
        let input = ReconcileInput(roster: [
            .init(id: Self.zhang, name: "张伟", unit: "之江实验室"),
            .init(id: Self.li, name: "李娜", unit: "之江实验室", workStart: CalendarDate(year: 2025, month: 3, day: 1)),
            .init(id: Self.zhao, name: "赵敏", unit: "之江实验室"),
        ], recorded: [
            .init(id: Self.zhang, names: ["张伟"], unit: "之江实验室", years: [2023, 2025]),
            .init(id: Self.li, names: ["李娜"], unit: "之江实验室", years: [2025]),
            .init(id: Self.zhao, names: ["赵敏"], unit: "之江实验室", years: [2023]),
        ], exemptYears: [Self.zhao: [2024]])
        let result = reconciler.reconcile(input)
        #expect(result.missingYears.map(\.person.id) == [Self.zhang, Self.zhao])
        #expect(result.missingYears.map(\.years) == [[2024], [2025]])
        let early = Reconciler(years: [2023, 2024, 2025], asOf: CalendarDate(year: 2024, month: 6, day: 1)!, policyName: "p")
        #expect(early.reconcile(input).missingYears.map(\.years) == [[2024]], "2025 has not begun; 赵敏's 2024 is exempt")
    }

    @Test("records on no roster, another name for one ID, and another unit are each listed once")
    func mismatches() {
        let input = ReconcileInput(roster: [
            .init(id: Self.zhang, name: "张伟", unit: "之江实验室"),
            .init(id: Self.li, name: "李娜", unit: "之江实验室"),
        ], recorded: [
            .init(id: Self.zhang, names: ["张玮", "张伟"], unit: "之江实验室", years: [2023, 2024, 2025]),
            .init(id: Self.li, names: ["李娜"], unit: "浙江数智研究院", years: [2023, 2024, 2025]),
            .init(id: Self.chen, names: ["陈静"], unit: "杭州智算科技有限公司", years: [2023]),
        ])
        let result = reconciler.reconcile(input)
        #expect(result.nameMismatch == [.init(id: Self.zhang, unit: "之江实验室", rosterName: "张伟", recordNames: ["张玮"])])
        #expect(result.unitMismatch == [.init(id: Self.li, name: "李娜", rosterUnit: "之江实验室", recordUnit: "浙江数智研究院")])
        #expect(result.notOnRoster.map(\.id) == [Self.chen])
        var oneUnit = reconciler
        oneUnit.unit = "之江实验室"
        let scoped = oneUnit.reconcile(input)
        #expect(scoped.notOnRoster.isEmpty, "陈静's records name another unit")
        #expect(scoped.unitMismatch.count == 1)
    }

    @Test("an internal training with no registered record of the attendee, dates overlapping and hours close, is listed")
    func unregisteredTrainings() {
        let day = { (d: Int) in CalendarDate(year: 2025, month: 3, day: d)! }
        let training = InternalTraining(title: "大模型应用开发培训", start: day(10), end: day(11), hours: Hours(16),
                                        attendees: [.init(name: "张伟"), .init(name: "李娜"), .init(name: "王芳"), .init(name: "刘洋", id: Self.chen)])
        let input = ReconcileInput(
            roster: [.init(id: Self.zhang, name: "张伟", unit: "之江实验室"), .init(id: Self.li, name: "李娜", unit: "之江实验室"),
                     .init(id: Self.zhao, name: "王芳", unit: "之江实验室"), .init(id: Self.wang, name: "王芳", unit: "浙江数智研究院")],
            recorded: [.init(id: Self.zhang, names: ["张伟"], unit: "之江实验室", years: [2025]),
                       .init(id: Self.li, names: ["李娜"], unit: "之江实验室", years: [2025])],
            trainings: [.init(training: training, file: "签到表.xlsx", row: 3)],
            records: [.init(id: Self.zhang, title: "大模型应用开发", start: day(10), end: day(10), hours: Hours(hundredths: 1550)),
                      .init(id: Self.li, title: "大模型应用开发", start: day(12), end: day(12), hours: Hours(16))])
        let result = reconciler.reconcile(input)
        #expect(result.unregisteredTrainings.map(\.person.id) == [Self.li, Self.chen],
                "张伟's record overlaps and is within half an hour; 李娜's is on another day; 刘洋 (by ID) has none")
        #expect(result.unknownAttendees.map(\.name) == ["王芳"])
        #expect(result.unknownAttendees.first?.namesakes == 2)
    }

    @Test("hours beyond the tolerance are another training")
    func tolerance() {
        let day = CalendarDate(year: 2025, month: 5, day: 6)!
        let training = InternalTraining(title: "安全培训", start: day, end: day, hours: Hours(8), attendees: [.init(name: "张伟", id: Self.zhang)])
        let near = ReconcileInput.RegisteredRecord(id: Self.zhang, title: "x", start: day, end: day, hours: Hours(hundredths: 750))
        let far = ReconcileInput.RegisteredRecord(id: Self.zhang, title: "x", start: day, end: day, hours: Hours(hundredths: 749))
        let undated = ReconcileInput.RegisteredRecord(id: Self.zhang, title: "x", start: nil, end: nil, hours: Hours(8))
        #expect(reconciler.matches(near, training))
        #expect(!reconciler.matches(far, training))
        #expect(!reconciler.matches(undated, training))
    }
}
