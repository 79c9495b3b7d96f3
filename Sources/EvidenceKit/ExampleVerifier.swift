import Foundation

/// Runs an extractor's descriptor examples: the conformance test every extractor passes.
///
/// ```swift
/// @Test func examples() {
///     for failure in ExampleVerifier.verify(ArchiveExtractor.self, samples: samplesURL) {
///         Issue.record(Comment(rawValue: failure.message))
///     }
/// }
/// ```
public enum ExampleVerifier {
    /// How many bytes of the head an artifact offers for recognition.
    public static let headLength = 64 * 1024

    /// One example that did not hold, with the place the example was written.
    public struct Failure: Sendable, CustomStringConvertible {
        public let example: String
        public let message: String
        public let sourceFile: StaticString
        public let sourceLine: UInt
        public var description: String { "\(sourceFile):\(sourceLine): \(example): \(message)" }
    }

    /// Checks every example of `extractor` against the files under `samples`
    /// (the `samples/formats` folder); returns the failures, none when all hold.
    public static func verify<E: Extractor>(_ extractor: E.Type, samples: URL) -> [Failure] {
        let descriptor = E.descriptor
        var failures: [Failure] = []
        if descriptor.examples.isEmpty {
            failures.append(Failure(example: descriptor.id, message: "the descriptor has no examples",
                                    sourceFile: #filePath, sourceLine: #line))
        }
        for example in descriptor.examples {
            for message in check(example, of: E(), samples: samples) {
                failures.append(Failure(example: example.file, message: message,
                                        sourceFile: example.sourceFile, sourceLine: example.sourceLine))
            }
        }
        return failures
    }

    private static func check<E: Extractor>(_ example: ExtractorExample, of extractor: E, samples: URL) -> [String] {
        let path = samples.appendingPathComponent(example.file).path
        let name = (example.file as NSString).lastPathComponent
        let head: Data
        let content: FileByteSource
        do {
            head = try FileByteSource(path: path).read(upTo: headLength)
            content = try FileByteSource(path: path)
        } catch {
            return ["cannot open the sample: \(error.localizedDescription)"]
        }
        let accepted = E.descriptor.accepts.accepts(head: head, name: name)
        // A sample is a file on disk, as an original is: it reads positionally too.
        let artifact = Artifact(name: name, declaredSize: nil, head: head, content: content,
                                randomAccess: try? FileByteSource(path: path))
        let sink = CollectingSink()
        var thrown: (any Error)?
        if accepted {
            do {
                // A container extractor gets the container sink, as the host gives it.
                if let container = extractor as? any ContainerExtractor {
                    try container.extract(artifact, into: sink as any ContainerSink)
                } else {
                    try extractor.extract(artifact, into: sink)
                }
            } catch {
                thrown = error
            }
        }
        let declined = !accepted || (thrown as? EvidenceError).map {
            if case .notMyFormat = $0 { return true } else { return false }
        } == true
        if example.mustDecline {
            return declined ? [] : ["was accepted, but must be declined"]
        }
        if declined {
            return ["was declined" + (thrown.map { ": \($0.localizedDescription)" } ?? "")]
        }
        var problems: [String] = []
        if example.mustFail, thrown == nil {
            problems.append("must end with an error, but finished")
        } else if !example.mustFail, let thrown {
            problems.append("failed: \(thrown.localizedDescription)")
        }
        for expected in example.findings {
            let count = sink.findings.filter(expected.matches).count
            if let wanted = expected.count, wanted != count {
                problems.append("expected \(expected), found \(count)")
            } else if expected.count == nil, count == 0 {
                problems.append("expected \(expected), found none; kinds seen: "
                                + Set(sink.findings.map(\.kind.rawValue)).sorted().joined(separator: ", "))
            }
        }
        let memberPaths = Set(sink.members.map(\.member.path))
        for member in example.members where !memberPaths.contains(member) {
            problems.append("expected member \(member); members: \(memberPaths.sorted().prefix(20))")
        }
        return problems
    }
}
