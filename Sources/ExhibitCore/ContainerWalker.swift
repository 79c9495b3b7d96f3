import EvidenceKit

/// How ``MemberCopies`` walks a container again: the extractor that read it at intake, configured
/// as it was then, how it runs (`in process`, `isolated`, or `external: FOLDER`, for custody), and
/// the limits of the walk.
public struct ContainerWalker: Sendable {
    public var extractor: ExtractorRegistry.Configured
    public var process: String
    public var limits: ExtractionLimits

    public init(extractor: ExtractorRegistry.Configured, process: String, limits: ExtractionLimits = .init()) {
        self.extractor = extractor
        self.process = process
        self.limits = limits
    }
}
