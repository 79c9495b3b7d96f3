import EvidenceFormats
import EvidenceKit
import Foundation

/// Settings a training log states in words: Megatron-LM's arguments block
/// (`  lr ........................ 0.00015`) and the Trainer's banner (`  Num Epochs = 3`),
/// normalized with the shared vocabulary; each distinct one reported once, where it first appears.
struct HyperparameterLines {
    private var reported: Set<String> = []

    /// Whether a line may state a setting (` ...` or ` = ` in it): a byte test before the text is parsed.
    static func mayState(_ bytes: UnsafeRawBufferPointer) -> Bool {
        TrainingLineParser.contains(" ...", in: bytes) || TrainingLineParser.contains(" = ", in: bytes)
    }

    /// The setting a line states, as (key as logged, value text, source), if it states one.
    static func parse(_ text: String) -> (key: String, value: String, source: String)? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let dots = trimmed.range(of: " ..."), let valueStart = trimmed.range(of: ". ", range: dots.upperBound..<trimmed.endIndex) {
            let key = String(trimmed[..<dots.lowerBound])
            let value = trimmed[valueStart.upperBound...].trimmingCharacters(in: .whitespaces)
            guard !key.contains(" "), !value.isEmpty else { return nil }
            return (key, value, "megatron_arguments")
        }
        if let equals = trimmed.range(of: " = ") {
            // The banner's phrase ends what comes before ` = ` (a logging prefix may come first).
            let phrase = trimmed[..<equals.lowerBound]
            guard let key = MLVocabulary.trainerBannerKeys.first(where: { phrase.hasSuffix($0.key) })?.value else { return nil }
            let value = trimmed[equals.upperBound...].replacingOccurrences(of: ",", with: "")
            return (key, value, "hf_trainer_banner")
        }
        return nil
    }

    /// Reports the setting `key` = `value` once, if the vocabulary knows it; names models and
    /// datasets it gives as entities in `mentions`.
    mutating func report(key: String, value: String, source: String, at locator: Locator, into sink: any FindingSink) {
        var mentions: [EntityRef] = []
        if MLVocabulary.logModelKeys.contains(key) { mentions.append(EntityRef(kind: .model, value: value, role: key)) }
        if MLVocabulary.logDatasetKeys.contains(key) { mentions.append(EntityRef(kind: .dataset, value: value, role: key)) }
        let normalized = MLVocabulary.hyperparameterName(forKeyPath: [key])
        guard normalized != nil || !mentions.isEmpty, reported.insert("\(key)\u{0}\(value)").inserted else { return }
        let canonical = MLVocabulary.canonical(.string(value))
        var attributes: [String: Value] = ["key": .string(key), "value": canonical, "source_format": .string(source)]
        if let normalized { attributes["name"] = .string(normalized) }
        sink.emit(Finding("training.hyperparameter", summary: "\(normalized ?? key) = \(value) (\(key), \(source))",
                          attributes: attributes, at: locator, mentions: mentions))
    }
}
