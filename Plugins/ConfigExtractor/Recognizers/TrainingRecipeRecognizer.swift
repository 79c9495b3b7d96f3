import EvidenceFormats
import EvidenceKit

/// Training configurations — Hugging Face TrainingArguments dumps, DeepSpeed JSON (values may
/// be `"auto"`), accelerate and NeMo / Megatron YAML — → one `training.hyperparameter` finding
/// per setting, under a normalized name, with the key path it came from.
enum TrainingRecipeRecognizer {
    static func recognize(_ document: ConfigDocument, into sink: any FindingSink) throws {
        var found: [(String, String, Value, Locator)] = []
        var seen = Set<String>()
        try document.forEachLeaf { path, value, locator in
            guard path.allSatisfy({ Int($0) == nil }) else { return }
            guard let name = MLVocabulary.hyperparameterName(forKeyPath: path), !seen.contains(name) else { return }
            seen.insert(name)
            found.append((name, "/" + path.joined(separator: "/"), value, locator))
        }
        // One stray `lr` is not a recipe.
        guard found.count >= 2 else { return }
        for (name, path, value, locator) in found {
            var attributes: [String: Value] = ["name": .string(name), "value": MLVocabulary.canonical(value), "key": .string(path)]
            if case .string("auto") = value { attributes["auto"] = true }
            var place = locator
            place.jsonPointer = path
            sink.emit(Finding("training.hyperparameter", summary: "\(name) = \(value)", attributes: attributes, at: place))
        }
    }
}
