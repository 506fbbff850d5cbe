import Foundation
import TestServers
import Testing
@testable import XueshiTransport

@Suite("TLS certificates are always verified")
struct TLSVerificationTests {
    @Test("A certificate from a private CA is refused when that CA is not given")
    func privateCAWithoutTheBundleIsRefused() throws {
        _ = try TestPKI.shared.get()
        let transport = Transport(settings: TransportSettings(connectTimeout: 3, totalTimeout: 5, retries: 2, backoff: 0.05))
        let error = transportError { _ = try transport.get(try HTTPSServer.url("/echo")) }
        guard case let .tlsVerificationFailed(host, _) = error else {
            Issue.record("expected tlsVerificationFailed, got \(String(describing: error))")
            return
        }
        #expect(host.hasPrefix("127.0.0.1:"))
        #expect(error?.description.contains("cacert") == true)
    }

    @Test("A certificate signed by another CA than the one given is refused, and not retried")
    func certificateFromAnotherCAIsRefused() throws {
        let key = uniqueKey()
        let transport = Transport(settings: try testSettings(retries: 2, caBundlePath: try TestPKI.shared.get().otherCAPath))
        let error = transportError { _ = try transport.get(try HTTPSServer.url("/status?code=200&key=\(key)")) }
        guard case .tlsVerificationFailed = error else {
            Issue.record("expected tlsVerificationFailed, got \(String(describing: error))")
            return
        }
        let count = try Transport(settings: try testSettings()).get(try HTTPSServer.url("/count?key=\(key)"))
        #expect(String(decoding: count.body, as: UTF8.self) == "0")
    }

    @Test("A CA bundle path that does not exist is a TLS error that names the file")
    func missingCABundle() throws {
        let transport = Transport(settings: try testSettings(caBundlePath: "/nonexistent/ca.pem"))
        let error = transportError { _ = try transport.get(try HTTPSServer.url("/echo")) }
        guard case let .tlsVerificationFailed(_, detail) = error else {
            Issue.record("expected tlsVerificationFailed, got \(String(describing: error))")
            return
        }
        #expect(detail.contains("/nonexistent/ca.pem"))
    }
}
