import Foundation
import Testing
@testable import XueshiDelivery
import XueshiSchedule

@Suite("Folder destination")
struct FolderTests {
    @Test("The file is written whole under the job's name, owner-only, in a folder made if missing")
    func writesFile() throws {
        let base = NSTemporaryDirectory() + "xueshi-folder-\(UUID().uuidString)"
        let deliverer = Deliverer(secrets: SecretReader(environment: [:], baseFolder: base), baseFolder: base)
        let file = ReportFile(fileName: "学时汇总_2025-W36.xlsx", mimeType: "application/octet-stream", data: Data("PK\u{3}\u{4}bytes".utf8))
        let outgoing = Outgoing(job: "weekly-units", title: "学时汇总 · 2025-W36", chatText: { _ in "text" }, file: file,
                                fileIsAttachment: true, json: nil, deliveryID: "1")
        let receipt = try deliverer.deliver(outgoing, to: Destination(kind: .folder(path: "报表/周报")), named: "archive")
        let path = try #require(receipt.path)
        #expect(path == base + "/报表/周报/weekly-units_学时汇总_2025-W36.xlsx")
        #expect(FileManager.default.contents(atPath: path) == file.data)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // Nothing else is left in the folder (no temporary file).
        #expect(try FileManager.default.contentsOfDirectory(atPath: base + "/报表/周报").count == 1)
    }

    @Test("A report that is only text is written as Markdown")
    func textOnly() throws {
        let base = NSTemporaryDirectory() + "xueshi-folder-\(UUID().uuidString)"
        let deliverer = Deliverer(secrets: SecretReader(environment: [:], baseFolder: base), baseFolder: base)
        let outgoing = Outgoing(job: "reminders", title: "学时提醒 · 距截止还有 30 天", chatText: { _ in "### 提醒\n" }, file: nil,
                                fileIsAttachment: false, json: nil, deliveryID: "1")
        let receipt = try deliverer.deliver(outgoing, to: Destination(kind: .folder(path: base)), named: "archive")
        #expect(receipt.path?.hasSuffix(".md") == true)
        #expect(FileManager.default.contents(atPath: receipt.path!) == Data("### 提醒\n".utf8))
    }
}
