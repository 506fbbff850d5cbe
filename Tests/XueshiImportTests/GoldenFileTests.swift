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
        "provincial-quirks-excel97.xls", "provincial-quirks-xlwt.xls",
        "provincial-quirks-2003.xml", "provincial-quirks-freemarker.xls",
        "provincial-quirks-html.xls", "provincial-quirks-gbk-html.xls",
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

    /// One line per row read, in row order: the record made, the errors, or why it was skipped. Read
    /// the way an import reads (the fast path where it applies), so the golden files cover both paths.
    static func outcomes(of path: String, name: String) throws -> String {
        // A workbook's sheets are read one after the other: each sheet's header line, then its rows.
        var headers: [String] = []
        var lines: [(sheet: Int, row: Int, text: String)] = []
        let reader = ExportReader(profiles: ImportProfile.builtIn())
        let info = try reader.read(path: path, displayName: name, started: { info in
            let header = "header row \(info.headerRow), profile \(info.profile), exported \(info.exportedAt ?? "-"), ignored: \(info.ignoredHeaders.joined(separator: ","))"
            headers.append(headers.isEmpty ? header : "sheet \(info.sheet ?? "-"): " + header)
            lines.append((headers.count - 1, 0, headers.last!))
        }, records: { batch in
            for index in 0..<batch.count {
                let r = batch.record(at: index)
                #expect(batch.entries[index].digest == r.key.digest)
                var fields = ["id=\(r.id)", "name=\(r.name)", "unit=\(r.unit)", "year=\(r.year)", "category=\(r.category.rawValue)"]
                fields.append("form=\(r.form?.rawValue ?? "-")" + (r.formText.map { "(\($0))" } ?? ""))
                fields += ["title=\(r.title.replacingOccurrences(of: "\n", with: "\\n"))", "organizer=\(r.organizer ?? "-")",
                           "start=\(r.start?.description ?? "-")", "end=\(r.end?.description ?? "-")", "hours=\(r.hours)",
                           "status=\(r.status.rawValue)", "registered=\(r.registered?.description ?? "-")"]
                let row = batch.entries[index].row
                lines.append((headers.count - 1, row, "row \(row): record " + fields.joined(separator: " | ")))
            }
        }, rejected: { raw, errors in
            for error in errors { lines.append((headers.count - 1, raw.number, "row \(raw.number): error [\(error.column ?? "-")] \(error.reason)")) }
        }, skipped: { row, reason in
            lines.append((headers.count - 1, row, "row \(row): skipped \(reason)"))
        })
        // Stable: a row's own lines keep their order.
        let ordered = lines.enumerated().sorted { ($0.element.sheet, $0.element.row, $0.offset) < ($1.element.sheet, $1.element.row, $1.offset) }
            .map(\.element.text)
        let footer = "rows \(info.rows), blank \(info.skippedBlank), total \(info.skippedTotal), encoding \(info.encoding ?? "-"), sheet \(info.sheet ?? "-")"
        return (ordered + [footer]).joined(separator: "\n") + "\n"
    }
}
