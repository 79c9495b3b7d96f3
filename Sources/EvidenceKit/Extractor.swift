import Foundation

/// An evidence extractor: reads one ``Artifact`` and reports what it finds into a sink.
///
/// An extractor is a type with a static self-description and one method. It knows nothing of
/// the case store, the bundle or the command line.
///
/// ## Implementation requirements
///
/// - Decline an artifact that is not your format by throwing ``EvidenceError/notMyFormat(_:)``
///   *before reading past ``Artifact/head``*; the host then offers it to the next extractor.
/// - Report recoverable problems (a corrupt line, a truncated member) as findings of kind
///   ``FindingKind/extractionWarning`` with their ``Locator``, and keep going.
/// - Throw any other ``EvidenceError`` only when nothing more can be read from this artifact.
///   Findings emitted before the throw are kept.
/// - Never write files, never follow links out of the artifact, never load more than
///   ``ExtractionLimits/maxInMemoryBytes`` into memory.
/// - Be deterministic: the same bytes give the same findings in the same order.
/// - Every example in ``descriptor`` must hold; ``ExampleVerifier`` checks them in the tests.
///
/// ```swift
/// struct LineCountExtractor: Extractor {
///     static let descriptor = ExtractorDescriptor(
///         id: "line_count", version: "1.0.0", summary: "Counts lines of text files",
///         accepts: Acceptance(namePatterns: ["*.txt"]))
///     func extract(_ artifact: Artifact, into sink: any FindingSink) throws {
///         var lines = 0
///         while true {
///             let chunk = try artifact.content.read(upTo: 65_536)
///             if chunk.isEmpty { break }
///             lines += chunk.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
///         }
///         sink.emit(Finding("text.lines", summary: "\(lines) lines", attributes: ["lines": .integer(Int64(lines))]))
///     }
/// }
/// ```
public protocol Extractor: Sendable {
    /// The extractor's self-description: identity, accepted formats and examples.
    static var descriptor: ExtractorDescriptor { get }

    /// Creates the extractor. Extractors hold no per-artifact state between calls.
    init()

    /// Reads `artifact` and emits findings into `sink`.
    func extract(_ artifact: Artifact, into sink: any FindingSink) throws
}
