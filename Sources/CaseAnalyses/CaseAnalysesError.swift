import Foundation

/// What can go wrong drawing conclusions across a case.
public enum CaseAnalysesError: Error, LocalizedError, Equatable {
    /// A comparison side that is no party, exhibit number or artifact id of the case.
    case unknownSide(name: String, parties: [String])
    /// Two sides that share evidence without being the same side.
    case overlappingSides(left: String, right: String)
    /// A method name `compare` does not know.
    case unknownMethod(name: String, known: [String])
    /// Bytes a method reads back that it cannot read, and why.
    case unreadable(String)

    public var errorDescription: String? {
        switch self {
        case .unknownSide(let name, let parties):
            return "'\(name)' is no party, exhibit number (EX-0001) or artifact id of this case"
                + (parties.isEmpty ? "" : "; its parties are " + parties.joined(separator: ", "))
        case .overlappingSides(let left, let right):
            return "the sides '\(left)' and '\(right)' share evidence: compare disjoint sides, or one side with itself"
        case .unknownMethod(let name, let known):
            return "no comparison method '\(name)'; the methods are " + known.joined(separator: ", ")
        case .unreadable(let reason):
            return reason
        }
    }
}
