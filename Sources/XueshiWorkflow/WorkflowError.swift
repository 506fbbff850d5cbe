import XueshiLedger
import XueshiModel

/// Why a use case could not do what was asked: the facts, for each front end to word in its own way
/// (the command line adds the flags to use; a web page would add links). `description` is a plain
/// Chinese sentence without any front end's vocabulary.
public enum WorkflowError: Error, CustomStringConvertible, Sendable {
    /// The scope of a check holds nobody.
    case nobodyToCheck(CheckScope)
    /// The files of a one-step check gave no record at all.
    case noRecordsInFiles([String])
    /// No person has this ID or name.
    case noSuchPerson(String)
    /// Several people have this name.
    case ambiguousName(String, [PersonMatch])
    case invalidID(String, ResidentID.Problem)
    /// The format asked for contradicts the output file's extension.
    case formatContradictsExtension(format: ReportFormat, path: String, extensionFormat: ReportFormat)
    /// An output file whose extension names no format, with no format given.
    case unknownExtension(path: String)
    /// The report cannot be written in this format.
    case formatNotOffered(ReportFormat, offered: [ReportFormat])
    /// A binary format (xlsx) asked for standard output.
    case needsFile(ReportFormat)
    /// A template file that could not be read.
    case templateUnreadable(String)
    /// An export given by its address could not be fetched; the reason names the status, TLS, DNS
    /// or timeout, never the address's query.
    case fetchFailed(address: String, reason: String)
    /// An `http://` address that is not this machine.
    case insecureAddress(String)
    /// A reminder job whose policy sets no `hours_due` to count the days to.
    case noDeadline(policy: String)
    /// `--applicants`, but no roster marks anyone 是否申报 = 是.
    case noApplicants
    /// `reconcile` before any roster was imported.
    case noRoster

    public var description: String {
        switch self {
        case .nobodyToCheck(.everyone): return "学时库里没有可核查的人"
        case .nobodyToCheck(.unit(let unit)): return "单位「\(unit)」没有可核查的人"
        case .nobodyToCheck(.person(let id)): return "学时库里没有身份证号为 \(id.masked) 的人"
        case .noRecordsInFiles: return "文件里没有读到可核查的记录"
        case .noSuchPerson(let text): return "学时库里没有「\(Text.inert(text))」这个人"
        case .ambiguousName(let name, let matches):
            return "姓名「\(name)」对应 \(matches.count) 个人：" + matches.map { "\($0.id.masked)（\($0.unit)）" }.joined(separator: "、")
        case .invalidID(let text, let problem): return "「\(Text.inert(text))」不是有效的身份证号：\(problem)"
        case .formatContradictsExtension(let format, let path, let extensionFormat):
            return "格式 \(format.rawValue) 与文件 \(path) 的扩展名（\(extensionFormat.rawValue)）不符，什么也没有写入"
        case .unknownExtension(let path):
            return "从文件名 \(path) 看不出要写成哪种格式（可用的扩展名：\(ReportFormat.allCases.flatMap(\.extensions).map { "." + $0 }.joined(separator: "、"))）"
        case .formatNotOffered(let format, let offered):
            return "这种报表没有 \(format.rawValue) 格式；可用：\(offered.map(\.rawValue).joined(separator: "、"))"
        case .needsFile(let format): return "\(format.rawValue) 是二进制文件，不能输出到终端，须写入文件"
        case .templateUnreadable(let path): return "无法读取模板文件 \(path)"
        case .fetchFailed(let address, let reason):
            let said = reason.hasSuffix("。") ? String(reason.dropLast()) : reason
            return "无法下载 \(address)：\(said)。什么也没有写入学时库"
        case .noDeadline(let policy): return "核查要求 \(policy) 没有写学时登记截止日（hours_due），提醒无从算起"
        case .noApplicants: return "没有人被花名册标为申报（是否申报 = 是）"
        case .noRoster: return "学时库里还没有花名册，无从对账"
        case .insecureAddress(let address): return "\(address) 用的是 http://：导出文件含身份证号，只能从本机用 http://，其他地址请用 https://"
        }
    }
}
