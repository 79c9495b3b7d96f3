import EvidenceKit

/// The ML recognizers, run on every parsed configuration; each decides for itself whether the
/// document is its kind.
enum MLRecognizers {
    static func run(_ document: ConfigDocument, into sink: any FindingSink) {
        ArchitectureRecognizer.recognize(document, into: sink)
        GenerationConfigRecognizer.recognize(document, into: sink)
        TokenizerConfigRecognizer.recognize(document, into: sink)
        TrainingRecipeRecognizer.recognize(document, into: sink)
        RLTechniqueRecognizer.recognize(document, into: sink)
        SafetensorsIndexRecognizer.recognize(document, into: sink)
    }
}
