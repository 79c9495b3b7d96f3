/// One row of an original's batch, as ``CaseFile/write(_:)`` receives it.
public enum BatchRow: Sendable {
    case artifact(ArtifactRecord)
    /// A finding with the entity mentions it makes.
    case finding(FindingRecord, [MentionRecord])
    case entity(EntityRecord)
    /// A custody entry; the writer gives it the exhibit number.
    case custody(CustodyRecord)
}
