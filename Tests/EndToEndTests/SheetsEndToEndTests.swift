import Foundation
import Testing

/// Which sheet of a workbook is read: the first one Excel shows, not a hidden one before it; the
/// sheets not read are named, with why; `--sheet` picks any, hidden or not.
@Suite("Workbook sheets, end to end")
struct SheetsEndToEndTests {
    @Test("a hidden first sheet with stale data is not imported; the import says which sheets it did not read")
    func hiddenFirstSheet() throws {
        let x = try Xueshi(); defer { x.remove() }
        let file = try x.copyFixture("hidden-first-sheet.xlsx")
        let result = try x.run(["import", file])
        #expect(result.status == 0, "\(result.stderr)")
        let said = result.stdout + result.stderr
        #expect(said.contains("读取了工作表“学时”"), "\(said)")
        #expect(said.contains("“旧数据”（隐藏的工作表）") && said.contains("“说明”（没有找到表头）"), "\(said)")
        let records = try x.run(["records", "--json"])
        #expect(records.stdout.contains("大模型研修班") && !records.stdout.contains("旧的研修"))

        // Asked for by name, the hidden sheet is read.
        let hidden = try x.run(["import", file, "--sheet", "旧数据", "--json"])
        #expect(hidden.json["inserted"] as? Int == 1, "\(hidden.stdout) \(hidden.stderr)")
    }

    @Test("every visible sheet whose header matches is read, each a batch of its own; the others are named with why")
    func everyMatchingSheet() throws {
        let x = try Xueshi(); defer { x.remove() }
        let file = try x.copyFixture("two-year-sheets.xlsx")
        let result = try x.run(["import", file])
        #expect(result.status == 0, "\(result.stderr)")
        let said = result.stdout + result.stderr
        #expect(said.contains("读取了工作表“2024年”、“2025年”；未读取：“说明”（没有找到表头）、“代码表”（隐藏的工作表）"), "\(said)")
        #expect(said.contains("新增 3"), "\(said)")
        let imports = try x.run(["imports"])
        #expect(imports.stdout.contains("2024年") && imports.stdout.contains("2025年"), "\(imports.stdout)")
        let statement = try x.run(["report", "person", IDs.wang])
        #expect(statement.stdout.contains("多模态") == false && statement.stdout.contains("公需科目网络培训"))
        // Again: every sheet's records are duplicates, and the file is known.
        let again = try x.run(["import", file, "--json"])
        #expect(again.json["inserted"] as? Int == 0 && again.json["duplicates"] as? Int == 3, "\(again.stdout)")
        // One sheet by name.
        let one = try Xueshi(); defer { one.remove() }
        let only = try one.run(["import", try one.copyFixture("two-year-sheets.xlsx"), "--sheet", "2025年", "--json"])
        #expect(only.json["inserted"] as? Int == 2, "\(only.stdout) \(only.stderr)")
    }
}

/// A value column (hours, dates, title) merged over several records' rows: Excel shows the value once,
/// every row gets it, and the import says so, naming the rows; a unit merged over rows is expected and
/// not mentioned.
@Suite("Merged value cells, end to end")
struct MergedValuesEndToEndTests {
    @Test("hours merged over two rows are counted on each, and the import names the rows to check")
    func mergedHours() throws {
        let x = try Xueshi(); defer { x.remove() }
        let result = try x.run(["import", try x.copyFixture("merged-hours.xlsx")])
        #expect(result.status == 0, "\(result.stderr)")
        let said = result.stdout + result.stderr
        #expect(said.contains("1 条记录的值来自合并单元格"), "\(said)")
        #expect(said.contains("「学时」第 2 行的合并单元格也填入了第 3 行"))
        #expect(!said.contains("「工作单位」"), "a merged unit is how rosters are laid out")
        let verdict = try x.run(["verify", "--person", IDs.zhang, "--json"])
        #expect(verdict.stdout.contains("\"counted\":32") || verdict.stdout.contains("\"counted\": 32"), "\(verdict.stdout)")
    }
}
