import EvidenceKit

extension ConfigExtractor {
    public static let descriptor = ExtractorDescriptor(
        id: "config",
        version: "1.0.0",
        summary: "Config files (JSON, JSONL, YAML, TOML, INI, .env, .properties): every entry, ML architectures, training and RL recipes, secrets",
        accepts: Acceptance(
            signatures: [
                MagicSignature("json object", bytes: Array("{".utf8)),
                MagicSignature("json object (BOM)", bytes: [0xEF, 0xBB, 0xBF, UInt8(ascii: "{")]),
                MagicSignature("yaml document", bytes: Array("---\n".utf8)),
            ],
            namePatterns: ["*.json", "*.jsonl", "*.ndjson", "*.yaml", "*.yml", "*.toml", "*.ini", "*.cfg", "*.conf",
                           "*.properties", "*.env", ".env", ".env.*", "config", "params"],
            mediaTypes: ["application/json", "application/jsonl", "application/yaml", "application/toml",
                         "text/x-ini", "text/x-java-properties"]),
        findingKinds: ["config.entry", "ml.architecture", "ml.generation_defaults", "ml.tokenizer", "ml.tokenizer_vocabulary",
                       "ml.weights_index", "training.hyperparameter", "rl.technique", "secret.candidate", "extraction.warning", "limitation"],
        examples: examples)
}
