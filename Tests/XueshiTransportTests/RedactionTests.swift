import Foundation
import TestServers
import Testing
@testable import XueshiTransport

@Suite("Error messages never show a secret")
struct RedactionTests {
    static let token = "a9f3c0ffee-secret-token"

    @Test("A URL is shown as scheme://host/path: no user, password, query or fragment",
          arguments: [
              ("https://oapi.dingtalk.com/robot/send?access_token=abc123", "https://oapi.dingtalk.com/robot/send"),
              ("https://user:pw1234@example.cn:8443/a/b?x=1#frag", "https://example.cn:8443/a/b"),
              ("smtps://smtp.example.cn:465", "smtps://smtp.example.cn:465"),
              ("https://[::1]:8443/hook?key=k", "https://[::1]:8443/hook"),
          ])
    func urlsAreRedacted(url: String, shown: String) {
        #expect(RedactedURL(url).description == shown)
    }

    @Test("An HTTP error whose body echoes the query string does not show the token")
    func httpStatusHidesTheQuery() throws {
        let transport = Transport(settings: try testSettings())
        let url = try HTTPSServer.url("/status?code=403&key=\(uniqueKey())&access_token=\(Self.token)")
        let error = transportError { _ = try transport.get(url) }
        let text = try #require(error).description
        #expect(text.contains("403"))
        #expect(text.contains("/status"))
        #expect(!text.contains(Self.token))
        #expect(!text.contains("access_token="))
    }

    @Test("Connection and timeout errors do not show the token, the user or the password")
    func failuresHideCredentials() throws {
        let port = try closedPort()
        let transport = Transport(settings: try testSettings(totalTimeout: 0.5))
        let urls = [
            "https://robot:pw-\(Self.token)@127.0.0.1:\(port)/hook?access_token=\(Self.token)",
            try HTTPSServer.url("/slow?seconds=3&access_token=\(Self.token)"),
        ]
        for url in urls {
            let text = try #require(transportError { _ = try transport.post(url, body: Data(), contentType: "application/json") }).description
            #expect(text.contains("127.0.0.1"))
            #expect(!text.contains(Self.token))
            #expect(!text.contains("robot"))
        }
    }

    @Test("Values of credential headers are scrubbed from a server's reply")
    func secretHeaderValuesAreScrubbed() {
        let secrets = Transport.secretHeaderValues(["Authorization": "Bearer \(Self.token)", "Accept": "text/plain"])
        #expect(scrub("you sent Bearer \(Self.token)", removing: secrets) == "you sent ***")
    }

    @Test("Every description is Chinese and says what to do next", arguments: [
        TransportError.timedOut(url: "https://x.example/a", seconds: 30),
        .couldNotConnect(host: "x.example:443"),
        .couldNotResolve(host: "x.example"),
        .tlsVerificationFailed(host: "x.example:443", detail: "SSL certificate problem: unable to get local issuer certificate"),
        .httpStatus(code: 502, url: "https://x.example/a", bodyPrefix: "bad gateway"),
        .smtpRejected(code: 535, detail: "Login denied"),
        .bodyTooLarge(url: "https://x.example/a", limit: 200 * 1024 * 1024),
        .credentialsWithoutTLS(host: "smtp.x.example:25"),
        .other(code: 56, message: "Recv failure: Connection reset by peer"),
    ])
    func descriptionsAreChinese(error: TransportError) {
        #expect(error.description.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) })
        #expect(error.description.contains("请"))
    }
}
