import ArchiveExtractor
import CodeExtractor
import ConfigExtractor
import EvidenceKit
import LogExtractor
import NotebookExtractor
import TokenizerExtractor
import WeightsExtractor

/// The built-in extractors, in registry order (the order that breaks ties between candidates of
/// equal strength: see `ExtractorRegistry`).
///
/// One explicit list: adding an extractor folder under `Plugins/` means adding it here, and a
/// test fails when a folder is missing.
public enum BuiltInExtractors {
    /// The extractor types.
    public static let types: [any Extractor.Type] = [
        ArchiveExtractor.self,
        ConfigExtractor.self,
        NotebookExtractor.self,
        WeightsExtractor.self,
        LogExtractor.self,
        CodeExtractor.self,
        TokenizerExtractor.self,
    ]

    /// Their registry entries.
    public static var all: [ExtractorEntry] {
        types.map { ExtractorEntry.builtIn($0) }
    }
}
