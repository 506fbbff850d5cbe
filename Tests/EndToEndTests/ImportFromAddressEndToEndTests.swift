import Foundation
import Testing

/// `xueshi import https://…`: the file is fetched whole, then imported like a local one; the batch
/// keeps the address (without its query, which may hold a token); a failed fetch writes nothing.
/// A plain HTTP server on 127.0.0.1 stands in for the publisher (TLS is the transport's own tests).
@Suite("Importing from an address, end to end")
struct ImportFromAddressEndToEndTests {
    /// A web server on 127.0.0.1 serving `folder`, on a port it chose.
    final class WebServer {
        let process = Process()
        let input = Pipe()
        let port: Int

        /// Serves `folder`; prints "ready PORT" once it listens, and stops when its standard input closes.
        static let script = """
            import functools, http.server, sys, threading
            handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
            threading.Thread(target=lambda: (sys.stdin.read(), server.shutdown()), daemon=True).start()
            sys.stdout.write("ready %d\\n" % server.server_address[1]); sys.stdout.flush()
            server.serve_forever()
            """

        init(serving folder: String) throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", Self.script, folder]
            let out = Pipe()
            process.standardInput = input
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            var line = Data()
            while !line.contains(UInt8(ascii: "\n")) {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                line.append(chunk)
            }
            let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard text.hasPrefix("ready "), let port = Int(text.dropFirst(6)) else {
                process.terminate()
                throw POSIXError(.EADDRNOTAVAIL)
            }
            self.port = port
        }

        deinit {
            try? input.fileHandleForWriting.close()
            if process.isRunning { process.terminate() }
        }
    }

    @Test("the fetched export is imported once, and the batch names its address without the query")
    func imports() throws {
        let x = try Xueshi(); defer { x.remove() }
        try FileManager.default.createDirectory(atPath: x.path("site"), withIntermediateDirectories: true)
        _ = try x.write("site/导出.csv", Hours2023to2025.mixed)
        let server = try WebServer(serving: x.path("site"))
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
        let server = try WebServer(serving: x.path("site"))
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
