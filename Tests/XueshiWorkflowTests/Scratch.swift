import Foundation
import XueshiImport
import XueshiLedger
import XueshiModel
import XueshiVerify
import XueshiWorkflow

/// A scratch folder for one test, and the exports the tests import.
struct Scratch {
    let folder: String

    init() throws {
        folder = NSTemporaryDirectory() + "xueshi-workflow-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }

    func path(_ name: String) -> String { folder + "/" + name }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path(name)))
        return path(name)
    }

    /// Imports files into the ledger at `ledger` (created when missing).
    @discardableResult
    func importFiles(_ files: [String], into ledger: String, skipInvalid: Bool = false, dryRun: Bool = false) throws -> ImportReport {
        try ImportJob(files: files, profiles: ImportProfile.builtIn(), ledgerPath: ledger, dryRun: dryRun, skipInvalid: skipInvalid).execute()
    }
}

/// Valid IDs (GB 11643-1999 check digits).
enum IDs {
    static let zhang = try! ResidentID.parse("330106198803124514").get()
    static let wang = try! ResidentID.parse("330102199007153620").get()
    static let li = try! ResidentID.parse("33010619900101123X").get()
}

enum Exports {
    static let header = "序号,姓名,身份证号,工作单位,年度,科目类别,学习形式,项目名称,主办单位,开始日期,结束日期,学时,审核状态\n"

    static func row(_ n: Int, _ name: String, _ id: ResidentID, unit: String = "之江实验室", year: Int, category: String = "专业科目",
                    form: String = "面授培训", title: String, date: String? = nil, hours: String, status: String = "已审核") -> String {
        let day = date ?? "\(year)-03-05"
        return "\(n),\(name),\(id.value),\(unit),\(year),\(category),\(form),\(title),浙江大学,\(day),\(day),\(hours),\(status)\n"
    }

    /// Three people over three years: online hours past a 30-hour cap, a pending record, a record after
    /// the as-of day, and an undated record of a year not yet begun on the as-of day.
    static let mixed = header
        + row(1, "张伟", IDs.zhang, year: 2023, title: "大模型研修班", hours: "64")
        + row(2, "张伟", IDs.zhang, year: 2023, category: "一般公需科目", form: "网络课程", title: "公需网课一", date: "2023-05-01", hours: "20")
        + row(3, "张伟", IDs.zhang, year: 2023, category: "一般公需科目", form: "网络课程", title: "公需网课二", date: "2023-09-01", hours: "20")
        + row(4, "张伟", IDs.zhang, year: 2024, form: "网络课程", title: "深度学习网课", date: "2024-02-01", hours: "40")
        + row(5, "张伟", IDs.zhang, year: 2024, title: "机器学习研修", date: "2024-06-01", hours: "50.5")
        + row(6, "张伟", IDs.zhang, year: 2024, title: "待审的研修", date: "2024-07-01", hours: "10", status: "待审核")
        + row(7, "王芳", IDs.wang, unit: "杭州智算科技有限公司", year: 2023, title: "入职前的课程", hours: "12")
        + row(8, "王芳", IDs.wang, unit: "杭州智算科技有限公司", year: 2024, form: "网络课程", title: "网课", hours: "45")
        + row(9, "王芳", IDs.wang, unit: "杭州智算科技有限公司", year: 2024, title: "核查日之后", date: "2024-12-20", hours: "30")
        + "10,李娜,\(IDs.li.value),之江实验室,2025,专业科目,面授培训,没有日期的课程,浙江大学,,,16,已审核\n"
        + row(11, "李娜", IDs.li, year: 2024, category: "行业公需科目", form: "网络课程", title: "行业网课", hours: "33.5")
}

enum Policies {
    /// Online courses capped at 30 hours a year; years before work start exempt.
    static let cappedOnline = try! Policy(yaml: """
        name: capped-online
        years: [2023, 2024, 2025]
        mode: annual
        annual:
          total: 90
          categories: { professional: 60 }
        caps:
          - { form: online, per_year: 30 }
        cap_deduction_order: [general_public, industry_public, professional]
        exemptions: { before_work_start: true, ledger_years: true }

        """, file: "capped-online.yaml")
}
