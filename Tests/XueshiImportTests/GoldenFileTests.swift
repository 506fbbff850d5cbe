import Foundation
import Testing
@testable import XueshiImport
import XueshiModel
import XueshiRead

/// Golden files: a small export beside the outcomes it must produce, row by row. A change to a profile,
/// a reader or the normaliser that alters any result fails here, loudly. After a deliberate change,
/// regenerate with `XUESHI_UPDATE_GOLDEN=1 swift test --filter GoldenFileTests` and review the diff.
@Suite("Golden files for the built-in profile")
struct GoldenFileTests {
    @Test("each export produces exactly its golden outcomes", arguments: [
        "provincial-quirks.csv", "provincial-quirks-gb18030.csv", "provincial-quirks-libreoffice.xlsx",
    ])
    func golden(export: String) throws {
        let folder = try #require(Bundle.module.url(forResource: "Fixtures/golden", withExtension: nil))
        let actual = try Self.outcomes(of: folder.appendingPathComponent(export).path, name: export)
        let expectedName = export + ".expected"
        let expectedURL = folder.appendingPathComponent(expectedName)
        if ProcessInfo.processInfo.environment["XUESHI_UPDATE_GOLDEN"] == "1" {
            let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Fixtures/golden/\(expectedName)")
            try actual.write(to: source, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        #expect(actual == expected, "golden file \(expectedName) differs")
    }

    /// One line per row read: the record made, the errors, or why it was skipped.
    static func outcomes(of path: String, name: String) throws -> String {
        var lines: [String] = []
        let reader = ExportReader(profiles: ImportProfile.builtIn())
        let info = try reader.read(path: path, displayName: name, started: { info in
            lines.append("header row \(info.headerRow), profile \(info.profile), ignored: \(info.ignoredHeaders.joined(separator: ","))")
        }, row: { raw, outcome in
            switch outcome {
            case .record(let r):
                var fields = ["id=\(r.id)", "name=\(r.name)", "unit=\(r.unit)", "year=\(r.year)", "category=\(r.category.rawValue)"]
                fields.append("form=\(r.form?.rawValue ?? "-")" + (r.formText.map { "(\($0))" } ?? ""))
                fields += ["title=\(r.title.replacingOccurrences(of: "\n", with: "\\n"))", "organizer=\(r.organizer ?? "-")",
                           "start=\(r.start?.description ?? "-")", "end=\(r.end?.description ?? "-")", "hours=\(r.hours)",
                           "status=\(r.status.rawValue)", "registered=\(r.registered?.description ?? "-")"]
                lines.append("row \(raw.number): record " + fields.joined(separator: " | "))
            case .invalid(let errors):
                for error in errors { lines.append("row \(raw.number): error [\(error.column ?? "-")] \(error.reason)") }
            case .skipped(let reason):
                lines.append("row \(raw.number): skipped \(reason)")
            }
        })
        lines.append("rows \(info.rows), blank \(info.skippedBlank), total \(info.skippedTotal), encoding \(info.encoding ?? "-"), sheet \(info.sheet ?? "-")")
        return lines.joined(separator: "\n") + "\n"
    }
}
