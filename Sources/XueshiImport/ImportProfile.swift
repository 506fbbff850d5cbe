import Foundation
import XueshiDataFile
import XueshiModel
import XueshiRead

/// The fields of the rows a profile reads (an hour record, a roster entry, an internal training); a
/// profile says which headers name each of them.
public enum Field: String, CaseIterable, Codable, Sendable {
    case name, id, unit, year, category, form, title, organizer, start, end, hours, status, registered
    // A roster's, and an attendance sheet's.
    case department, workStart = "work_start", employment, applicant, attendees

    /// The Chinese name users read in messages when the file's own header is not known.
    public var label: String {
        switch self {
        case .name: return "姓名"
        case .id: return "身份证号"
        case .unit: return "工作单位"
        case .year: return "年度"
        case .category: return "科目类别"
        case .form: return "学习形式"
        case .title: return "项目名称"
        case .organizer: return "主办单位"
        case .start: return "开始日期"
        case .end: return "结束日期"
        case .hours: return "学时"
        case .status: return "审核状态"
        case .registered: return "登记日期"
        case .department: return "部门"
        case .workStart: return "参加工作时间"
        case .employment: return "在职状态"
        case .applicant: return "是否申报"
        case .attendees: return "参训人员"
        }
    }
}

/// An import profile: how one export layout maps to hour records. A data file in Importers/ (see
/// zj-provincial.yaml), bundled into the binary; users pass copies of their own with --profile PATH.
public struct ImportProfile: Sendable {
    /// What a profile's rows are.
    public enum Kind: String, Sendable, CaseIterable {
        /// Registered hour records (the default).
        case hours
        /// A unit's roster of staff (花名册).
        case roster
        /// A unit's own attendance sheets of internal trainings: never counted.
        case trainings

        /// The fields a profile of this kind must define.
        var requiredFields: [Field] {
            switch self {
            case .hours: return [.name, .id, .unit, .category, .title, .hours]
            case .roster: return [.name, .id, .unit]
            case .trainings: return [.title, .start, .hours]
            }
        }

        public var label: String {
            switch self {
            case .hours: return "学时记录"
            case .roster: return "花名册"
            case .trainings: return "内部培训签到表"
            }
        }
    }

    public struct FieldSpec: Sendable, Hashable {
        public var headers: [String]
        public var required: Bool
    }

    public var name: String
    public var description: String
    public var kind: Kind
    /// nil: detect (UTF-8 or GB18030, checked against the header row).
    public var encoding: TextEncoding?
    public var fields: [Field: FieldSpec] { didSet { headerIndex = Self.headerIndex(fields) } }
    /// See `headerIndex(_:)`.
    private(set) var headerIndex: [String: (Field, Int)] = [:]
    /// The export's words for each value, by their canonical form (see canonicalKey), compared by
    /// bytes (UTF8Key): looked up for every row.
    public var categories: [UTF8Key: Category]
    public var statuses: [UTF8Key: RecordStatus]
    public var forms: [UTF8Key: LearningForm]
    public var employments: [UTF8Key: RosterEntry.Employment]
    public var applicantAnswers: [UTF8Key: Bool]
    /// The category and status words in the order the profile lists them, for messages.
    public var categoryWords: [String]
    public var statusWords: [String]
    public var totalMarkers: [String]
    public var maxHoursPerRecord: Hours
    public var headerSearchRows: Int
    /// Where the profile came from: "built-in" or a path, for messages.
    public var source: String

    /// The canonical form of a header or a code value for comparison: spaces removed, full-width
    /// folded, and the marks exports put on headers (required-field stars) dropped.
    public static func canonicalKey(_ text: String) -> String {
        var key = Text.removingSpaces(Text.foldWidth(text))
        key.removeAll { $0 == "*" }
        return key
    }
}

// MARK: - Reading a profile file

extension ImportProfile {
    /// The built-in profiles (the files in Importers/, embedded at build time) and users' copies.
    public static let catalog = DataFileCatalog<ImportProfile>(
        kind: "导入配置",
        files: {
            EmbeddedResources.paths(in: "Importers").filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
                .map { ($0, EmbeddedResources.text($0) ?? "") }
        },
        parse: { yaml, file, builtIn in try ImportProfile(yaml: yaml, file: file, source: builtIn ? "built-in" : file) },
        name: \.name)

    public static func builtIn() -> [ImportProfile] { catalog.builtIn() }

    /// The text of a built-in profile, for `xueshi profile show`.
    public static func builtInText(named name: String) -> String? { catalog.builtInText(named: name) }

    /// A profile by built-in name or by the path of a YAML file.
    public static func load(_ nameOrPath: String) throws -> ImportProfile { try catalog.load(nameOrPath) }

