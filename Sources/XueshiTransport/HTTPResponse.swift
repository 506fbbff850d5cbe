import Foundation

/// One HTTP header line as received.
public struct HTTPHeaderField: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A completed HTTP exchange whose status was below 400 (after redirects).
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    /// The final response's headers, in the order received.
    public var headers: [HTTPHeaderField]
    public var body: Data

    public init(status: Int, headers: [HTTPHeaderField], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header called `name`, compared without regard to case.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}
