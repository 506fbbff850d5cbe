/// Why a delivery failed, in words a person can act on; never a secret, a token or a query string.
/// A failed delivery is tried again by the next run.
public struct DeliveryError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    /// Whether trying again later may help (a robot's rate limit, a server down); false for a mistake
    /// in the schedule or a missing secret, which the next run will meet again unless someone fixes it.
    public var transient: Bool

    public init(_ description: String, transient: Bool = true) {
        self.description = description; self.transient = transient
    }
}
