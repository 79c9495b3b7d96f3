import Foundation

/// One extractor as the host knows it: its descriptor, where it comes from, and how to make an
/// extractor for an artifact. Built-in extractors and external programs are entries alike, so the
/// pipeline, the walk and ``ExampleVerifier`` cannot tell them apart.
///
/// ```swift
/// let entry = ExtractorEntry.builtIn(ArchiveExtractor.self)
/// let make = try entry.configured(with: entry.descriptor.options)   // once per run
/// let extract = try make()                                          // once per artifact
/// try extract(artifact, sink)
/// ```
public struct ExtractorEntry: Sendable {
    /// Reads one artifact into a sink: a built-in extractor's `extract`, or an external
    /// program's side of the protocol. A container's members go to the sink's ``ContainerSink/member(_:content:)``.
    public typealias Extraction = (_ artifact: Artifact, _ sink: any ContainerSink) throws -> Void
    /// Makes the extraction of one artifact, with the options the entry was configured with.
    public typealias Factory = @Sendable () throws -> Extraction

    /// The self-description: identity, acceptance, finding kinds, options, examples.
    public let descriptor: ExtractorDescriptor
    /// Built in, or external with its plugin folder.
    public let origin: ExtractorOrigin
    /// Whether it hands out members (a ``ContainerExtractor``): the host stops opening
    /// containers past the budget's archive depth.
    public let isContainer: Bool
    /// The extractor's content test (``ContentRecognizing``), if it has one.
    public let contentTest: (@Sendable (_ head: Data, _ name: String) -> Bool)?
    private let configure: @Sendable (_ options: [String: Value]) throws -> Factory

    /// An entry for any extractor: `configure` is given the options in force (the descriptor's
    /// defaults with overrides applied) once per run, and returns the factory used per artifact.
    public init(descriptor: ExtractorDescriptor, origin: ExtractorOrigin, isContainer: Bool,
                contentTest: (@Sendable (_ head: Data, _ name: String) -> Bool)? = nil,
                configure: @escaping @Sendable (_ options: [String: Value]) throws -> Factory) {
        self.descriptor = descriptor
        self.origin = origin
        self.isContainer = isContainer
        self.contentTest = contentTest
        self.configure = configure
    }

    /// The entry for an extractor type built into this program. A ``ContentRecognizing`` type
    /// brings its content test; a ``ConfigurableExtractor`` is made with its options decoded.
    public static func builtIn<E: Extractor>(_ type: E.Type) -> ExtractorEntry {
        let test = (E.self as? any ContentRecognizing.Type).map { recognizing in
            { @Sendable (head: Data, name: String) in recognizing.claims(head: head, name: name) }
        }
        return ExtractorEntry(descriptor: E.descriptor, origin: .builtIn, isContainer: E.self is any ContainerExtractor.Type,
                              contentTest: test) { options in
            // Extractors hold no per-artifact state: one, made with the run's options, serves all.
            let extractor: any Extractor = try (E.self as? any ConfigurableExtractor.Type)?.make(from: options) ?? E()
            let extraction: @Sendable () -> Extraction = {
                { artifact, sink in
                    if let container = extractor as? any ContainerExtractor {
                        try container.extract(artifact, into: sink)
                    } else {
                        try extractor.extract(artifact, into: sink as any FindingSink)
                    }
                }
            }
            return extraction
        }
    }

    /// The factory for artifacts of one run, configured with `options` (decoded once, here).
    public func configured(with options: [String: Value]) throws -> Factory {
        try configure(options)
    }

    /// How strongly an artifact with this head and lower-cased UTF-8 name is this extractor's:
    /// its content test first, then its acceptance; `nil` when it does not accept it at all.
    public func strength(head: Data, name: String, lowercasedName: [UInt8]) -> MatchStrength? {
        if let contentTest, contentTest(head, name) { return .content }
        return descriptor.accepts.strength(head: head, lowercasedName: lowercasedName)
    }
}

extension ConfigurableExtractor {
    /// An extractor with `values` decoded as its options.
    static func make(from values: [String: Value]) throws -> Self {
        Self(options: try options(from: values))
    }
}
