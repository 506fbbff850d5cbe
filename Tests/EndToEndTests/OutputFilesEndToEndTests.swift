import Foundation
import Testing

/// `--output`: the format follows the file's extension, a contradiction is refused with nothing
/// written, missing folders are made, and every file error is worded in Chinese with the path.
@Suite("Output files, end to end")
struct OutputFilesEndToEndTests {
    static func filled() throws -> Xueshi {
        let x = try Xueshi()
        try x.run(["import", try x.write("export.csv", Hours2023to2025.mixed)])
        return x
    }

    static func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    @Test("the format follows the extension when --format is not given")
    func formatFromExtension() throws {
        let x = try Self.filled(); defer { x.remove() }
        let expectations: [(String, (Data) -> Bool)] = [
            ("学时汇总.xlsx", { $0.starts(with: Array("PK".utf8)) }),
            ("学时汇总.html", { String(decoding: $0, as: UTF8.self).hasPrefix("<!DOCTYPE html>") }),
            ("学时汇总.md", { String(decoding: $0, as: UTF8.self).hasPrefix("### ") }),
            ("学时汇总.json", { (try? JSONSerialization.jsonObject(with: $0)) != nil }),
            ("学时汇总.csv", { String(decoding: $0, as: UTF8.self).contains("单位,") }),
        ]
        for (name, looksRight) in expectations {
            let result = try x.run(["report", "units", "--as-of", "2026-01-01", "--output", x.path(name)])
            #expect(result.status == 0, "\(name): \(result.stderr)")
            #expect(looksRight(try Self.bytes(x.path(name))), "\(name) is not in its extension's format")
        }
    }

    @Test("a format that contradicts the extension is refused and nothing is written")
    func contradiction() throws {
        let x = try Self.filled(); defer { x.remove() }
        let result = try x.run(["report", "units", "--format", "csv", "--output", x.path("学时汇总.xlsx")])
        #expect(result.status == 2)
        #expect(result.stderr.contains("格式 csv 与文件"))
        #expect(result.stderr.contains("什么也没有写入"))
        #expect(!FileManager.default.fileExists(atPath: x.path("学时汇总.xlsx")))
    }

    @Test("folders that do not exist are made, for a report and for a new ledger")
    func missingFolders() throws {
        let x = try Xueshi(); defer { x.remove() }
        let ledger = x.path("新建/学时库/xueshi.sqlite")
        let imported = try x.run(["import", try x.write("export.csv", Hours2023to2025.mixed), "--ledger", ledger])
        #expect(imported.status == 0, "\(imported.stderr)")
        let mode = try FileManager.default.attributesOfItem(atPath: ledger)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let report = x.path("报表/2026/学时汇总.html")
        let written = try x.run(["report", "units", "--ledger", ledger, "--output", report])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(FileManager.default.fileExists(atPath: report))
    }

    @Test("a folder as the path, or a file where a folder should be: a Chinese message with the path")
    func fileErrors() throws {
        let x = try Self.filled(); defer { x.remove() }
        try FileManager.default.createDirectory(atPath: x.path("报表"), withIntermediateDirectories: true)
        let folder = try x.run(["report", "units", "--output", x.path("报表")])
        #expect(folder.status == 2)
        #expect(folder.stderr.contains("无法写入 \(x.path("报表"))：这是一个文件夹。请在文件夹路径后面写上文件名。"))

        let underFile = try x.run(["report", "units", "--output", x.path("export.csv/学时汇总.html")])
        #expect(underFile.status == 2)
        #expect(underFile.stderr.contains("是一个文件，不是文件夹"))
        for result in [folder, underFile] {
            #expect(!result.stderr.contains("NSCocoaErrorDomain"))
            #expect(!result.stderr.contains("Not a directory"))
        }
    }
}
