import EvidenceKit

/// The ML recognizers, run on every parsed configuration; each decides for itself whether the
/// document is its kind.
enum MLRecognizers {
    /// - Throws: ``EvidenceError/limitReached(limit:detail:)`` when the time budget runs out
    ///   (the recognizers that walk every leaf check the clock).
    static func run(_ document: ConfigDocument, into sink: any FindingSink) throws {
        ArchitectureRecognizer.recognize(document, into: sink)
        GenerationConfigRecognizer.recognize(document, into: sink)
        TokenizerConfigRecognizer.recognize(document, into: sink)
        try TrainingRecipeRecognizer.recognize(document, into: sink)
        try RLTechniqueRecognizer.recognize(document, into: sink)
        try SafetensorsIndexRecognizer.recognize(document, into: sink)
    }

    /// Numbers in one canonical form, so `3e-4`, `0.0003` and `"3e-4"` compare equal.
    static func normalized(_ value: Value) -> Value {
        switch value {
        case .float(let number) where number.rounded() == number && abs(number) < 1e15: return .integer(Int64(number))
        case .string(let text):
            if let integer = Int64(text) { return .integer(integer) }
            if let number = Double(text), text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) { return .float(number) }
            return value
        default: return value
        }
    }
}
