import Crypto
import EvidenceKit
import Foundation

/// `tokenizer_config.json` → `ml.tokenizer` (class, special tokens, chat template with its
/// SHA-256 and notable markers); `tokenizer.json` → `ml.tokenizer_vocabulary` (model type,
/// vocabulary size, merges, SHA-256 of the vocabulary and of the merges).
enum TokenizerConfigRecognizer {
    static let templateMarkers = ["<think>", "<|im_start|>", "[INST]", "<|start_header_id|>", "<start_of_turn>",
                                  "<|user|>", "<|assistant|>", "tools", "<tool_call>"]

    static func recognize(_ document: ConfigDocument, into sink: any FindingSink) {
        let root = document.root
        if let model = root["model"], let type = model["type"]?.value, root["added_tokens"] != nil || model["vocab"] != nil {
            vocabulary(model, type: type, into: sink)
        }
        guard document.fileName.lowercased() == "tokenizer_config.json" || root["tokenizer_class"] != nil else { return }
        var attributes: [String: Value] = [:]
        for key in ["tokenizer_class", "model_max_length", "bos_token", "eos_token", "unk_token", "pad_token", "add_bos_token",
                    "add_eos_token", "padding_side"] {
            if let value = root[key]?.value { attributes[key] = value }
        }
        if case .object(let added, _)? = root["added_tokens_decoder"] { attributes["added_tokens"] = .integer(Int64(added.count)) }
        if case .string(let template)? = root["chat_template"]?.value {
            attributes["chat_template_sha256"] = .string(sha256(template))
            attributes["chat_template_markers"] = .list(templateMarkers.filter { template.contains($0) }.map(Value.string))
        }
        sink.emit(Finding("ml.tokenizer", summary: "tokenizer \(attributes["tokenizer_class"]?.description ?? "?")"
                              + (attributes["chat_template_sha256"].map { ", chat template \($0.description.prefix(12))" } ?? ""),
                          attributes: attributes))
    }

    private static func vocabulary(_ model: ConfigNode, type: Value, into sink: any FindingSink) {
        var attributes: [String: Value] = ["model_type": type]
        if case .object(let vocab, _)? = model["vocab"] {
            attributes["vocab_size"] = .integer(Int64(vocab.count))
            let lines = vocab.map { "\($0.key)\t\($0.node.value?.description ?? "")" }.sorted().joined(separator: "\n")
            attributes["vocab_sha256"] = .string(sha256(lines))
        } else if case .array(let vocab, _)? = model["vocab"] {
            attributes["vocab_size"] = .integer(Int64(vocab.count))
        }
        if case .array(let merges, _)? = model["merges"] {
            attributes["merges"] = .integer(Int64(merges.count))
            attributes["merges_sha256"] = .string(sha256(merges.map { $0.value?.description ?? "" }.joined(separator: "\n")))
        }
        sink.emit(Finding("ml.tokenizer_vocabulary",
                          summary: "\(type) vocabulary of \(attributes["vocab_size"]?.description ?? "?") tokens",
                          attributes: attributes))
    }

    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
