import Foundation
import Testing

/// Runs the built `xueshi` binary as a user or a script would.
struct Xueshi {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any] ?? [:]
        }
    }

    /// The executable, built beside this test bundle by `swift build` / `swift test`.
    static let executable: URL = {
        Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("xueshi")
    }()

    /// A scratch folder for one test, removed when the test's value goes away.
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("xueshi-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    var ledger: String { path("ledger.sqlite") }

    /// Writes a file into the scratch folder.
    @discardableResult
    func write(_ name: String, _ text: String, encoding: String.Encoding = .utf8) throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.data(using: encoding)!.write(to: url)
        return url.path
    }

    /// Writes a file in GB18030, as Excel on a Chinese Windows saves a CSV (converted by the system's iconv).
    func writeGB18030(_ name: String, _ text: String) throws -> String {
        let source = try write(name + ".utf8", text)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        process.arguments = ["-f", "UTF-8", "-t", "GB18030", source]
        let target = path(name)
        FileManager.default.createFile(atPath: target, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: target))
        try process.run()
        process.waitUntilExit()
        try FileManager.default.removeItem(atPath: source)
        return target
    }

    func copyFixture(_ name: String) throws -> String {
        let source = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
        let target = folder.appendingPathComponent(name)
        try FileManager.default.copyItem(at: source, to: target)
        return target.path
    }

    /// Runs `xueshi ARGUMENTS` in the scratch folder with XUESHI_LEDGER pointing into it.
    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var env = ProcessInfo.processInfo.environment
        env["XUESHI_LEDGER"] = ledger
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes to the end before waiting, so that a large output cannot block the child.
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box()
        let done = DispatchSemaphore(value: 0)
        let errHandle = err.fileHandleForReading
        DispatchQueue.global().async { errBox.data = errHandle.readDataToEndOfFile(); done.signal() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        let errData = errBox.data
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// Valid IDs (GB 11643-1999 check digits) for the tests' exports.
enum IDs {
    static let zhang = "330106198803124514"
    static let wang = "330102199007153620"
    static let li = "33010619900101123X"
    static let chen = "330103198709095420"
}

enum Exports {
    static let header = "序号,姓名,身份证号,工作单位,年度,科目类别,学习形式,项目名称,主办单位,开始日期,结束日期,学时,审核状态\n"

    static func row(_ n: Int, _ name: String, _ id: String, unit: String = "之江实验室", year: Int = 2024,
                    category: String = "专业科目", title: String, hours: String = "8", status: String = "已审核",
                    form: String = "面授培训", date: String? = nil) -> String {
        let start = date ?? "\(year)-03-05", end = date ?? "\(year)-03-06"
        return "\(n),\(name),\(id),\(unit),\(year),\(category),\(form),\(title),浙江大学,\(start),\(end),\(hours),\(status)\n"
    }

    /// Three good records of two people, below a title row.
    static let good = "浙江省专业技术人员继续教育学时登记表\n" + header
        + row(1, "张伟", IDs.zhang, title: "大模型研修班")
        + row(2, "张伟", IDs.zhang, category: "一般公需科目", title: "公需科目网络培训", hours: "20")
        + row(3, "王芳", IDs.wang, unit: "杭州智算科技有限公司", title: "深度学习进阶", hours: "12.5")
}

#if canImport(Glibc)
import Glibc
#endif

extension Xueshi {
    /// Runs `xueshi ARGUMENTS` with standard output on a pseudo-terminal `columns` wide, as a user at a
    /// terminal sees it. Returns what the terminal received (standard output and error together).
    func runInTerminal(_ arguments: [String], columns: Int) throws -> Result {
        var controller: Int32 = 0, terminal: Int32 = 0
        var size = winsize(ws_row: 50, ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&controller, &terminal, nil, nil, &size) == 0 else { throw POSIXError(.ENOTTY) }
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var env = ProcessInfo.processInfo.environment
        env["XUESHI_LEDGER"] = ledger
        env.removeValue(forKey: "COLUMNS")
        process.environment = env
        let handle = FileHandle(fileDescriptor: terminal, closeOnDealloc: false)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        close(terminal)
        var output = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(controller, &buffer, buffer.count)
            if count <= 0 { break }  // EIO once the program has exited and closed its side
            output.append(contentsOf: buffer[0..<count])
        }
        close(controller)
        process.waitUntilExit()
        let text = String(decoding: output, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        return Result(status: process.terminationStatus, stdout: text, stderr: "")
    }
}
