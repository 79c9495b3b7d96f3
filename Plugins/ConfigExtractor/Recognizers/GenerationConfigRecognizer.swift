import EvidenceFormats
import EvidenceKit

/// `generation_config.json` → `ml.generation_defaults`: the decoding defaults a release ships.
enum GenerationConfigRecognizer {
    static let keys = ["temperature", "top_p", "top_k", "do_sample", "max_new_tokens", "max_length", "repetition_penalty",
                       "bos_token_id", "eos_token_id", "pad_token_id", "num_beams"]

    static func recognize(_ document: ConfigDocument, into sink: any FindingSink) {
        let root = document.root
        let present = keys.filter { root[$0] != nil }
        guard document.fileName.lowercased() == "generation_config.json" || (present.count >= 3 && root["hidden_size"] == nil) else { return }
        var attributes: [String: Value] = [:]
        for key in present { attributes[key] = root[key]?.value.map(MLVocabulary.canonical) }
        sink.emit(Finding("ml.generation_defaults",
                          summary: "decoding defaults: " + present.map { "\($0)=\(attributes[$0]?.description ?? "")" }.joined(separator: ", "),
                          attributes: attributes))
    }
}
