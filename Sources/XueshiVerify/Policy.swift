import Foundation
import XueshiDataFile
import XueshiModel

/// A requirement policy: which years are checked and what each must hold. Data, not code: a YAML file
/// in Policies/ (bundled into the binary), or a user's copy passed with --policy PATH.
public struct Policy: Sendable {
    public enum Mode: String, Sendable { case annual, cumulative }

    /// Minimums: a total and per category.
    public struct Minimums: Sendable, Equatable {
        public var total: Hours
        public var categories: [Category: Hours]
        public init(total: Hours, categories: [Category: Hours] = [:]) { self.total = total; self.categories = categories }
    }

    /// A cap on the hours counted in one year, from one category or one form.
    public struct Cap: Sendable, Equatable {
        public enum Subject: Sendable, Equatable { case category(Category), form(LearningForm) }
        public var subject: Subject
        public var perYear: Hours
        public init(_ subject: Subject, perYear: Hours) { self.subject = subject; self.perYear = perYear }
    }

    public struct Deadline: Sendable, Equatable {
        public var date: CalendarDate
        public var label: String
    }

    public var name: String
    public var title: String
    public var sources: [String]
    public var years: [Int]
    public var mode: Mode
    /// Annual mode: what each year must hold.
    public var annual: Minimums?
    /// Cumulative mode: what the whole period must hold, and an optional floor for each year.
    public var cumulative: Minimums?
    public var perYearFloor: Hours?
    public var caps: [Cap]
    public var capDeductionOrder: [Category]
    public var countedStatuses: Set<RecordStatus>
    public var exemptBeforeWorkStart: Bool
    public var exemptLedgerYears: Bool
    /// The last day on which missing hours can still be registered for the call.
    public var hoursDue: CalendarDate?
    /// Whether, once the as-of day is past `hoursDue`, a current year that falls short makes the
    /// person short rather than in progress: the hours can no longer be mended for this call.
    public var shortAfterHoursDue: Bool
    public var deadlines: [Deadline]

    public init(name: String, title: String = "", sources: [String] = [], years: [Int], mode: Mode = .annual,
                annual: Minimums? = nil, cumulative: Minimums? = nil, perYearFloor: Hours? = nil, caps: [Cap] = [],
                capDeductionOrder: [Category] = [.generalPublic, .industryPublic, .professional],
                countedStatuses: Set<RecordStatus> = [.approved], exemptBeforeWorkStart: Bool = false,
                exemptLedgerYears: Bool = false, hoursDue: CalendarDate? = nil, shortAfterHoursDue: Bool = true,
                deadlines: [Deadline] = []) {
        self.name = name; self.title = title; self.sources = sources; self.years = years; self.mode = mode
        self.annual = annual; self.cumulative = cumulative; self.perYearFloor = perYearFloor; self.caps = caps
        self.capDeductionOrder = capDeductionOrder; self.countedStatuses = countedStatuses
        self.exemptBeforeWorkStart = exemptBeforeWorkStart; self.exemptLedgerYears = exemptLedgerYears
        self.hoursDue = hoursDue; self.shortAfterHoursDue = shortAfterHoursDue; self.deadlines = deadlines
    }

    /// The forms some cap names: the only forms the verifier needs the ledger to tell apart.
    public var cappedForms: Set<LearningForm> {
        Set(caps.compactMap { if case .form(let form) = $0.subject { return form } else { return nil } })
    }
}

// MARK: - Files

extension Policy {
    public static let defaultName = "zj-ai-senior-2025"

    /// The built-in policies (the files in Policies/, embedded at build time) and users' copies.
    public static let catalog = DataFileCatalog<Policy>(
        kind: "核查要求",
        files: { EmbeddedResources.paths(in: "Policies").filter { $0.hasSuffix(".yaml") }.map { ($0, EmbeddedResources.text($0) ?? "") } },
        parse: { yaml, file, _ in try Policy(yaml: yaml, file: file) },
        name: \.name)

    public static func builtIn() -> [Policy] { catalog.builtIn() }

    /// The text of a built-in policy, for `xueshi policy show`.
    public static func builtInText(named name: String) -> String? { catalog.builtInText(named: name) }

    /// A policy by built-in name or by the path of a YAML file.
    public static func load(_ nameOrPath: String) throws -> Policy { try catalog.load(nameOrPath) }

