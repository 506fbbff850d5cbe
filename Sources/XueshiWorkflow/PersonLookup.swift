import XueshiLedger
import XueshiModel

/// Finds the person a user means: an 18-digit (or 15-digit) ID, or a name held by one person. A name
/// held by several is `WorkflowError.ambiguousName` with each of them, to choose by ID.
public enum PersonLookup {
    public static func find(_ text: String, in ledger: Ledger) throws -> ResidentID {
        let trimmed = Text.trim(text)
        let looksLikeID = trimmed.count >= 15 && trimmed.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "x" || $0 == "X") }
        if looksLikeID || trimmed.contains("*") {
            switch ResidentID.parse(trimmed) {
            case .success(let id):
                guard try ledger.contains(id) else { throw WorkflowError.noSuchPerson(trimmed) }
                return id
            case .failure(let problem):
                throw WorkflowError.invalidID(trimmed, problem)
            }
        }
        let matches = try ledger.people(named: trimmed)
        switch matches.count {
        case 0: throw WorkflowError.noSuchPerson(trimmed)
        case 1: return matches[0].id
        default: throw WorkflowError.ambiguousName(trimmed, matches)
        }
    }
}
