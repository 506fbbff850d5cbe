import Foundation
import TestServers
@testable import XueshiTransport

/// Settings that trust the test CA and fail fast.
func testSettings(retries: Int = 0, totalTimeout: Double = 5, caBundlePath: String? = nil) throws -> TransportSettings {
    let ca = try caBundlePath ?? TestPKI.shared.get().caPath
    return TransportSettings(connectTimeout: 3, totalTimeout: totalTimeout, caBundlePath: ca,
                      retries: retries, backoff: 0.05)
}

/// Runs `operation` and returns the `TransportError` it throws (nil when it succeeds).
func transportError(_ operation: () throws -> Void) -> TransportError? {
    do {
        try operation()
        return nil
    } catch let error as TransportError {
        return error
    } catch {
        return .other(code: -999, message: "not a TransportError: \(error)")
    }
}
