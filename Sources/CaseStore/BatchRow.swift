/// One row of an original's batch, as ``CaseFile/write(_:)`` receives it.
public enum BatchRow: Sendable {
    case artifact(ArtifactRecord)
    /// A finding with the entity mentions it makes.
    case finding(FindingRecord, [MentionRecord])
    /// A series of a finding (after the finding, or before it: references are checked at commit).
    case series(SeriesRecord)
    case entity(EntityRecord)
    /// A custody entry; the writer gives it the exhibit number, and chains it.
    case custody(CustodyRecord)
}
