import Foundation
import Testing
import XueshiDataFile
@testable import XueshiImport

@Suite("Import profiles are data")
struct ProfileTests {
    @Test("the built-in provincial profile is bundled and parses")
    func builtIn() throws {
        let profile = try #require(ImportProfile.builtIn().first { $0.name == "zj-provincial" })
        #expect(profile.fields[.id]?.headers == ["身份证号", "身份证号码", "证件号码", "公民身份号码"])
        #expect(profile.fields[.year]?.required == false)
        #expect(ImportProfile.builtInText(named: "zj-provincial")?.contains("total_markers") == true)
    }

    @Test("a profile that does not parse is refused with its file and line", arguments: [
        ("name: x\nfields:\n  name: { headers: [姓名], requird: true }\n", 3, "requird"),
        ("name: x\nfields:\n  nmae: { headers: [姓名] }\n", 3, "nmae"),
        ("name: x\nencoding: latin1\nfields:\n  name: { headers: [姓名] }\n", 2, "latin1"),
        ("name: x\nfields:\n  name: { headers: [姓名] \n", nil, "YAML"),
    ] as [(String, Int?, String)])
    func refused(yaml: String, line: Int?, mentions: String) {
        let error = #expect(throws: DataFileError.self) { try ImportProfile(yaml: yaml, file: "mine.yaml", source: "mine.yaml") }
        #expect(error?.file == "mine.yaml")
        if let line { #expect(error?.line == line) } else { #expect(error?.line != nil) }
        #expect(error?.description.contains(mentions) == true, "\(String(describing: error))")
    }

    @Test("a profile missing a required field is refused")
    func missingField() {
        let yaml = "name: x\nfields:\n  name: { headers: [姓名] }\nvalues:\n  category: { professional: [专业] }\n"
        let error = #expect(throws: DataFileError.self) { try ImportProfile(yaml: yaml, file: "mine.yaml", source: "mine.yaml") }
        #expect(error?.message.contains("缺少必需的字段") == true)
    }

    @Test("a user's copy of the built-in profile loads from a path")
    func loadsFromPath() throws {
        let path = NSTemporaryDirectory() + "profile-\(UUID().uuidString).yaml"
        let text = try #require(ImportProfile.builtInText(named: "zj-provincial")).replacingOccurrences(of: "name: zj-provincial", with: "name: mine")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try ImportProfile.load(path).name == "mine")
        #expect(throws: DataFileError.self) { try ImportProfile.load("no-such-profile") }
    }
}
