import Foundation
import Testing

/// A web page of tables that a Java system saved as ".xls" imports like the workbook it stands for.
@Suite("Web pages saved as .xls, end to end")
struct HTMLTableEndToEndTests {
    @Test("a GBK page with a merged unit and a title over all columns imports as the .xlsx of the same data; verify finds the same people")
    func gbkPageImportsAsTheWorkbook() throws {
        let page = try Xueshi(); defer { page.remove() }
        let workbook = try Xueshi(); defer { workbook.remove() }
        let html = try page.copyFixture("provincial-quirks-gbk-html.xls")

        // The bad rows stop the import, each named by its row as Excel shows the page.
        let bad = try page.run(["import", html])
        #expect(bad.status >= 2)
        #expect(bad.stderr.contains("provincial-quirks-gbk-html.xls 第 12 行，列「身份证号」"), "\(bad.stderr)")

        let imported = try page.run(["import", html, "--skip-invalid", "--rejects", page.path("r"), "--json"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let xlsx = try workbook.copyFixture("export-libreoffice.xlsx")
        let fromWorkbook = try workbook.run(["import", xlsx, "--skip-invalid", "--rejects", workbook.path("r"), "--json"])
        #expect(imported.json["inserted"] as? Int == 6)
        for key in ["inserted", "duplicates", "rejected"] {
            #expect(imported.json[key] as? Int == fromWorkbook.json[key] as? Int, "\(key)")
        }
        let file = (imported.json["files"] as? [[String: Any]])?.first
        #expect(file?["sheet"] as? String == "表格1")
        #expect(file?["headerRow"] as? Int == 4)
        #expect(file?["exportedAt"] as? String == "2025-09-01 10:00:00")

        let arguments = ["verify", "--json", "--as-of", "2025-09-01", "--reveal-ids"]
        let verdict = try page.run(arguments)
        let expected = try workbook.run(arguments)
        #expect(verdict.status == expected.status)
        let people = try #require(verdict.json["people"] as? [[String: Any]])
        let expectedPeople = try #require(expected.json["people"] as? [[String: Any]])
        #expect(people.count == 5)
        #expect(Set(people.compactMap { $0["name"] as? String }) == ["张伟", "王芳", "李娜", "陈静", "杨磊"])
        func canonical(_ value: Any) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
        }
        #expect(try canonical(people) == (try canonical(expectedPeople)))
    }

    @Test("a page without a table says so, and imports nothing")
    func pageWithoutATable() throws {
        let x = try Xueshi(); defer { x.remove() }
        let file = try x.write("导出.xls", "<html><body><p>会话已过期，请重新登录</p></body></html>")
        let result = try x.run(["import", file])
        #expect(result.status >= 2)
        #expect((result.stdout + result.stderr).contains("网页里没有表格"), "\(result.stderr)")
    }
}
