import EvidenceKit

/// How ``MemberCopies`` walks a container again: the extractor that read it at intake, configured
/// as it was then, how it runs (`in process`, `isolated`, or `external: FOLDER`, for custody), and
/// the budget of the walk (its limits, and its seconds from the walk's start).
public struct ContainerWalker: Sendable {
    public var extractor: ExtractorRegistry.Configured
    public var process: String
    public var budget: ResourceBudget

    public init(extractor: ExtractorRegistry.Configured, process: String, budget: ResourceBudget = ResourceBudget()) {
        self.extractor = extractor
        self.process = process
        self.budget = budget
    }
}
