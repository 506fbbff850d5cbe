import ArgumentParser
import Foundation
import XueshiModel
import XueshiVerify
import XueshiWorkflow

/// The options every check shares: which policy, as of which day.
struct CheckOptions: ParsableArguments {
    /// A built-in policy name or a YAML file's path.
    @Option(help: ArgumentHelp("核查要求：内置名称（xueshi policy list）或 YAML 文件路径。", valueName: "名称|路径"))
    var policy: String = Policy.defaultName

    /// The as-of day: records dated after it do not count; years ending before it are finished.
    @Option(help: ArgumentHelp("按哪一天核查（YYYY-MM-DD）：此后结束的记录不计入，此前已结束的年度按已结束处理。默认今天。", valueName: "日期"))
    var asOf: String?

    func validate() throws {
        if let asOf, CalendarDate.parse(asOf) == nil { throw ValidationError("--as-of「\(asOf)」不是有效的日期，请写成 YYYY-MM-DD") }
    }

    var day: CalendarDate { asOf.flatMap(CalendarDate.parse) ?? CalendarDate.today() }

    func loadPolicy() throws -> Policy {
        do { return try Policy.load(policy) }
        catch { throw Console.failure(error, code: .couldNotCheck) }
    }

    /// The check these options ask for, with a progress line on a terminal.
    func job(scope: CheckScope = .everyone, progress: ProgressLine? = nil) throws -> CheckJob {
        var report: (@Sendable (String) -> Void)?
        if let progress { report = { stage in progress.update(stage) } }
        return CheckJob(policy: try loadPolicy(), asOf: day, scope: scope, progress: report)
    }
}
