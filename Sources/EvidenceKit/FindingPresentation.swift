/// How a report shows the findings of one kind: the bundle decides nothing by kind name, it reads
/// these declarations (``FindingKindDescription``).
public enum FindingPresentation: String, Sendable, Hashable, Codable, CaseIterable {
    /// Among the case's key findings, at the top of the report (an architecture, an RL technique,
    /// a secret).
    case headline
    /// In the table of findings of its exhibit (the default).
    case detail
    /// Too many to print one by one (a configuration's entries, a log's lines, a model's
    /// tensors): counted in the report, every one listed in `findings.csv` and the graph.
    case bulk
}
