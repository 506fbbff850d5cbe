import ArgumentParser
import Foundation
import XueshiLedger
import XueshiModel
import XueshiReport
import XueshiVerify

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "按要求核查学时库里的人（全部、某个单位或某个人）。",
        discussion: """
            退出码：0 所核查的人都达标；1 有人未达标或仍在进行中；2 无法核查（没有学时库、要求文件有误等）。
            例：xueshi verify --unit 之江实验室
                xueshi verify --as-of 2025-08-31 --json
            """)

    @OptionGroup var ledgerOptions: LedgerOptions
    @OptionGroup var checkOptions: CheckOptions
    @OptionGroup var privacy: PrivacyOptions

    @Option(help: ArgumentHelp("只核查这个单位的人。", valueName: "单位"))
    var unit: String?

    @Option(help: ArgumentHelp("只核查这个人。", valueName: "身份证号"))
    var person: String?

    @Flag(help: "以 JSON 输出（只在标准输出）。")
    var json = false

    @Flag(name: .shortAndLong, help: "不输出，只用退出码表示结果。")
    var quiet = false

    func run() throws {
        let policy = try checkOptions.loadPolicy()
        let asOf = checkOptions.day
        var scope = PeopleScope.everyone
        if let unit { scope = .unit(unit) }
        if let person { scope = .person(try Console.residentID(person)) }
        let ledger = try ledgerOptions.openExisting()
        let hours: [PersonHours]
        do { hours = try ledger.hours(years: policy.years, asOf: asOf, forms: policy.cappedForms, scope: scope) }
        catch { throw Console.failure(error, code: .couldNotCheck) }
        if hours.isEmpty {
            let what = unit.map { "单位「\($0)」" } ?? (person != nil ? "这个身份证号" : "学时库")
            Console.error("错误：\(what)没有可核查的人。")
            throw ExitCode(Console.Status.couldNotCheck.rawValue)
        }
        let verifier = Verifier(policy: policy, asOf: asOf)
        let verdicts = hours.map(verifier.verdict)
        try Self.output(verdicts, policy: policy, asOf: asOf, json: json, quiet: quiet, reveal: privacy.revealIDs)
        if verdicts.contains(where: { !$0.meets }) { throw ExitCode(Console.Status.someoneShort.rawValue) }
    }

    static func output(_ verdicts: [Verdict], policy: Policy, asOf: CalendarDate, json: Bool, quiet: Bool, reveal: Bool) throws {
        if json {
            VerdictsJSON.write(policy: policy, asOf: asOf, verdicts: VerdictText.sorted(verdicts), reveal: reveal)
        } else if !quiet {
            Console.out(VerdictText.heading(policy, asOf: asOf))
            Console.out(VerdictText.table(verdicts, policy: policy, reveal: reveal))
            Console.out(VerdictText.summary(verdicts))
        }
    }
}
