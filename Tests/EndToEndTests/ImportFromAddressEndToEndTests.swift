import Foundation
import Testing
import TestServers

/// `xueshi import https://…`: the file is fetched whole, then imported like a local one; the batch
/// keeps the address (without its query, which may hold a token); a failed fetch writes nothing.
/// A plain HTTP server on 127.0.0.1 stands in for the publisher (TLS is the transport's own tests).
@Suite("Importing from an address, end to end")
struct ImportFromAddressEndToEndTests {
    /// A web server on 127.0.0.1 serving `folder` (Servers/static_server.py), on a port it chose.
    static func webServer(serving folder: String) throws -> ServerProcess {
        try ServerProcess(script: "static_server.py", arguments: [folder])
    }

    @Test("the fetched export is imported once, and the batch names its address without the query")
    func imports() throws {
        let x = try Xueshi(); defer { x.remove() }
        try FileManager.default.createDirectory(atPath: x.path("site"), withIntermediateDirectories: true)
        _ = try x.write("site/导出.csv", Hours2023to2025.mixed)
        let server = try Self.webServer(serving: x.path("site"))
        let address = "http://127.0.0.1:\(server.port)/%E5%AF%BC%E5%87%BA.csv"
        let result = try x.run(["import", address + "?token=s3cr3t-token"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("新增 12 条"))
        #expect(!result.stdout.contains("s3cr3t") && !result.stderr.contains("s3cr3t"))
        let imports = try x.run(["imports"]).stdout
        #expect(imports.contains("http://127.0.0.1:\(server.port)/"))
        #expect(!imports.contains("s3cr3t"))
        let again = try x.run(["import", address])
        #expect(again.stdout.contains("新增 0 条"))
    }

    @Test("a failed fetch says why and writes nothing; plain http is refused beyond this machine")
    func failures() throws {
        let x = try Xueshi(); defer { x.remove() }
        try FileManager.default.createDirectory(atPath: x.path("site"), withIntermediateDirectories: true)
        let server = try Self.webServer(serving: x.path("site"))
        let missing = try x.run(["import", "http://127.0.0.1:\(server.port)/nothing.csv"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("404"))
        #expect(missing.stderr.contains("什么也没有写入学时库"))
        #expect(!FileManager.default.fileExists(atPath: x.ledger))

        let elsewhere = try x.run(["import", "http://example.com/export.csv"])
        #expect(elsewhere.status == 2)
        #expect(elsewhere.stderr.contains("请用 https://"))
        #expect(!FileManager.default.fileExists(atPath: x.ledger))
    }
}
