import EvidenceKit
import Foundation

/// `tokenizer_config.json` → `ml.tokenizer` (class, special tokens, chat template with its
/// SHA-256 and notable markers). (`tokenizer.json` vocabularies are read from the leaf stream by
/// ``VocabularyDigest``.)
enum TokenizerConfigRecognizer {
    static let templateMarkers = ["<think>", "<|im_start|>", "[INST]", "<|start_header_id|>", "<start_of_turn>",
                                  "<|user|>", "<|assistant|>", "tools", "<tool_call>"]

    static func recognize(_ document: ConfigDocument, into sink: any FindingSink) {
        let root = document.root
        guard document.fileName.lowercased() == "tokenizer_config.json" || root["tokenizer_class"] != nil else { return }
        var attributes: [String: Value] = [:]
        for key in ["tokenizer_class", "model_max_length", "bos_token", "eos_token", "unk_token", "pad_token", "add_bos_token",
                    "add_eos_token", "padding_side"] {
            if let value = root[key]?.value { attributes[key] = value }
        }
        if case .object(let added, _)? = root["added_tokens_decoder"] { attributes["added_tokens"] = .integer(Int64(added.count)) }
        if case .string(let template)? = root["chat_template"]?.value {
            attributes["chat_template_sha256"] = .string(Fingerprint.sha256(template))
            attributes["chat_template_markers"] = .list(templateMarkers.filter { template.contains($0) }.map(Value.string))
        }
        sink.emit(Finding("ml.tokenizer", summary: "tokenizer \(attributes["tokenizer_class"]?.description ?? "?")"
                              + (attributes["chat_template_sha256"].map { ", chat template \($0.description.prefix(12))" } ?? ""),
                          attributes: attributes))
    }

}
