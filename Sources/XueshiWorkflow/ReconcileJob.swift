import Foundation
import XueshiLedger
import XueshiModel
import XueshiReconcile
import XueshiReport
import XueshiVerify

/// The reconcile use case: rosters against records for a policy's years, as of a day, for everyone or
/// one unit. Throws `WorkflowError.noRoster` when no roster has been imported: every person would be
/// "on no roster", which says nothing.
public struct ReconcileJob: Sendable {
    public var policy: Policy
    public var asOf: CalendarDate
    public var unit: String?
    public var hoursTolerance: Hours

    public init(policy: Policy, asOf: CalendarDate, unit: String? = nil, hoursTolerance: Hours = Reconciler.defaultHoursTolerance) {
        self.policy = policy; self.asOf = asOf; self.unit = unit; self.hoursTolerance = hoursTolerance
    }

    public func run(on ledger: Ledger) throws -> Reconciliation {
        guard try ledger.hasRoster() else { throw WorkflowError.noRoster }
        let input = try ledger.reconcileInput(years: policy.years)
        let reconciler = Reconciler(years: policy.years, asOf: asOf, policyName: policy.name, unit: unit, hoursTolerance: hoursTolerance)
        return reconciler.reconcile(input)
    }

    /// The report every format is drawn from.
    public static func report(_ reconciliation: Reconciliation, revealIDs: Bool, now: Date = Date()) -> ReconcileReport {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return ReconcileReport(reconciliation, revealIDs: revealIDs, generatedAt: formatter.string(from: now))
    }
}
