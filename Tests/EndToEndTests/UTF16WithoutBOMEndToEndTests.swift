import Foundation
import Testing

/// UTF-16 without a byte-order mark (little-endian, as Windows writes it) is recognised by its zero
/// bytes; the file is written by the system's iconv.
@Suite("UTF-16 without a byte-order mark, end to end")
struct UTF16WithoutBOMEndToEndTests {
    @Test("an export in UTF-16LE without a BOM is read")
    func readsIt() throws {
        let x = try Xueshi(); defer { x.remove() }
        let source = try x.write("utf8.csv", Exports.good)
        let target = x.path("utf16.csv")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        process.arguments = ["-f", "UTF-8", "-t", "UTF-16LE", source]
        FileManager.default.createFile(atPath: target, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: target))
        try process.run()
        process.waitUntilExit()
        #expect(FileManager.default.contents(atPath: target)?.prefix(2) != Data([0xFF, 0xFE]), "no BOM")
        let result = try x.run(["import", target, "--json"])
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        #expect(result.json["inserted"] as? Int == 3)
        #expect((result.json["files"] as? [[String: Any]])?.first?["encoding"] as? String == "utf-16")
    }
}
