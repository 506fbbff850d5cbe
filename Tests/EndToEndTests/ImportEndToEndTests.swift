import Foundation
import Testing

@Suite("xueshi import, end to end")
struct ImportEndToEndTests {
    @Test("an import writes every record once; a re-import adds nothing; an overlapping export adds only what is new")
    func importOnce() throws {
        let x = try Xueshi(); defer { x.remove() }
        let file = try x.write("export.csv", Exports.good)
        let first = try x.run(["import", file, "--json"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.json["inserted"] as? Int == 3)
        #expect(first.json["duplicates"] as? Int == 0)
        #expect(first.json["rejected"] as? Int == 0)
        let files = first.json["files"] as? [[String: Any]]
        #expect(files?.first?["rows"] as? Int == 3)
        #expect(files?.first?["profile"] as? String == "zj-provincial")

        let mode = try FileManager.default.attributesOfItem(atPath: x.ledger)[.posixPermissions] as! NSNumber
        #expect(mode.intValue & 0o777 == 0o600, "the ledger holds ID numbers: owner only")

        let again = try x.run(["import", file, "--json"])
        #expect(again.status == 0)
        #expect(again.json["inserted"] as? Int == 0)
        #expect(again.json["duplicates"] as? Int == 3)

        let later = try x.write("later.csv", Exports.header
            + Exports.row(1, "王芳", IDs.wang, unit: "杭州智算科技有限公司", title: "深度学习进阶", hours: "12.5")
            + Exports.row(2, "李娜", IDs.li, title: "新的培训"))
        let overlap = try x.run(["import", later, "--json"])
        #expect(overlap.json["inserted"] as? Int == 1)
        #expect(overlap.json["duplicates"] as? Int == 1)

        let people = try x.run(["people", "--json"])
        #expect((people.json["people"] as? [Any])?.count == 3)
        let imports = try x.run(["imports", "--json"])
        #expect((imports.json["imports"] as? [Any])?.count == 3)
    }

    @Test("a bad file: exit non-zero, the ledger unchanged, every bad row named by file, row, column and reason")
    func badFileWritesNothing() throws {
        let x = try Xueshi(); defer { x.remove() }
        try x.run(["import", try x.write("good.csv", Exports.good)])
        let before = try x.run(["records", "--json", "--limit", "0"]).stdout
        let bad = try x.write("bad.csv", Exports.header
            + Exports.row(1, "李娜", IDs.li, title: "好的一行")
            + Exports.row(2, "赵敏", "330108198906201264", title: "校验位错")
            + Exports.row(3, "周婷", IDs.chen, category: "选修课", title: "类别不对")
            + Exports.row(4, "周婷", IDs.chen, title: "学时不对", hours: "abc"))
        let result = try x.run(["import", bad])
        #expect(result.status >= 2)
        #expect(result.stderr.contains("bad.csv 第 3 行，列「身份证号」：身份证号「330108********1264」校验位应为 3，实为 4"))
        #expect(result.stderr.contains("bad.csv 第 4 行，列「科目类别」：不认识的科目类别「选修课」"))
        #expect(result.stderr.contains("bad.csv 第 5 行，列「学时」：学时「abc」不是数字"))
        #expect(result.stdout.contains("什么也没有写入学时库"))
        #expect(try x.run(["records", "--json", "--limit", "0"]).stdout == before)
        #expect(try x.run(["imports", "--json"]).json["imports"].map { ($0 as! [Any]).count } == 1)
    }

    @Test("a failed import into a ledger that did not exist leaves no ledger behind")
    func failedFirstImport() throws {
        let x = try Xueshi(); defer { x.remove() }
        let bad = try x.write("bad.csv", Exports.header + Exports.row(1, "赵敏", "330108198906201264", title: "校验位错"))
        let result = try x.run(["import", bad, "--json"])
        #expect(result.status >= 2)
        #expect(result.json["written"] as? Bool == false)
        #expect((result.json["errors"] as? [[String: Any]])?.first?["row"] as? Int == 2)
        #expect(!FileManager.default.fileExists(atPath: x.ledger))
    }

    @Test("--skip-invalid imports the good rows and writes the bad ones, with reasons, to a CSV that can be fixed and re-imported")
    func skipInvalid() throws {
        let x = try Xueshi(); defer { x.remove() }
        let file = try x.write("export.csv", Exports.header
            + Exports.row(1, "李娜", IDs.li, title: "好的一行")
            + Exports.row(2, "周婷", IDs.chen, title: "学时不对", hours: "abc"))
        let result = try x.run(["import", file, "--skip-invalid", "--rejects", x.path("rejects"), "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.json["inserted"] as? Int == 1)
        #expect(result.json["rejected"] as? Int == 1)
        let rejectsPath = x.path("rejects/export.rejected.csv")
        let mode = try FileManager.default.attributesOfItem(atPath: rejectsPath)[.posixPermissions] as! NSNumber
        #expect(mode.intValue & 0o777 == 0o600, "the rejected rows hold whole ID numbers: owner only")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: rejectsPath))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]), "UTF-8 with BOM, so that Excel on Windows reads it")
        let rejects = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(rejects.hasPrefix("序号,姓名,身份证号"), "the file's own header first")
        #expect(rejects.contains("错误原因"))
        #expect(rejects.contains("学时「abc」不是数字"))
        // The user fixes the hours and imports the file again.
        try rejects.replacingOccurrences(of: ",abc,", with: ",6,").write(toFile: rejectsPath, atomically: true, encoding: .utf8)
        let fixed = try x.run(["import", rejectsPath, "--json"])
        #expect(fixed.status == 0, "\(fixed.stderr)")
        #expect(fixed.json["inserted"] as? Int == 1)
    }

    @Test("--dry-run reports exactly what an import would do and writes nothing")
    func dryRun() throws {
        let x = try Xueshi(); defer { x.remove() }
        let file = try x.write("export.csv", Exports.good)
        let fresh = try x.run(["import", file, "--dry-run", "--json"])
        #expect(fresh.status == 0)
        #expect(fresh.json["inserted"] as? Int == 3)
        #expect(fresh.json["dryRun"] as? Bool == true)
        #expect(!FileManager.default.fileExists(atPath: x.ledger), "a dry run creates no ledger")

        try x.run(["import", file])
        let again = try x.run(["import", file, "--dry-run"])
        #expect(again.stdout.contains("新增 0 条，重复 3 条"))
        #expect(again.stdout.contains("试运行"))
        #expect(try x.run(["imports", "--json"]).json["imports"].map { ($0 as! [Any]).count } == 1)
    }

    @Test("a GB18030 CSV and an .xlsx written by LibreOffice are read without being told their format")
    func formats() throws {
        let x = try Xueshi(); defer { x.remove() }
        let gbk = try x.writeGB18030("导出-gbk.csv", Exports.good.replacingOccurrences(of: "\n", with: "\r\n"))
        let result = try x.run(["import", gbk, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect((result.json["files"] as? [[String: Any]])?.first?["encoding"] as? String == "gb18030")
        #expect(result.json["inserted"] as? Int == 3)

        let xlsx = try x.copyFixture("export-libreoffice.xlsx")
        let bad = try x.run(["import", xlsx])
        #expect(bad.status >= 2, "the fixture holds bad rows")
        #expect(bad.stderr.contains("export-libreoffice.xlsx 第 12 行，列「身份证号」"))
        let skipped = try x.run(["import", xlsx, "--skip-invalid", "--rejects", x.path("r"), "--json"])
        #expect(skipped.json["inserted"] as? Int == 6)
        #expect(skipped.json["duplicates"] as? Int == 1)
        #expect(skipped.json["rejected"] as? Int == 12)
        #expect(skipped.stderr.contains("此前登记的姓名是「李娜」，这里是「刘洋」"), "the same ID under two names is a warning")
    }

    @Test("a file with no recognisable header says what it expected and what it saw")
    func noHeader() throws {
        let x = try Xueshi(); defer { x.remove() }
        let file = try x.write("other.csv", "编号,人员,分数\n1,张伟,90\n")
        let result = try x.run(["import", file])
        #expect(result.status >= 2)
        #expect(result.stdout.contains("找不到表头行"))
        #expect(result.stdout.contains("身份证号 / 身份证号码 / 证件号码 / 公民身份号码"))
        #expect(result.stdout.contains("第 1 行：编号 | 人员 | 分数"))
        #expect(result.stdout.contains("--profile"))
    }

    @Test("a user's own profile, passed by path, reads an export with other headers")
    func ownProfile() throws {
        let x = try Xueshi(); defer { x.remove() }
        let builtIn = try x.run(["profile", "show", "zj-provincial"]).stdout
        let mine = try x.write("mine.yaml", builtIn.replacingOccurrences(of: "name: zj-provincial", with: "name: mine")
            .replacingOccurrences(of: "[项目名称,", with: "[活动名称, 项目名称,"))
        let file = try x.write("export.csv", Exports.good.replacingOccurrences(of: "项目名称", with: "活动名称"))
        #expect(try x.run(["import", file]).status >= 2)
        let result = try x.run(["import", file, "--profile", mine, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect((result.json["files"] as? [[String: Any]])?.first?["profile"] as? String == "mine")
        let broken = try x.write("broken.yaml", "name: b\nfields:\n  name: { headers: [姓名], requird: true }\n")
        let refused = try x.run(["import", file, "--profile", broken])
        #expect(refused.status >= 2)
        #expect(refused.stderr.contains("broken.yaml 第 3 行"))
    }

    @Test("--skip-invalid: one rejects CSV per source file, even of the same name; none when the import fails")
    func rejectsPerFile() throws {
        let x = try Xueshi(); defer { x.remove() }
        try FileManager.default.createDirectory(atPath: x.path("a"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: x.path("b"), withIntermediateDirectories: true)
        func export(_ title: String) -> String {
            Exports.header + Exports.row(1, "张伟", IDs.zhang, title: title) + Exports.row(2, "周婷", IDs.chen, title: title, hours: "abc")
        }
        let a = try x.write("a/export.csv", export("甲")), b = try x.write("b/export.csv", export("乙"))
        let rejects = x.path("rejects")
        // A missing third file: nothing is imported, and no rejects file (nor a half-written one) is left.
        let failed = try x.run(["import", a, b, x.path("missing.csv"), "--skip-invalid", "--rejects", rejects])
        #expect(failed.status != 0)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: rejects)) ?? []).isEmpty)
        let result = try x.run(["import", a, b, "--skip-invalid", "--rejects", rejects, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.json["inserted"] as? Int == 2)
        #expect(result.json["rejectFiles"] as? [String] == [x.path("rejects/export.rejected.csv"), x.path("rejects/export-2.rejected.csv")])
        #expect(try FileManager.default.contentsOfDirectory(atPath: rejects).sorted() == ["export-2.rejected.csv", "export.rejected.csv"])
        let second = try String(contentsOfFile: x.path("rejects/export-2.rejected.csv"), encoding: .utf8)
        #expect(second.contains("乙") && !second.contains("甲"))
    }

    @Test("an older export imported after a newer one does not undo the newer one's review decisions")
    func olderExportAfterNewer() throws {
        let x = try Xueshi(); defer { x.remove() }
        func export(_ time: String, status: String) -> String {
            "浙江省专业技术人员继续教育学时登记表\n导出时间：\(time)\n" + Exports.header
                + Exports.row(1, "张伟", IDs.zhang, title: "大模型研修班", status: status)
        }
        let september = try x.write("九月.csv", export("2025-09-01 10:00:00", status: "未通过"))
        let june = try x.write("六月.csv", export("2025-06-01 08:00:00", status: "已审核"))
        #expect(try x.run(["import", september]).status == 0)
        let older = try x.run(["import", june, "--json"])
        #expect(older.status == 0, "\(older.stderr)")
        let file = (older.json["files"] as? [[String: Any]])?.first
        #expect(file?["olderDecisions"] as? Int == 1)
        #expect(file?["updated"] as? Int == 0)
        #expect(file?["exportedAt"] as? String == "2025-06-01 08:00:00")
        let records = try x.run(["records", "--json"]).json["records"] as? [[String: Any]]
        #expect(records?.first?["status"] as? String == "rejected")
        // Said in words too, and the imports list shows when each file was exported.
        let again = try x.run(["import", june])
        #expect(again.stdout.contains("保留较新的结论"), "\(again.stdout)")
        #expect(try x.run(["imports"]).stdout.contains("2025-06-01 08:00:00"))
    }

    @Test("a crash in the middle of an import leaves the ledger as it was before the command")
    func crashMidway() throws {
        let x = try Xueshi(); defer { x.remove() }
        try x.run(["import", try x.write("good.csv", Exports.good)])
        try killMidway(x, watching: x.ledger + "-wal")
        let records = try x.run(["records", "--json", "--limit", "0"])
        #expect(records.status == 0, "\(records.stderr)")
        #expect((records.json["records"] as? [Any])?.count == 3)
        #expect(try x.run(["imports", "--json"]).json["imports"].map { ($0 as! [Any]).count } == 1)
    }

    @Test("a crash in the first import into a new ledger leaves it empty, and the next import works")
    func crashInFirstImport() throws {
        let x = try Xueshi(); defer { x.remove() }
        // A new ledger's first import writes straight into the file under a rollback journal.
        try killMidway(x, watching: x.ledger)
        let records = try x.run(["records", "--json", "--limit", "0"])
        #expect(records.status == 0, "\(records.stderr)")
        #expect((records.json["records"] as? [Any])?.count == 0)
        #expect(!FileManager.default.fileExists(atPath: x.ledger + "-journal"), "the journal is rolled back when the ledger is opened")
        let again = try x.run(["import", try x.write("good.csv", Exports.good), "--json"])
        #expect(again.json["inserted"] as? Int == 3)
        #expect(try x.run(["imports", "--json"]).json["imports"].map { ($0 as! [Any]).count } == 1)
    }

    @Test("two imports at once into a new ledger: the second waits for the first, and both are kept")
    func concurrentFirstImports() throws {
        let x = try Xueshi(); defer { x.remove() }
        var big = Exports.header
        for n in 1...150_000 { big += Exports.row(n, "李娜", IDs.li, title: "培训第\(n)期") }
        let first = Process()
        first.executableURL = Xueshi.executable
        first.arguments = ["import", try x.write("big.csv", big), "--ledger", x.ledger]
        first.standardOutput = FileHandle.nullDevice
        first.standardError = FileHandle.nullDevice
        try first.run()
        // Once the first import has made the ledger, the second starts.
        let deadline = Date().addingTimeInterval(30)
        while first.isRunning && !FileManager.default.fileExists(atPath: x.ledger) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.002)
        }
        let second = try x.run(["import", try x.write("good.csv", Exports.good), "--json"])
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.json["inserted"] as? Int == 3)
        let imports = try x.run(["imports", "--json"]).json["imports"] as? [[String: Any]]
        #expect(imports?.compactMap { $0["inserted"] as? Int }.sorted() == [3, 150_000])
    }

    @Test("a new ledger is in write-ahead-log mode once its first import is in")
    func newLedgerEndsInWAL() throws {
        let x = try Xueshi(); defer { x.remove() }
        #expect(try x.run(["import", try x.write("good.csv", Exports.good)]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: x.ledger + "-journal"))
        // The first byte pair of the file format says WAL (2, 2) rather than a rollback journal (1, 1).
        let header = try #require(FileHandle(forReadingAtPath: x.ledger)).readData(ofLength: 20)
        #expect(Array(header[18..<20]) == [2, 2])
    }

    /// Starts importing a large export and kills the import with SIGKILL once `file` shows that it is
    /// writing (more than 4 MB), so that it dies in the middle of its transaction.
    private func killMidway(_ x: Xueshi, watching file: String) throws {
        var big = Exports.header
        for n in 1...150_000 { big += Exports.row(n, "李娜", IDs.li, title: "培训第\(n)期") }
        let export = try x.write("big.csv", big)
        let process = Process()
        process.executableURL = Xueshi.executable
        process.arguments = ["import", export, "--ledger", x.ledger]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        func size() -> Int { ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? NSNumber)?.intValue ?? 0 }
        while process.isRunning && size() < 4 << 20 && Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the import must still have been running")
    }
}
