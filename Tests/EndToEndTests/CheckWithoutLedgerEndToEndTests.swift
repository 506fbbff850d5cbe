import Foundation
import Testing

/// `check --json` sums the files in memory, without a database, and must say exactly what importing
/// the same files and verifying says: duplicates counted once, later decisions replacing pending ones,
/// bad rows left out, records after the as-of day not counted.
@Suite("Checking files without a ledger, end to end")
struct CheckWithoutLedgerEndToEndTests {
    @Test("check --json of files equals import + verify --json of the same files", arguments: ["2026-01-10", "2024-03-05"])
    func sameAsImportAndVerify(asOf: String) throws {
        let x = try Xueshi(); defer { x.remove() }
        let files = try DecisionExports.files(x)
        let checked = try x.run(["check"] + files + ["--json", "--as-of", asOf])
        for file in files { _ = try x.run(["import", file, "--skip-invalid"]) }
        let verified = try x.run(["verify", "--json", "--as-of", asOf])
        #expect(checked.status == verified.status)
        #expect(checked.stdout == verified.stdout)
        #expect(checked.stdout.contains("杭州智算科技有限公司"), "the unit of the most recent record")
        #expect(checked.stderr.contains("第 6 行"), "\(checked.stderr)")
    }
}
