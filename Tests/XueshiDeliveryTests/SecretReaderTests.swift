import Foundation
import Testing
@testable import XueshiDelivery
import XueshiSchedule

@Suite("Secrets come from the environment or an owner-only file")
struct SecretReaderTests {
    let folder: String = {
        let path = NSTemporaryDirectory() + "xueshi-secrets-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    @Test("From the environment; a variable that is not set names the variable, not a value")
    func environment() throws {
        let reader = SecretReader(environment: ["DING_SECRET": "s3cr3t"], baseFolder: folder)
        #expect(try reader.read(.environment("DING_SECRET"), for: "hr-ding") == "s3cr3t")
        #expect(throws: DeliveryError.self) { try reader.read(.environment("MISSING"), for: "hr-ding") }
        do { _ = try reader.read(.environment("MISSING"), for: "hr-ding") } catch {
            #expect(error.description.contains("MISSING") && error.description.contains("hr-ding"))
        }
    }

    @Test("From a file of mode 0600, relative to the schedule's folder, without its line break")
    func ownerOnlyFile() throws {
        let path = folder + "/ding.secret"
        FileManager.default.createFile(atPath: path, contents: Data("s3cr3t\n".utf8), attributes: [.posixPermissions: 0o600])
        let reader = SecretReader(environment: [:], baseFolder: folder)
        #expect(try reader.read(.file("ding.secret"), for: "hr-ding") == "s3cr3t")
    }

    @Test("A file others can read is refused, and its content is not shown")
    func readableByOthers() throws {
        let path = folder + "/open.secret"
        FileManager.default.createFile(atPath: path, contents: Data("s3cr3t".utf8), attributes: [.posixPermissions: 0o644])
        let reader = SecretReader(environment: [:], baseFolder: folder)
        do {
            _ = try reader.read(.file(path), for: "hr-ding")
            Issue.record("a 0644 secret file was accepted")
        } catch {
            #expect(error.description.contains("chmod 600"))
            #expect(!error.description.contains("s3cr3t"))
        }
    }
}
