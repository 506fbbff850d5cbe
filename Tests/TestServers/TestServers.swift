import Foundation
import Synchronization

/// A certificate authority and a server certificate for 127.0.0.1, made with `openssl` at test time.
public struct TestPKI: Sendable {
    public let folder: URL
    public let caPath: String
    public let serverCertPath: String
    public let serverKeyPath: String
    /// A second, unrelated CA: trusting it must not make the server's certificate acceptable.
    public let otherCAPath: String

    /// Made once per test process.
    public static let shared = Result { try TestPKI() }

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

public struct TestFailure: Error, CustomStringConvertible {
    public let description: String
    public init(description: String) { self.description = description }
}

/// Runs a program to its end; throws with its error output when it fails. Returns its standard output.
@discardableResult
public func run(_ program: String, _ arguments: [String]) throws -> Data {
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
public let python: String = FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "python3"

public func serverScript(_ name: String) throws -> String {
    guard let folder = Bundle.module.url(forResource: "Servers", withExtension: nil) else {
        throw TestFailure(description: "the Servers resource folder is missing")
    }
    return folder.appendingPathComponent(name).path
}

/// A test server: a python script that prints "ready PORT" once it listens on 127.0.0.1. It exits when
/// its standard input closes, that is when this object is released or the test process ends.
public final class ServerProcess: @unchecked Sendable {
    public let port: Int
    private let process = Process()
    private let input = Pipe()

    public init(script: String, arguments: [String]) throws {
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
public enum HTTPSServer {
    public static let shared = Result { () throws -> ServerProcess in
        let pki = try TestPKI.shared.get()
        return try ServerProcess(script: "https_server.py", arguments: [pki.serverCertPath, pki.serverKeyPath])
    }

    public static func url(_ pathAndQuery: String) throws -> String {
        "https://127.0.0.1:\(try shared.get().port)\(pathAndQuery)"
    }
}

/// A key unique to one test, so that the server's request counters are not shared.
public func uniqueKey() -> String { UUID().uuidString }

/// A port on 127.0.0.1 that nothing listens on: bound by the system, then closed.
public func closedPort() throws -> Int {
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

/// An aiosmtpd server that requires STARTTLS and a login, saving what it receives to a folder.
public final class MailServer: Sendable {
    public static let user = "hr-office"
    public static let password = "p@ss-不要显示-4711"
    public let folder: URL
    public let process: ServerProcess

    /// Whether the connection is TLS from its first byte (`smtps://`, port 465) rather than upgraded by STARTTLS.
    public let implicitTLS: Bool

    public init(implicitTLS: Bool = false) throws {
        let pki = try TestPKI.shared.get()
        self.implicitTLS = implicitTLS
        folder = pki.folder.appendingPathComponent("mail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        process = try ServerProcess(script: "smtp_server.py",
                                    arguments: [pki.serverCertPath, pki.serverKeyPath, folder.path, Self.user, Self.password]
                                        + (implicitTLS ? ["implicit"] : []))
    }

    public var url: String { "\(implicitTLS ? "smtps" : "smtp")://127.0.0.1:\(process.port)" }

    /// What Python's `email` package reads from the n-th saved message.
    public func parsed(_ number: Int) throws -> [String: Any] {
        let eml = folder.appendingPathComponent("\(number).eml").path
        return try json(try run(python, [try serverScript("parse_mail.py"), eml]))
    }

    public func envelope(_ number: Int) throws -> [String: Any] {
        try json(try Data(contentsOf: folder.appendingPathComponent("\(number).json")))
    }

    public var savedCount: Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".eml") }.count
    }
}


/// The chat robots' stand-in (Servers/robot_server.py): DingTalk, WeCom, Feishu and a webhook over
/// HTTPS signed by the test CA, checking signatures and message shapes and answering with the robots'
/// error codes; what it accepted is in `messages.jsonl` in its folder.
public final class RobotServer: Sendable {
    public static let secret = "SECtest-机器人-0123456789"
    public let folder: URL
    public let process: ServerProcess

    public init() throws {
        let pki = try TestPKI.shared.get()
        folder = pki.folder.appendingPathComponent("robots-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        process = try ServerProcess(script: "robot_server.py",
                                    arguments: [pki.serverCertPath, pki.serverKeyPath, folder.path, Self.secret])
    }

    public var base: String { "https://127.0.0.1:\(process.port)" }
    public func dingTalk(_ token: String) -> String { "\(base)/dingtalk/robot/send?access_token=\(token)" }
    public func weCom(_ key: String) -> String { "\(base)/wecom/cgi-bin/webhook/send?key=\(key)" }
    public func feishu(_ token: String) -> String { "\(base)/feishu/open-apis/bot/v2/hook/\(token)" }
    public func webhook(_ name: String) -> String { "\(base)/webhook/\(name)" }

    /// Every message accepted, in order of arrival.
    public func messages(robot: String? = nil, token: String? = nil) throws -> [[String: Any]] {
        try lines("messages.jsonl").filter {
            (robot == nil || $0["robot"] as? String == robot) && (token == nil || $0["token"] as? String == token)
        }
    }

    public func uploads() throws -> [[String: Any]] { try lines("uploads.jsonl") }
    public func rejected() throws -> [[String: Any]] { try lines("rejected.jsonl") }

    private func lines(_ name: String) throws -> [[String: Any]] {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { return [] }
        return try data.split(separator: UInt8(ascii: "\n")).map {
            guard let object = try JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] else {
                throw TestFailure(description: "not a JSON line in \(name)")
            }
            return object
        }
    }
}

/// The JSON object in `data`.
public func json(_ data: Data) throws -> [String: Any] {
    guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        throw TestFailure(description: "not a JSON object: \(String(decoding: data, as: UTF8.self))")
    }
    return object
}

/// The SHA-256 of `data` in lower-case hex, by `sha256sum` (the test targets have no crypto library).
public func sha256Hex(_ data: Data) throws -> String {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("xueshi-sha-\(UUID().uuidString)")
    try data.write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let output = String(decoding: try run("sha256sum", [file.path]), as: UTF8.self)
    return String(output.prefix(64))
}

