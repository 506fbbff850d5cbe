import Foundation
import TestServers
import Testing
@testable import XueshiTransport

@Suite("Retries, timeouts and broken connections")
struct RetryTests {
    private func requestCount(_ key: String) throws -> String {
        let response = try Transport(settings: try testSettings()).get(try HTTPSServer.url("/count?key=\(key)"))
        return String(decoding: response.body, as: UTF8.self)
    }

    @Test("Two 500s and then a 200 succeed after two retries")
    func serverErrorsAreRetried() throws {
        let key = uniqueKey()
        let transport = Transport(settings: try testSettings(retries: 2))
        let response = try transport.get(try HTTPSServer.url("/flaky?fail=2&key=\(key)"))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "ok")
        #expect(try requestCount(key) == "3")
    }

    @Test("More 500s than retries fail with the last status")
    func retriesRunOut() throws {
        let key = uniqueKey()
        let transport = Transport(settings: try testSettings(retries: 1))
        let error = transportError { _ = try transport.get(try HTTPSServer.url("/flaky?fail=5&key=\(key)")) }
        #expect(error == .httpStatus(code: 500, url: try HTTPSServer.url("/flaky"), bodyPrefix: "temporarily broken"))
        #expect(try requestCount(key) == "2")
    }

    @Test("A 404 fails at once, without a retry")
    func clientErrorsAreNotRetried() throws {
        let key = uniqueKey()
        let transport = Transport(settings: try testSettings(retries: 2))
        let error = transportError { _ = try transport.post(try HTTPSServer.url("/status?code=404&key=\(key)"), body: Data("{}".utf8), contentType: "application/json") }
        guard case .httpStatus(404, _, _) = error else {
            Issue.record("expected httpStatus 404, got \(String(describing: error))")
            return
        }
        #expect(try requestCount(key) == "1")
    }

    @Test("A reply slower than the total timeout fails with timedOut, about when the timeout ends")
    func slowRepliesTimeOut() throws {
        let transport = Transport(settings: try testSettings(retries: 0, totalTimeout: 1))
        let started = Date()
        let error = transportError { _ = try transport.get(try HTTPSServer.url("/slow?seconds=4")) }
        let elapsed = Date().timeIntervalSince(started)
        guard case .timedOut(_, 1) = error else {
            Issue.record("expected timedOut, got \(String(describing: error))")
            return
        }
        #expect(elapsed >= 0.9 && elapsed < 3.5)  // generous: the whole suite runs in parallel
    }

    @Test("A closed port fails with couldNotConnect, after the retries")
    func refusedConnections() throws {
        let port = try closedPort()
        let transport = Transport(settings: try testSettings(retries: 1))
        let error = transportError { _ = try transport.get("https://127.0.0.1:\(port)/echo") }
        #expect(error == .couldNotConnect(host: "127.0.0.1:\(port)"))
    }

    @Test("A connection reset in the middle of the body is an error, not a crash")
    func resetInTheMiddleOfTheBody() throws {
        let transport = Transport(settings: try testSettings(retries: 1))
        let error = transportError { _ = try transport.get(try HTTPSServer.url("/reset")) }
        guard case .other = error else {
            Issue.record("expected other, got \(String(describing: error))")
            return
        }
    }
}
