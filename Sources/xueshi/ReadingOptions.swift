import ArgumentParser
import XueshiImport
import XueshiModel
import XueshiRead
import XueshiWorkflow

/// How export files are read: shared by `import` and `check`.
struct ReadingOptions: ParsableArguments {
    /// A built-in profile name or the path of a profile YAML file.
    @Option(help: ArgumentHelp("导入配置：内置名称（xueshi profile list）或 YAML 文件路径。默认按表头自动识别。", valueName: "名称|路径"))
    var profile: String?

    /// Pins the encoding of CSV files.
    @Option(help: ArgumentHelp("CSV 的编码：utf-8 或 gb18030。默认自动识别（并用表头核对）。", valueName: "编码"))
    var encoding: String?

    /// Which sheet of an .xlsx file to read.
    @Option(help: ArgumentHelp("读取 .xlsx 的哪个工作表（名称，隐藏的也可以）。默认第一个没有隐藏的工作表。", valueName: "工作表"))
    var sheet: String?

    func validate() throws {
        if let encoding, TextEncoding(userName: encoding) == nil {
            throw ValidationError("不认识的编码「\(encoding)」；可用：utf-8、gb18030")
        }
    }

    var pinnedEncoding: TextEncoding? { encoding.flatMap(TextEncoding.init(userName:)) }

    /// The profile the user named, or every built-in one to choose from by the headers.
    func profiles() throws -> [ImportProfile] {
        do { return try profile.map { [try ImportProfile.load($0)] } ?? ImportProfile.builtIn() }
        catch { throw Console.failure(error, code: .couldNotCheck) }
    }

    /// How the workflow reads the files.
    func settings() throws -> ReadingSettings {
        ReadingSettings(profiles: try profiles(), encoding: pinnedEncoding, sheet: sheet)
    }
}

extension TextEncoding {
    /// The encodings a user may name on the command line.
    init?(userName: String) {
        switch userName.lowercased() {
        case "utf-8", "utf8": self = .utf8
        case "gb18030", "gbk", "gb2312": self = .gb18030
        default: return nil
        }
    }

    /// How the command line names the encoding.
    var userName: String {
        switch self {
        case .gb18030: return "gb18030"
        default: return "utf-8"
        }
    }
}

extension Console {
    /// An ID the user typed, normalised and checked; a wrong one is a clear error (exit 2).
    static func residentID(_ text: String) throws -> ResidentID {
        switch ResidentID.parse(text) {
        case .success(let id): return id
        case .failure(let problem): throw failure(problem, code: .couldNotCheck)
        }
    }
}
