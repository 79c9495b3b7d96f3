import EvidenceKit
import ExhibitTestSupport
import Foundation
@testable import ConfigExtractor

/// The config extractor's findings on `data`, in a file called `name`, handed over as the host
/// does (a head of 64 KiB, the whole content behind it).
func extractConfig(_ name: String, _ data: Data) throws -> [Finding] {
    let sink = CollectingSink()
    try ConfigExtractor().extract(Artifact(name: name, head: data.prefix(65_536), content: DataByteSource(data)), into: sink)
    return sink.findings
}

/// The config extractor's findings on `text`, in a file called `name`.
func extractConfig(_ name: String, _ text: String) throws -> [Finding] {
    try extractConfig(name, Data(text.utf8))
}
