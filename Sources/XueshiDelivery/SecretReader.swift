import Foundation
import XueshiModel
import XueshiSchedule

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a destination's secrets where the schedule says they are: an environment variable, or a
/// file only its owner can read. A secret is never written into the schedule, never printed and never
/// logged; the errors name the variable or the file, not what is in it.
public struct SecretReader: Sendable {
    public var environment: [String: String]
    /// Relative secret files are found from here (the schedule file's folder).
    public var baseFolder: String

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, baseFolder: String) {
        self.environment = environment; self.baseFolder = baseFolder
    }

    /// The secret's text, without a trailing line break.
    public func read(_ secret: Destination.Secret, for destination: String) throws(DeliveryError) -> String {
        switch secret {
        case .environment(let name):
            guard let value = environment[name], !value.isEmpty else {
                throw DeliveryError("发送目标「\(destination)」的密钥应在环境变量 \(name) 中，但它没有设置", transient: false)
            }
            return value
        case .file(let given):
            let path = PathText.resolved(given, from: baseFolder)
            var info = stat()
            guard stat(path, &info) == 0 else {
                throw DeliveryError("发送目标「\(destination)」的密钥文件 \(path) 无法读取：\(String(cString: strerror(errno)))", transient: false)
            }
            // Like ssh with a private key: a secret others can read is not a secret any more.
            guard info.st_mode & 0o077 == 0 else {
                throw DeliveryError("密钥文件 \(path) 别人也能读取（权限 \(String(info.st_mode & 0o777, radix: 8))）：请先 chmod 600 \(path)", transient: false)
            }
            guard info.st_uid == geteuid() else {
                throw DeliveryError("密钥文件 \(path) 不属于运行 xueshi 的用户：请用自己的文件（chmod 600）", transient: false)
            }
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw DeliveryError("密钥文件 \(path) 无法读取，或不是 UTF-8 文本", transient: false)
            }
            let value = text.trimmingCharacters(in: .newlines)
            guard !value.isEmpty else { throw DeliveryError("密钥文件 \(path) 是空的", transient: false) }
            return value
        }
    }
}