    public init(yaml: String, file: String, source: String) throws {
        let raw = try DataFile.decode(ProfileFile.self, yaml: yaml, file: file)
        func fail(_ path: [String], _ message: String) -> DataFileError {
            DataFileError(file: file, line: DataFile.line(at: path.map { AnyCodingKey(stringValue: $0) }, in: yaml),
                          message: message)
        }
        name = raw.name
        description = raw.description ?? raw.name
        switch raw.kind {
        case nil: kind = .hours
        case let value?:
            guard let known = Kind(rawValue: value) else {
                throw fail(["kind"], "不认识的导入类型「\(value)」；可用：\(Kind.allCases.map(\.rawValue).joined(separator: "、"))")
            }
            kind = known
        }
        self.source = source
        switch raw.encoding?.lowercased() {
        case nil, "auto": encoding = nil
        case "utf-8", "utf8": encoding = .utf8
        case "gb18030", "gbk", "gb2312": encoding = .gb18030
        case let other?: throw fail(["encoding"], "不认识的编码「\(other)」；可用：auto、utf-8、gb18030")
        }
        var fields: [Field: FieldSpec] = [:]
        for (key, spec) in raw.fields {
            guard let field = Field(rawValue: key) else {
                throw fail(["fields", key], "不认识的字段「\(key)」；可用的有：\(Field.allCases.map(\.rawValue).joined(separator: "、"))")
            }
            guard !spec.headers.isEmpty else { throw fail(["fields", key], "字段「\(key)」没有列出任何表头") }
            fields[field] = FieldSpec(headers: spec.headers, required: spec.required ?? false)
        }
        for field in kind.requiredFields where fields[field] == nil {
            throw fail(["fields"], "缺少必需的字段「\(field.rawValue)」（\(field.label)）")
        }
        if kind == .trainings && fields[.attendees] == nil && fields[.name] == nil {
            throw fail(["fields"], "签到表需要参训人员（attendees）或姓名（name）字段")
        }
        self.fields = fields
        headerIndex = Self.headerIndex(fields)
        func valueMap<V>(_ table: [String: [String]]?, _ section: String, _ make: (String) -> V?) throws -> [UTF8Key: V] {
            var map: [UTF8Key: V] = [:]
            for (key, words) in (table ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard let value = make(key) else {
                    throw fail(["values", section, key], "「\(key)」不是有效的 \(section) 值")
                }
                for word in words { map[UTF8Key(ImportProfile.canonicalKey(word))] = value }
            }
            return map
        }
        categories = try valueMap(raw.values?.category, "category") { Category(rawValue: $0) }
        statuses = try valueMap(raw.values?.status, "status") { RecordStatus(rawValue: $0) }
        forms = try valueMap(raw.values?.form, "form") { LearningForm(rawValue: $0) }
        employments = try valueMap(raw.values?.employment, "employment") { RosterEntry.Employment(rawValue: $0) }
        applicantAnswers = try valueMap(raw.values?.applicant, "applicant") { ["yes": true, "no": false][$0] }
        func words(_ table: [String: [String]]?, order: [String]) -> [String] {
            order.flatMap { table?[$0] ?? [] }
        }
        categoryWords = words(raw.values?.category, order: Category.allCases.map(\.rawValue))
        statusWords = words(raw.values?.status, order: RecordStatus.allCases.map(\.rawValue))
        if categories.isEmpty && kind == .hours { throw fail(["values"], "没有给出科目类别的取值（values.category）") }
        totalMarkers = raw.totalMarkers ?? ["合计", "总计"]
        maxHoursPerRecord = raw.maxHoursPerRecord ?? Hours(200)
        guard maxHoursPerRecord > .zero else { throw fail(["max_hours_per_record"], "必须大于 0") }
        headerSearchRows = raw.headerSearchRows ?? 30
        guard headerSearchRows > 0 else { throw fail(["header_search_rows"], "必须大于 0") }
    }
}

/// The YAML file as written.
struct ProfileFile: Decodable {
    struct FieldSpec: Decodable {
        var headers: [String]
        var required: Bool?
        enum CodingKeys: String, CodingKey { case headers, required }
        init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(allowed: ["headers", "required"])
            let c = try decoder.container(keyedBy: CodingKeys.self)
            headers = try c.decode([String].self, forKey: .headers)
            required = try c.decodeIfPresent(Bool.self, forKey: .required)
        }
    }
    struct Values: Decodable {
        var category: [String: [String]]?
        var status: [String: [String]]?
        var form: [String: [String]]?
        var employment: [String: [String]]?
        var applicant: [String: [String]]?
        enum CodingKeys: String, CodingKey, CaseIterable { case category, status, form, employment, applicant }
        init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(allowed: CodingKeys.allCases.map(\.rawValue))
            let c = try decoder.container(keyedBy: CodingKeys.self)
            category = try c.decodeIfPresent([String: [String]].self, forKey: .category)
            status = try c.decodeIfPresent([String: [String]].self, forKey: .status)
            form = try c.decodeIfPresent([String: [String]].self, forKey: .form)
            employment = try c.decodeIfPresent([String: [String]].self, forKey: .employment)
            applicant = try c.decodeIfPresent([String: [String]].self, forKey: .applicant)
        }
    }
    var name: String
    var description: String?
    var kind: String?
    var encoding: String?
    var fields: [String: FieldSpec]
    var values: Values?
    var totalMarkers: [String]?
    var maxHoursPerRecord: Hours?
    var headerSearchRows: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, description, kind, encoding, fields, values
        case totalMarkers = "total_markers"
        case maxHoursPerRecord = "max_hours_per_record"
        case headerSearchRows = "header_search_rows"
    }

    init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        kind = try c.decodeIfPresent(String.self, forKey: .kind)
        encoding = try c.decodeIfPresent(String.self, forKey: .encoding)
        fields = try c.decode([String: FieldSpec].self, forKey: .fields)
        values = try c.decodeIfPresent(Values.self, forKey: .values)
        totalMarkers = try c.decodeIfPresent([String].self, forKey: .totalMarkers)
        maxHoursPerRecord = try c.decodeIfPresent(Hours.self, forKey: .maxHoursPerRecord)
        headerSearchRows = try c.decodeIfPresent(Int.self, forKey: .headerSearchRows)
    }
}
