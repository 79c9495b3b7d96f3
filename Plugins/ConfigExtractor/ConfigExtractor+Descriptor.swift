import EvidenceKit

extension ConfigExtractor {
    public static let descriptor = ExtractorDescriptor(
        id: "config",
        version: "1.2.0",
        summary: "Config files (JSON, JSONL, YAML, TOML, INI, .env, .properties, Markdown front matter): every entry, ML architectures, training and RL recipes, secrets",
        rationale: """
            Reads configuration files whole (up to the memory budget) as JSON, JSON Lines, YAML, TOML, INI (as \
            Python's configparser reads it), .env, .properties and the YAML front matter of Markdown (model \
            cards): every leaf as a config.entry with its key path and place, except that a uniform collection \
            (a vocabulary, a merges list: many members, values of one type, keys that are not settings) is \
            summarized once and never read as settings — a tokenizer.json's or vocab.json's vocabulary with its \
            digests, special tokens and MinHash sketches of its normalized tokens, ids and merges (for \
            compare.tokenizer); model architectures \
            normalized across spellings (Hugging Face, Mistral, DeepSeek, Megatron/NeMo) and fingerprinted; \
            training and RL recipes with the values that differ from library defaults; generation and tokenizer \
            settings; values that look like credentials (masked). It reads what the file states, not what a \
            program does with it: defaults a library applies silently, values computed at run time, environment \
            overrides and included files are not seen. Names and defaults come from the shared ML vocabulary \
            (its version is recorded with every run); a key it does not know is kept as an entry but not \
            interpreted. A file larger than the memory budget is hashed, not parsed. The precision and recall of \
            each recognizer at this version, measured on a known-answer corpus, are published in \
            docs/config-extractor.md.
            """,
        accepts: Acceptance(
            signatures: [
                MagicSignature("json object", bytes: Array("{".utf8), generic: true),
                MagicSignature("json object (BOM)", bytes: [0xEF, 0xBB, 0xBF, UInt8(ascii: "{")], generic: true),
                MagicSignature("yaml document", bytes: Array("---\n".utf8), generic: true),
            ],
            namePatterns: ["*.yaml", "*.yml", "*.toml", "*.ini", "*.cfg", "*.conf", "*.properties", "*.env", ".env",
                           ".env.*", ".flake8"],
            genericNamePatterns: ["*.json", "*.jsonl", "*.ndjson", "config", "params"],
            mediaTypes: ["application/json", "application/jsonl", "application/yaml", "application/toml",
                         "text/x-ini", "text/x-java-properties"]),
        findingKinds: [
            .bulk("config.entry", "one leaf of a configuration: key path, typed value, place"),
            .headline("ml.architecture", "a model architecture, normalized across spellings, with its fingerprint"),
            .detail("ml.generation_defaults", "default generation settings (temperature, top-p, tokens)"),
            .detail("ml.tokenizer", "a tokenizer's settings: class, special tokens, chat template digest"),
            .detail("ml.tokenizer_vocabulary", "a vocabulary's size, digests, special tokens, spelling, and MinHash sketches of its normalized tokens, (token, id) pairs and merges"),
            .detail("config.map", "a uniform collection (a vocabulary, a merges list) summarized: size, value types, SHA-256"),
            .headline("ml.model_card", "a model card's front matter: license, base model, datasets, tags"),
            .detail("ml.weights_index", "a sharded weights index: shards and tensors"),
            .detail("training.hyperparameter", "one training setting under its normalized name"),
            .headline("rl.technique", "a reinforcement-learning or preference-optimization method and its settings"),
            .headline("secret.candidate", "a value that looks like a credential (masked)"),
        ],
        options: ["max_entries": 50_000],
        examples: examples)
}
