import Foundation

/// Runs an extractor's descriptor examples: the conformance test every extractor passes,
/// built in or external, through its ``ExtractorEntry`` — as the host runs it.
///
/// Besides the examples, it checks what the host relies on: the descriptor survives its wire
/// form (JSON) unchanged, and its default options configure the extractor.
///
/// ```swift
/// @Test func examples() {
///     for failure in ExampleVerifier.verify(.builtIn(ArchiveExtractor.self), samples: samplesURL) {
///         Issue.record(Comment(rawValue: failure.description))
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
        public let sourceFile: String
        public let sourceLine: Int
        public var description: String { "\(sourceFile):\(sourceLine): \(example): \(message)" }
    }

    /// Checks every example of `entry` against the files under `samples` (the
    /// `samples/formats` folder); returns the failures, none when all hold.
    public static func verify(_ entry: ExtractorEntry, samples: URL) -> [Failure] {
        let descriptor = entry.descriptor
        var failures: [Failure] = []
        func fail(_ message: String) {
            failures.append(Failure(example: descriptor.id, message: message, sourceFile: #filePath, sourceLine: #line))
        }
        if descriptor.examples.isEmpty { fail("the descriptor has no examples") }
        if descriptor.rationale.isEmpty { fail("the descriptor has no rationale (what it reads, and what it does not see)") }
        if let data = try? JSONEncoder().encode(descriptor),
           let decoded = try? JSONDecoder().decode(ExtractorDescriptor.self, from: data) {
            if decoded.withoutExamples != descriptor.withoutExamples || decoded.examples.map(\.file) != descriptor.examples.map(\.file) {
                fail("the descriptor does not survive its JSON form unchanged")
            }
        } else {
            fail("the descriptor cannot be written as JSON and read back")
        }
        let make: ExtractorEntry.Factory
        do {
            make = try entry.configured(with: descriptor.options)
        } catch {
            fail("its default options do not configure it: \(error.localizedDescription)")
            return failures
        }
        for example in descriptor.examples {
            for message in check(example, of: entry, make: make, samples: samples) {
                failures.append(Failure(example: example.file, message: message,
                                        sourceFile: example.sourceFile, sourceLine: example.sourceLine))
            }
        }
        return failures
    }

    /// Checks the examples of a built-in extractor type.
    public static func verify<E: Extractor>(_ extractor: E.Type, samples: URL) -> [Failure] {
        verify(.builtIn(extractor), samples: samples)
    }

    private static func check(_ example: ExtractorExample, of entry: ExtractorEntry, make: ExtractorEntry.Factory,
                              samples: URL) -> [String] {
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
        let accepted = entry.strength(head: head, name: name, lowercasedName: Array(name.lowercased().utf8)) != nil
        // A sample is a file on disk, as an original is: it reads positionally too.
        let artifact = Artifact(name: name, declaredSize: nil, head: head, content: content,
                                randomAccess: try? FileByteSource(path: path))
        let sink = CollectingSink()
        var thrown: (any Error)?
        if accepted {
            do {
                try make()(artifact, sink)
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
        let declared = Set(entry.descriptor.findingKinds.map(\.kind)).union(hostKinds)
        for kind in Set(sink.findings.map(\.kind)) where !declared.contains(kind) {
            problems.append("emitted \(kind), which the descriptor does not declare")
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

    /// Kinds every extractor may emit without declaring them: the SDK's own.
    private static let hostKinds: Set<FindingKind> = [.extractionWarning, .extractionError, .limitation, .recognition]
}
