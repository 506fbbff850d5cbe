import Foundation
import Testing

/// No command shows a whole ID unless asked (`--reveal-ids`): every command's output over the demo's
/// ledger is scanned for the IDs it holds.
@Suite("Whole IDs only when asked, end to end")
struct WholeIDsEndToEndTests {
    static let ids = [IDs.zhang, IDs.wang, RosterEndToEndTests.sun, RosterEndToEndTests.zhou, RosterEndToEndTests.chen,
                      RosterEndToEndTests.huang, RosterEndToEndTests.liu, RosterEndToEndTests.li, RosterEndToEndTests.yang]

    static let commands: [[String]] = [
        ["people"], ["records"], ["records", "--json"], ["imports"], ["verify"], ["verify", "--json"], ["verify", "--applicants"],
        ["report", "units"], ["report", "units", "--format", "csv"], ["report", "units", "--format", "markdown"],
        ["report", "units", "--format", "html"], ["report", "units", "--format", "json"],
        ["report", "person", "张伟"], ["report", "person", IDs.zhang], ["reconcile"], ["reconcile", "--json"],
        ["reconcile", "--format", "csv"], ["reconcile", "--format", "html"], ["exemption", "list"],
        ["check", "FIXTURE"], ["check", "FIXTURE", "--json"], ["import", "FIXTURE", "--dry-run"], ["import", "FIXTURE", "--json"],
        ["doctor"], ["doctor", "--json"], ["backup", "COPY"],
    ]

    @Test("every command's output holds masked IDs only")
    func masked() throws {
        let x = try RosterEndToEndTests.demoLedger(); defer { x.remove() }
        let fixture = x.path("demo-export.csv")
        for command in Self.commands {
            let result = try x.run(command.map { $0 == "FIXTURE" ? fixture : $0 == "COPY" ? x.path("copy-\(UUID().uuidString).sqlite") : $0 }
                + ["--as-of", "2026-01-10"].filter { _ in
                    !["people", "records", "imports", "exemption", "import", "doctor", "backup"].contains(command[0]) })
            let said = result.stdout + result.stderr
            #expect(result.status < 2, "\(command): \(result.stderr)")
            for id in Self.ids {
                // A whole ID in the output, once the command's own argument is left out.
                let shown = said.replacingOccurrences(of: fixture, with: "")
                #expect(!shown.contains(id), "\(command) shows \(id)")
            }
        }
        // The scan can fail: asked for, the IDs are there.
        let revealed = try x.run(["verify", "--reveal-ids", "--as-of", "2026-01-10"])
        #expect(revealed.stdout.contains(IDs.zhang))
    }
}