    /// Parses and checks a policy file: a policy that could mislead (unknown category, negative
    /// minimum, a cap below a minimum, no years) is refused with its file and line.
    public init(yaml: String, file: String) throws {
        let raw = try DataFile.decode(PolicyFile.self, yaml: yaml, file: file)
        func fail(_ path: [String], _ message: String) -> DataFileError {
            DataFileError(file: file, line: DataFile.line(at: path.map { AnyCodingKey(stringValue: $0) }, in: yaml), message: message)
        }
        func category(_ key: String, at path: [String]) throws -> Category {
            guard let value = Category(rawValue: key) else {
                throw fail(path, "不认识的科目类别「\(key)」；可用的有：\(Category.allCases.map(\.rawValue).joined(separator: "、"))")
            }
            return value
        }
        func minimums(_ raw: PolicyFile.MinimumsFile?, _ section: String) throws -> Minimums? {
            guard let raw else { return nil }
            var categories: [Category: Hours] = [:]
            for (key, hours) in raw.categories ?? [:] {
                let value = try category(key, at: [section, "categories", key])
                guard hours >= .zero else { throw fail([section, "categories", key], "最低学时不能为负数") }
                categories[value] = hours
            }
            let total = raw.total ?? .zero
            guard total >= .zero else { throw fail([section, "total"], "最低学时不能为负数") }
            return Minimums(total: total, categories: categories)
        }

        name = raw.name
        title = raw.title ?? raw.name
        sources = raw.sources ?? []
        years = raw.years
        guard !years.isEmpty else { throw fail(["years"], "没有列出要核查的年度") }
        guard Set(years).count == years.count, years.allSatisfy({ (1990...2100).contains($0) }) else {
            throw fail(["years"], "年度须为 1990—2100 之间、互不重复的年份")
        }
        years.sort()
        switch raw.mode ?? "annual" {
        case "annual": mode = .annual
        case "cumulative": mode = .cumulative
        case let other: throw fail(["mode"], "不认识的方式「\(other)」；可用：annual（每年分别达标）、cumulative（整个期间累计）")
        }
        annual = try minimums(raw.annual, "annual")
        cumulative = try minimums(raw.cumulative, "cumulative")
        perYearFloor = raw.cumulative?.perYearFloor
        if let floor = perYearFloor, floor < .zero { throw fail(["cumulative", "per_year_floor"], "不能为负数") }
        switch mode {
        case .annual where annual == nil: throw fail(["mode"], "方式为 annual 时须给出 annual（每年的最低学时）")
        case .cumulative where cumulative == nil: throw fail(["mode"], "方式为 cumulative 时须给出 cumulative（期间累计的最低学时）")
        default: break
        }
        caps = []
        for (index, cap) in (raw.caps ?? []).enumerated() {
            let path = ["caps", String(index)]
            guard cap.perYear >= .zero else { throw fail(path, "上限不能为负数") }
            switch (cap.category, cap.form) {
            case (let key?, nil):
                let value = try category(key, at: path + ["category"])
                if let minimum = annual?.categories[value], cap.perYear < minimum {
                    throw fail(path, "\(value.label)每年上限 \(cap.perYear) 学时低于其每年最低 \(minimum) 学时，无人能够达标")
                }
                if let minimum = cumulative?.categories[value],
                   Hours(hundredths: cap.perYear.hundredths * Int64(years.count)) < minimum {
                    throw fail(path, "\(value.label)每年上限 \(cap.perYear) 学时，\(years.count) 年合计也达不到期间最低 \(minimum) 学时，无人能够达标")
                }
                caps.append(Cap(.category(value), perYear: cap.perYear))
            case (nil, let key?):
                guard let form = LearningForm(rawValue: key) else {
                    throw fail(path + ["form"], "不认识的学习形式「\(key)」；可用的有：\(LearningForm.allCases.map(\.rawValue).joined(separator: "、"))")
                }
                caps.append(Cap(.form(form), perYear: cap.perYear))
            default:
                throw fail(path, "每条上限须只给出 category 或 form 之一")
            }
        }
        capDeductionOrder = try (raw.capDeductionOrder ?? ["general_public", "industry_public", "professional"]).enumerated().map {
            try category($0.element, at: ["cap_deduction_order", String($0.offset)])
        }
        for missing in Category.allCases where !capDeductionOrder.contains(missing) { capDeductionOrder.append(missing) }
        countedStatuses = Set(try (raw.countedStatuses ?? ["approved"]).enumerated().map { index, key in
            guard let status = RecordStatus(rawValue: key) else {
                throw fail(["counted_statuses", String(index)], "不认识的审核状态「\(key)」；可用：approved、pending、rejected")
            }
            return status
        })
        guard !countedStatuses.isEmpty else { throw fail(["counted_statuses"], "至少要有一种计入的审核状态") }
        exemptBeforeWorkStart = raw.exemptions?.beforeWorkStart ?? false
        exemptLedgerYears = raw.exemptions?.ledgerYears ?? false
        hoursDue = try raw.hoursDue.map { text in
            guard let date = CalendarDate.parse(text) else { throw fail(["hours_due"], "「\(text)」不是有效的日期") }
            return date
        }
        shortAfterHoursDue = raw.shortAfterHoursDue ?? true
        deadlines = try (raw.deadlines ?? []).enumerated().map { index, deadline in
            guard let date = CalendarDate.parse(deadline.date) else {
                throw fail(["deadlines", String(index), "date"], "「\(deadline.date)」不是有效的日期")
            }
            return Deadline(date: date, label: deadline.label)
        }
    }
}

