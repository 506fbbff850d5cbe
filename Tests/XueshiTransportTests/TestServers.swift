import Foundation
import Synchronization

/// A certificate authority and a server certificate for 127.0.0.1, made with `openssl` at test time.
struct TestPKI: Sendable {
    let folder: URL
    let caPath: String
    let serverCertPath: String
    let serverKeyPath: String
    /// A second, unrelated CA: trusting it must not make the server's certificate acceptable.
    let otherCAPath: String

    /// Made once per test process.
    static let shared = Result { try TestPKI() }

    private init() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("xueshi-transport-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        folder = root
        pkiFolder.withLock { $0 = root.path }
        atexit { pkiFolder.withLock { path in path.map { _ = try? FileManager.default.removeItem(atPath: $0) } } }
        caPath = folder.appendingPathComponent("ca.pem").path
        serverCertPath = folder.appendingPathComponent("server.pem").path
        serverKeyPath = folder.appendingPathComponent("server.key").path
        otherCAPath = folder.appendingPathComponent("other-ca.pem").path
        let ext = folder.appendingPathComponent("server.ext")
        try """
        subjectAltName = IP:127.0.0.1
        basicConstraints = CA:FALSE
        keyUsage = digitalSignature, keyEncipherment
        extendedKeyUsage = serverAuth

        """.write(to: ext, atomically: true, encoding: .utf8)
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        let dir = folder.path
        try run("openssl", ["req", "-x509"] + ec + ["-keyout", "\(dir)/ca.key", "-out", caPath, "-days", "2",
                                                     "-subj", "/CN=xueshi test CA"])
        try run("openssl", ["req", "-x509"] + ec + ["-keyout", "\(dir)/other-ca.key", "-out", otherCAPath, "-days", "2",
                                                     "-subj", "/CN=xueshi other CA"])
        try run("openssl", ["req"] + ec + ["-keyout", serverKeyPath, "-out", "\(dir)/server.csr", "-subj", "/CN=127.0.0.1"])
        try run("openssl", ["x509", "-req", "-in", "\(dir)/server.csr", "-CA", caPath, "-CAkey", "\(dir)/ca.key",
                            "-CAcreateserial", "-out", serverCertPath, "-days", "2", "-extfile", ext.path])
    }
}

/// Removed when the test process exits (keys, certificates, received mail).
private let pkiFolder = Mutex<String?>(nil)

struct TestFailure: Error, CustomStringConvertible {
    let description: String
}

/// Runs a program to its end; throws with its error output when it fails. Returns its standard output.
@discardableResult
func run(_ program: String, _ arguments: [String]) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [program] + arguments
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw TestFailure(description: "\(program) \(arguments.joined(separator: " ")) failed: \(String(decoding: errorData, as: UTF8.self))")
    }
    return data
}

/// Debian's python3 has the `python3-aiosmtpd` package; fall back to whichever python3 is on PATH.
let python: String = FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "python3"

func serverScript(_ name: String) throws -> String {
    guard let folder = Bundle.module.url(forResource: "Servers", withExtension: nil) else {
        throw TestFailure(description: "the Servers resource folder is missing")
    }
    return folder.appendingPathComponent(name).path
}

/// A test server: a python script that prints "ready PORT" once it listens on 127.0.0.1. It exits when
/// its standard input closes, that is when this object is released or the test process ends.
final class ServerProcess: @unchecked Sendable {
    let port: Int
    private let process = Process()
    private let input = Pipe()

    init(script: String, arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, try serverScript(script)] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Wait for the first line, not for a time: an early exit ends the read with end-of-file.
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("ready "), let port = Int(text.dropFirst(6)) else {
            process.waitUntilExit()
            let reason = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw TestFailure(description: "\(script) did not start: \(text) \(reason)")
        }
        self.port = port
    }

    deinit {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
    }
}

/// The shared HTTPS server, signed by `TestPKI`'s CA.
enum HTTPSServer {
    static let shared = Result { () throws -> ServerProcess in
        let pki = try TestPKI.shared.get()
        return try ServerProcess(script: "https_server.py", arguments: [pki.serverCertPath, pki.serverKeyPath])
    }

    static func url(_ pathAndQuery: String) throws -> String {
        "https://127.0.0.1:\(try shared.get().port)\(pathAndQuery)"
    }
}

/// A key unique to one test, so that the server's request counters are not shared.
func uniqueKey() -> String { UUID().uuidString }

/// A port on 127.0.0.1 that nothing listens on: bound by the system, then closed.
func closedPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw TestFailure(description: "socket() failed") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
            bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
        }
    }
    guard bound else { throw TestFailure(description: "bind() failed") }
    return Int(UInt16(bigEndian: address.sin_port))
}
