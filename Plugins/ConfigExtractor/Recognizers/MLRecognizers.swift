import EvidenceKit

/// The ML recognizers, run on every parsed configuration; each decides for itself whether the
/// document is its kind.
enum MLRecognizers {
    /// - Throws: ``EvidenceError/limitReached(limit:detail:)`` when the time budget runs out
    ///   (the recognizers that walk every leaf check the clock).
    static func run(_ document: ConfigDocument, into sink: any FindingSink) throws {
        // A file that is one uniform collection (a `vocab.json`) holds data, not settings.
        guard document.root.uniformKind == nil else { return }
        ModelCardRecognizer.recognize(document, into: sink)
        ArchitectureRecognizer.recognize(document, into: sink)
        GenerationConfigRecognizer.recognize(document, into: sink)
        TokenizerConfigRecognizer.recognize(document, into: sink)
        try TrainingRecipeRecognizer.recognize(document, into: sink)
        try RLTechniqueRecognizer.recognize(document, into: sink)
        try SafetensorsIndexRecognizer.recognize(document, into: sink)
    }
}
