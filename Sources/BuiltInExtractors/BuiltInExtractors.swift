import ArchiveExtractor
import ConfigExtractor
import EvidenceKit

/// The built-in extractors, in the order the host offers them an artifact.
///
/// One explicit list: adding an extractor folder under `Plugins/` means adding it here, and a
/// test fails when a folder is missing.
public enum BuiltInExtractors {
    public static let all: [any Extractor.Type] = [
        ArchiveExtractor.self,
        ConfigExtractor.self,
    ]
}
