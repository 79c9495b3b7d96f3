import EvidenceKit
import Foundation

/// Peeks at the head, then declines: the host must rewind and offer the bytes to the next one.
struct PeekThenDecline: Extractor {
    static let descriptor = ExtractorDescriptor(
        id: "peek_then_decline", version: "1.0.0", summary: "Declines after peeking",
        accepts: Acceptance(signatures: [MagicSignature("ustar", at: 257, bytes: Array("ustar".utf8))]))

    func extract(_ artifact: Artifact, into sink: any FindingSink) throws {
        _ = try artifact.content.read(upTo: 600)
        throw EvidenceError.notMyFormat("not interested")
    }
}

/// Emits one finding, then fails: the finding stays and the failure is recorded.
struct HalfWayFailure: Extractor {
    static let descriptor = ExtractorDescriptor(
        id: "half_way", version: "2.0.0", summary: "Fails half way", accepts: Acceptance(namePatterns: ["*.py"]))

    func extract(_ artifact: Artifact, into sink: any FindingSink) throws {
        sink.emit(Finding("test.before_failure", summary: "seen before the failure"))
        throw EvidenceError.corrupt(artifact: artifact.name, locator: Locator(line: 2), reason: "broken on purpose")
    }
}
