import Foundation
import TestServers
import Testing
@testable import XueshiTransport

@Suite("HTTPS requests to a server with a private CA")
struct HTTPSTests {
    @Test("A GET's headers arrive exactly and the response's status, headers and body come back")
    func getSendsHeadersAndReturnsTheResponse() throws {
        let transport = Transport(settings: try testSettings())
        let response = try transport.get(try HTTPSServer.url("/echo?page=2"),
                                         headers: ["X-Xueshi-Test": "学时 ok", "Accept": "application/json"])
        #expect(response.status == 200)
        #expect(response.header("content-type") == "application/json")
        let echo = try json(response.body)
        #expect(echo["method"] as? String == "GET")
        #expect(echo["query"] as? String == "page=2")
        let headers = echo["headers"] as? [String: String] ?? [:]
        // http.server decodes header bytes as Latin-1; re-encode to compare the UTF-8 sent.
        let received = headers["x-xueshi-test"].flatMap { $0.data(using: .isoLatin1) }.map { String(decoding: $0, as: UTF8.self) }
        #expect(received == "学时 ok")
        #expect(headers["accept"] == "application/json")
        #expect(headers["user-agent"] == "xueshi")
        #expect(echo["length"] as? Int == 0)
    }

    @Test("A POST's body arrives byte for byte (the server echoes its SHA-256) with its content type")
    func postSendsTheBodyExactly() throws {
        var bytes = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7919 >> 3) })
        bytes.append(contentsOf: [0, 0, 13, 10, 0xFF])
        let transport = Transport(settings: try testSettings())
        let response = try transport.post(try HTTPSServer.url("/echo"), body: bytes, contentType: "application/octet-stream",
                                          headers: ["Authorization": "Bearer not-a-real-token"])
        let echo = try json(response.body)
        #expect(echo["method"] as? String == "POST")
        #expect(echo["length"] as? Int == bytes.count)
        #expect(echo["sha256"] as? String == (try sha256Hex(bytes)))
        let headers = echo["headers"] as? [String: String] ?? [:]
        #expect(headers["content-type"] == "application/octet-stream")
        #expect(headers["authorization"] == "Bearer not-a-real-token")
        #expect(headers["expect"] == nil)
    }

    @Test("An empty POST is sent as a zero-length body")
    func emptyPost() throws {
        let transport = Transport(settings: try testSettings())
        let response = try transport.post(try HTTPSServer.url("/echo"), body: Data(), contentType: "application/json")
        #expect(try json(response.body)["length"] as? Int == 0)
    }

    @Test("A body larger than the limit fails with bodyTooLarge")
    func bodyLimitIsEnforced() throws {
        var settings = try testSettings()
        settings.maxBodyBytes = 10_000
        let transport = Transport(settings: settings)
        let small = try transport.get(try HTTPSServer.url("/big?bytes=10000"))
        #expect(small.body.count == 10_000)
        let error = transportError { _ = try transport.get(try HTTPSServer.url("/big?bytes=10001")) }
        guard case .bodyTooLarge(_, 10_000) = error else {
            Issue.record("expected bodyTooLarge, got \(String(describing: error))")
            return
        }
    }

    @Test("A download streams into the file and leaves no temporary file behind")
    func downloadWritesTheFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("xueshi-dl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("export.xlsx").path
        let transport = Transport(settings: try testSettings())
        let response = try transport.download(try HTTPSServer.url("/big?bytes=123456"), to: target)
        #expect(response.status == 200)
        #expect(try Data(contentsOf: URL(fileURLWithPath: target)) == Data(repeating: UInt8(ascii: "x"), count: 123_456))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["export.xlsx"])

        let failed = transportError { try transport.download(try HTTPSServer.url("/status?code=404&key=\(uniqueKey())"), to: folder.appendingPathComponent("missing").path) }
        #expect(failed != nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["export.xlsx"])
    }
}
