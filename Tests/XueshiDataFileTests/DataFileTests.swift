import Testing
import XueshiDataFile

struct Sample: Decodable {
    var name: String
    var limits: [String: Int]
    init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: ["name", "limits"])
        let c = try decoder.container(keyedBy: AnyCodingKey.self)
        name = try c.decode(String.self, forKey: AnyCodingKey(stringValue: "name"))
        limits = try c.decode([String: Int].self, forKey: AnyCodingKey(stringValue: "limits"))
    }
}

/// DESIGN.md: data files users edit by hand fail with the file and line of the mistake.
@Suite("Data files name the line of a mistake")
struct DataFileTests {
    @Test("a well-formed file decodes")
    func decodes() throws {
        let sample = try DataFile.decode(Sample.self, yaml: "name: a\nlimits:\n  x: 1\n", file: "a.yaml")
        #expect(sample.name == "a")
        #expect(sample.limits == ["x": 1])
    }

    @Test("a YAML syntax error names its line")
    func syntax() {
        let error = #expect(throws: DataFileError.self) {
            try DataFile.decode(Sample.self, yaml: "name: a\nlimits:\n  x: [1, 2\n  y: 3\n", file: "bad.yaml")
        }
        #expect(error?.file == "bad.yaml")
        #expect(error?.line != nil)
    }

    @Test("a value of the wrong type names its line")
    func typeMismatch() {
        let error = #expect(throws: DataFileError.self) {
            try DataFile.decode(Sample.self, yaml: "name: a\nlimits:\n  x: 1\n  y: many\n", file: "bad.yaml")
        }
        #expect(error?.line == 4)
    }

    @Test("a misspelt setting is refused, not ignored, with its line")
    func unknownKey() {
        let error = #expect(throws: DataFileError.self) {
            try DataFile.decode(Sample.self, yaml: "name: a\nlimits: {}\nlimtis: 3\n", file: "bad.yaml")
        }
        #expect(error?.line == 3)
        #expect(error?.message.contains("limtis") == true)
    }

    @Test("a missing setting is named")
    func missing() {
        let error = #expect(throws: DataFileError.self) {
            try DataFile.decode(Sample.self, yaml: "name: a\n", file: "bad.yaml")
        }
        #expect(error?.message.contains("limits") == true)
    }
}
