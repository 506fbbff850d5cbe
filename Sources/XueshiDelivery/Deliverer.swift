import Foundation
import Logging
import XueshiModel
import XueshiSchedule
import XueshiTransport

/// Sends an `Outgoing` to one destination of a schedule: a folder, a mail server, a chat robot or a
/// webhook. The network is reached only through `Transport`; TLS is always verified. Secrets are read
/// when a delivery is made (`SecretReader`) and never appear in an error or a log line.
public struct Deliverer: Sendable {
    public var secrets: SecretReader
    /// How transfers are made; a destination's `cacert` is added per delivery.
    public var transportSettings: TransportSettings
    /// Shared by every delivery of a run, so that robots' rate limits hold across jobs.
    public var rateLimiter: RateLimiter
    /// Relative folders are found from here (the schedule file's folder), like secret files.
    public var baseFolder: String
    /// Called when a chat or webhook delivery's last message is handed to the network: from then on
    /// the receiver may have it, and a run killed before it hears back must not post it again.
    public var onMessageHandedOver: (@Sendable () -> Void)?
    var logger = Logger(label: "xueshi.delivery")

    /// A chat message is at most this many bytes of UTF-8: WeCom's documented limit for markdown; DingTalk
    /// and Feishu take more, but a longer message is unreadable on a phone anyway, and the whole report
    /// goes by mail or to a folder.
    public static let weComMarkdownLimit = 4096
    public static let dingTalkMarkdownLimit = 15000
    public static let feishuMarkdownLimit = 15000

    public init(secrets: SecretReader, transportSettings: TransportSettings = TransportSettings(connectTimeout: 10, totalTimeout: 60),
                rateLimiter: RateLimiter = RateLimiter(), baseFolder: String) {
        self.secrets = secrets; self.transportSettings = transportSettings; self.rateLimiter = rateLimiter
        self.baseFolder = baseFolder
    }

    /// What a delivery did, for the run log and the user.
    public struct Receipt: Sendable, Equatable {
        /// Messages posted (a WeCom file is a second message), or 1 for a mail or a file written.
        public var messages: Int
        /// Where a folder delivery wrote the file.
        public var path: String?
    }

    /// Sends `outgoing` to the destination called `name`.
    public func deliver(_ outgoing: Outgoing, to destination: Destination, named name: String) throws(DeliveryError) -> Receipt {
        logger.debug("delivering", metadata: ["destination": "\(name)", "title": "\(outgoing.title)"])
        switch destination.kind {
        case .folder(let path):
            return try writeToFolder(outgoing, folder: path, named: name)
        case .mail(let server, let from, let to):
            return try mail(outgoing, server: server, from: from, to: to, destination: destination, named: name)
        case .dingTalk(let url):
            return try postDingTalk(outgoing, url: url, destination: destination, named: name)
        case .weCom(let url):
            return try postWeCom(outgoing, url: url, destination: destination, named: name)
        case .feishu(let url):
            return try postFeishu(outgoing, url: url, destination: destination, named: name)
        case .webhook(let url):
            return try postWebhook(outgoing, url: url, destination: destination, named: name)
        }
    }

    /// The transport for one destination: its private CA, and no retries for a post that a robot may
    /// have received (a retry after a timeout would post the message twice; the next run retries).
    func transport(for destination: Destination, retries: Int, lastMessage: Bool = false) -> Transport {
        var settings = transportSettings
        if let ca = destination.caBundle { settings.caBundlePath = resolved(ca) }
        if let timeout = destination.timeout {
            settings.totalTimeout = timeout
            settings.connectTimeout = min(settings.connectTimeout, timeout)
        }
        settings.retries = retries
        var transport = Transport(settings: settings)
        if lastMessage { transport.onBodyHandedOver = onMessageHandedOver }
        return transport
    }

    func resolved(_ path: String) -> String { PathText.resolved(path, from: baseFolder) }

    /// A destination's secret (a robot's signing key, a mail password), read where the schedule says.
    func secret(_ source: Destination.Secret?, of name: String) throws(DeliveryError) -> String? {
        guard let source else { return nil }
        return try secrets.read(source, for: name)
    }

    /// A transport failure in words, scrubbed of what identifies a robot (its token or key), which
    /// `Transport` keeps out of query strings but not out of a path (Feishu's hook).
    func failure(_ error: TransportError, destination name: String, kind: String, url: String) -> DeliveryError {
        var text = error.description
        for secret in Self.urlSecrets(url) { text = text.replacingOccurrences(of: secret, with: "***") }
        let transient: Bool
        switch error {
        case .httpStatus(let code, _, _): transient = code >= 500 || code == 429
        case .tlsVerificationFailed, .credentialsWithoutTLS: transient = false
        default: transient = true
        }
        return DeliveryError("发送到「\(name)」（\(kind)）失败：\(text)", transient: transient)
    }

    /// Parts of a robot's address that let anyone post to it: query values and the last path segment.
    static func urlSecrets(_ url: String) -> [String] {
        guard let components = URLComponents(string: url) else { return [] }
        var secrets = (components.queryItems ?? []).compactMap(\.value).filter { $0.count >= 6 }
        if let last = components.path.split(separator: "/").last, last.count >= 16 { secrets.append(String(last)) }
        return secrets
    }
}