/// The YAML file as written; unknown keys are refused so that a misspelt setting is not ignored.
struct PolicyFile: Decodable {
    struct MinimumsFile: Decodable {
        var total: Hours?
        var categories: [String: Hours]?
        var perYearFloor: Hours?
        enum CodingKeys: String, CodingKey, CaseIterable { case total, categories, perYearFloor = "per_year_floor" }
        init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(allowed: CodingKeys.allCases.map(\.rawValue))
            let c = try decoder.container(keyedBy: CodingKeys.self)
            total = try c.decodeIfPresent(Hours.self, forKey: .total)
            categories = try c.decodeIfPresent([String: Hours].self, forKey: .categories)
            perYearFloor = try c.decodeIfPresent(Hours.self, forKey: .perYearFloor)
        }
    }
    struct CapFile: Decodable {
        var category: String?
        var form: String?
        var perYear: Hours
        enum CodingKeys: String, CodingKey, CaseIterable { case category, form, perYear = "per_year" }
        init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(allowed: CodingKeys.allCases.map(\.rawValue))
            let c = try decoder.container(keyedBy: CodingKeys.self)
            category = try c.decodeIfPresent(String.self, forKey: .category)
            form = try c.decodeIfPresent(String.self, forKey: .form)
            perYear = try c.decode(Hours.self, forKey: .perYear)
        }
    }
    struct ExemptionsFile: Decodable {
        var beforeWorkStart: Bool?
        var ledgerYears: Bool?
        enum CodingKeys: String, CodingKey, CaseIterable { case beforeWorkStart = "before_work_start", ledgerYears = "ledger_years" }
        init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(allowed: CodingKeys.allCases.map(\.rawValue))
            let c = try decoder.container(keyedBy: CodingKeys.self)
            beforeWorkStart = try c.decodeIfPresent(Bool.self, forKey: .beforeWorkStart)
            ledgerYears = try c.decodeIfPresent(Bool.self, forKey: .ledgerYears)
        }
    }
    struct DeadlineFile: Decodable {
        var date: String
        var label: String
        enum CodingKeys: String, CodingKey, CaseIterable { case date, label }
        init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(allowed: CodingKeys.allCases.map(\.rawValue))
            let c = try decoder.container(keyedBy: CodingKeys.self)
            date = try c.decode(String.self, forKey: .date)
            label = try c.decode(String.self, forKey: .label)
        }
    }

    var name: String
    var title: String?
    var sources: [String]?
    var years: [Int]
    var mode: String?
    var annual: MinimumsFile?
    var cumulative: MinimumsFile?
    var caps: [CapFile]?
    var capDeductionOrder: [String]?
    var countedStatuses: [String]?
    var exemptions: ExemptionsFile?
    var hoursDue: String?
    var shortAfterHoursDue: Bool?
    var deadlines: [DeadlineFile]?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, title, sources, years, mode, annual, cumulative, caps, exemptions, deadlines
        case capDeductionOrder = "cap_deduction_order", countedStatuses = "counted_statuses", hoursDue = "hours_due"
        case shortAfterHoursDue = "short_after_hours_due"
    }

    init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        sources = try c.decodeIfPresent([String].self, forKey: .sources)
        years = try c.decode([Int].self, forKey: .years)
        mode = try c.decodeIfPresent(String.self, forKey: .mode)
        annual = try c.decodeIfPresent(MinimumsFile.self, forKey: .annual)
        cumulative = try c.decodeIfPresent(MinimumsFile.self, forKey: .cumulative)
        caps = try c.decodeIfPresent([CapFile].self, forKey: .caps)
        capDeductionOrder = try c.decodeIfPresent([String].self, forKey: .capDeductionOrder)
        countedStatuses = try c.decodeIfPresent([String].self, forKey: .countedStatuses)
        exemptions = try c.decodeIfPresent(ExemptionsFile.self, forKey: .exemptions)
        hoursDue = try c.decodeIfPresent(String.self, forKey: .hoursDue)
        shortAfterHoursDue = try c.decodeIfPresent(Bool.self, forKey: .shortAfterHoursDue)
        deadlines = try c.decodeIfPresent([DeadlineFile].self, forKey: .deadlines)
    }
}
