/// The subject category of a record (科目类别).
public enum Category: String, CaseIterable, Codable, Sendable, Comparable {
    case generalPublic = "general_public"     // 一般公需科目
    case industryPublic = "industry_public"   // 行业公需科目
    case professional = "professional"        // 专业科目

    /// The Chinese name users read.
    public var label: String {
        switch self {
        case .generalPublic: return "一般公需科目"
        case .industryPublic: return "行业公需科目"
        case .professional: return "专业科目"
        }
    }

    public static func < (a: Category, b: Category) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Where a record stands in the provincial system's review (审核状态). Only approved hours count.
public enum RecordStatus: String, CaseIterable, Codable, Sendable {
    case approved
    case pending
    case rejected

    public var label: String {
        switch self {
        case .approved: return "已审核"
        case .pending: return "待审核"
        case .rejected: return "未通过"
        }
    }
}

/// How the hours were earned (学习形式). Matters only where a policy caps a form, so an unknown form is
/// kept as `other` with its text rather than refused.
public enum LearningForm: String, CaseIterable, Codable, Sendable {
    case training, online, conference, paper, patent, project, degree, other

    public var label: String {
        switch self {
        case .training: return "面授培训"
        case .online: return "网络课程"
        case .conference: return "学术会议"
        case .paper: return "论文著作"
        case .patent: return "专利"
        case .project: return "项目课题"
        case .degree: return "学历教育"
        case .other: return "其他"
        }
    }
}
