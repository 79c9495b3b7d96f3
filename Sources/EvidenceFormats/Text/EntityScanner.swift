import EvidenceKit
import Foundation

/// The things a configuration value names, which tie it to other evidence: models, datasets,
/// URLs, e-mail addresses, hosts, and software packages with versions. Shared by the config
/// extractor (keys and values) and the notebook extractor (keyword arguments and assignments).
///
/// ```swift
/// EntityScanner.mentions(key: "model_name_or_path", value: "aurora-dynamics/aurora-7b")   // a model
/// ```
public enum EntityScanner {
    private static let modelKeys: Set<String> = ["_name_or_path", "base_model", "model_name_or_path", "pretrained_model_name_or_path",
                                                 "model_name", "reward_model_path", "ref_model", "sft_model_path",
                                                 "model_path", "tokenizer_name_or_path",
                                                 // OpenRLHF's arguments
                                                 "pretrain", "reward_pretrain", "critic_pretrain", "ref_pretrain"]
    private static let datasetKeys: Set<String> = ["dataset", "dataset_name", "datasets", "train_file", "validation_file",
                                                   "dataset_path", "train_files", "val_files", "data_path",
                                                   "prompt_data", "pretrain_data"]

    private static let url = TextEntities.url
    private static let email = TextEntities.email

    /// The entities of the value `value` under `key`, in an object under `parent` (verl names the
    /// model as `model: {path: …}`).
    public static func mentions(key: String, parent: String? = nil, value: Value) -> [EntityRef] {
        var refs: [EntityRef] = []
        if case .string(let text) = value, !text.isEmpty {
            if modelKeys.contains(key) || (key == "path" && parent == "model") {
                refs.append(EntityRef(kind: .model, value: text, role: key))
            }
            if datasetKeys.contains(key) || key.hasPrefix("dataset") { refs.append(EntityRef(kind: .dataset, value: text, role: key)) }
            if key.hasSuffix("_version"), key != "version" {
                let package = String(key.dropLast("_version".count))
                refs.append(EntityRef(kind: .softwarePackage, value: "\(package)==\(text)", role: key))
            }
            let range = NSRange(text.startIndex..., in: text)
            let bytes = Array(text.utf8)
            for match in ByteSearch.contains(bytes, Array("://".utf8)) ? url.matches(in: text, range: range) : [] {
                guard let found = Range(match.range, in: text) else { continue }
                let link = String(text[found])
                refs.append(EntityRef(kind: .url, value: link, role: key))
                if let host = URLComponents(string: link)?.host { refs.append(EntityRef(kind: .host, value: host, role: key)) }
            }
            for match in bytes.contains(UInt8(ascii: "@")) ? email.matches(in: text, range: range) : [] {
                if let found = Range(match.range, in: text) { refs.append(EntityRef(kind: .email, value: String(text[found]), role: key)) }
            }
        }
        return refs
    }
}
