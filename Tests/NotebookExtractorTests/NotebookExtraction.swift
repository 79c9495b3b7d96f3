import EvidenceKit
import ExhibitTestSupport
import Foundation
@testable import NotebookExtractor

/// The notebook extractor's findings and children on `data`, in a file called `name`, handed
/// over as the host does (a head of 64 KiB, the whole content behind it).
func extractNotebook(_ name: String, _ data: Data, limits: ExtractionLimits = .init()) throws -> CollectingSink {
    let sink = CollectingSink()
    let extractor = NotebookExtractor(options: .init(outputTextBytes: 1 << 20, images: true))
    try extractor.extract(Artifact(name: name, head: data.prefix(65_536), content: DataByteSource(data), limits: limits), into: sink)
    return sink
}

/// The same, for a sample under `samples/formats/`.
func extractNotebookSample(_ relative: String) throws -> CollectingSink {
    try extractNotebook((relative as NSString).lastPathComponent,
                        try Data(contentsOf: URL(fileURLWithPath: Repository.format(relative))))
}

extension CollectingSink {
    /// The findings of `kind`.
    func of(_ kind: FindingKind) -> [Finding] { findings.filter { $0.kind == kind } }

    /// The string attribute `name` of each finding of `kind`.
    func strings(_ kind: FindingKind, _ name: String) -> [String] {
        of(kind).compactMap { if case .string(let text)? = $0.attributes[name] { return text } else { return nil } }
    }
}
