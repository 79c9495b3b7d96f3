import EvidenceKit

extension ConfigExtractor {
    private static func entry(_ key: String, _ value: Value) -> ExpectedFinding {
        ExpectedFinding("config.entry", ["key": .string(key), "value": value])
    }

    private static func warning() -> ExpectedFinding { ExpectedFinding("extraction.warning") }

    /// The fingerprint of the Llama-style sample architecture, however its fields are spelled.
    private static let auroraFingerprint = "ff524d75e957686b5ed2f516b93ac52628c897ea228a5089492ee730e667dc91"

    /// Sample files under `samples/formats/` and what they must yield: the extractor's tests.
    static let examples: [ExtractorExample] = [
        // Architectures, normalized across spellings.
        .yields("config/llama-style/config.json", findings: [
            entry("/num_hidden_layers", 32), entry("/rms_norm_eps", 1e-05), entry("/architectures/0", "AuroraForCausalLM"),
            ExpectedFinding("ml.architecture", ["num_hidden_layers": 32, "hidden_size": 4096, "num_key_value_heads": 8,
                                                "fingerprint": .string(auroraFingerprint)]),
        ]),
        .yields("config/llama-style/params.json", findings: [
            // Mistral-style names for the same architecture: the same fingerprint.
            ExpectedFinding("ml.architecture", ["num_hidden_layers": 32, "hidden_size": 4096, "intermediate_size": 14336,
                                                "rms_norm_eps": 1e-05, "rope_theta": 500000,
                                                "fingerprint": .string(auroraFingerprint)]),
        ]),
        .yields("config/qwen-style/config.json", findings: [
            ExpectedFinding("ml.architecture", ["model_type": "qwen2", "attention_bias": true, "sliding_window": 131072]),
        ]),
        .yields("config/mixtral-style/config.json", findings: [
            ExpectedFinding("ml.architecture", ["num_local_experts": 8, "num_experts_per_tok": 2]),
        ]),
        .yields("config/deepseek-style/config.json", findings: [
            ExpectedFinding("ml.architecture", ["num_local_experts": 256, "n_shared_experts": 1, "kv_lora_rank": 512,
                                                "q_lora_rank": 1536, "topk_method": "noaux_tc"]),
        ]),
        .yields("config/bert/config.json", findings: [
            ExpectedFinding("ml.architecture", ["model_type": "bert", "layer_norm_eps": 1e-12, "hidden_act": "gelu"]),
        ]),
        .yields("config/megatron/nemo-model.yaml", findings: [
            ExpectedFinding("ml.architecture", ["num_hidden_layers": 32, "num_key_value_heads": 8, "head_dim": 128]),
            ExpectedFinding("training.hyperparameter", ["name": "tensor_parallel_size", "value": 4]),
        ]),
        // Generation and tokenizer files.
        .yields("config/generation_config.json", findings: [
            ExpectedFinding("ml.generation_defaults", ["temperature": 0.6, "top_p": 0.9]),
        ]),
        .yields("config/tokenizer_config.json", findings: [
            ExpectedFinding("ml.tokenizer", ["tokenizer_class": "PreTrainedTokenizerFast",
                                             "chat_template_markers": ["<think>", "<|im_start|>"]]),
        ]),
        .yields("config/tokenizer.json", findings: [
            ExpectedFinding("ml.tokenizer_vocabulary", ["model_type": "BPE", "vocab_size": 6, "merges": 2]),
        ]),
        .yields("config/model.safetensors.index.json", findings: [
            ExpectedFinding("ml.weights_index", ["tensors": 11, "layers": 2, "total_size": 2200000000,
                                                 "shards": ["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"]]),
        ]),
        // Training recipes.
        .yields("config/training/deepspeed.json", findings: [
            ExpectedFinding("training.hyperparameter", ["name": "learning_rate", "value": 0.0003]),
            ExpectedFinding("training.hyperparameter", ["name": "zero_stage", "value": 2]),
            ExpectedFinding("training.hyperparameter", ["name": "per_device_train_batch_size", "value": "auto", "auto": true]),
        ]),
        .yields("config/training/training_args.json", findings: [
            ExpectedFinding("training.hyperparameter", ["name": "learning_rate", "value": 0.0003]),
            ExpectedFinding("training.hyperparameter", ["name": "optimizer", "value": "adamw_torch_fused"]),
        ]),
        // Reinforcement learning.
        .yields("config/rl/ppo.yaml", findings: [
            ExpectedFinding("rl.technique", ["technique": "PPO"]),
        ]),
        .yields("config/rl/dpo-llamafactory.yaml", findings: [
            ExpectedFinding("rl.technique", ["technique": "DPO"]),
        ]),
        .yields("config/rl/verl-grpo.yaml", findings: [
            ExpectedFinding("rl.technique", ["technique": "GRPO"]),
            entry("/actor_rollout_ref/actor/kl_loss_coef", 0.001),
        ]),
        // Every format.
        .yields("config/multi-document.yaml", findings: [
            ExpectedFinding("config.entry", ["key": "/layers", "value": 48, "document": 1]),
        ]),
        .yields("config/anchors.yaml", findings: [entry("/stage_two/epochs", 2)]),
        .yields("config/settings.toml", findings: [
            entry("/training/batch_size", 1024), entry("/training/learning_rate", 0.0003), entry("/runs/1/seed", 2),
            ExpectedFinding("config.entry", ["key": "/training/started", "value": "2024-02-11T09:30:00Z", "type": "date"]),
            entry("/model/layers/1", 40),
        ]),
        .yields("config/setup.cfg", findings: [entry("/metadata/version", "0.4.1")]),
        // INI as configparser reads it: tab-indented lines continue `requires-dist`.
        .yields("config/known/ini/setup.cfg", findings: [
            entry("/metadata/requires-dist", "\ncertifi>=2017.4.17\ncharset_normalizer>=2,<4\nidna>=2.5,<4\nurllib3>=1.21.1,<3"),
            entry("/DEFAULT/cache_dir", "%(home)s/.cache/borealis"),
        ]),
        // A vocabulary is summarized, not flattened, and never read as a recipe.
        .yields("config/known/wordpiece/tokenizer.json", findings: [
            ExpectedFinding("config.map", ["key": "/model/vocab", "kind": "word_to_id"]),
            ExpectedFinding("ml.tokenizer_vocabulary", ["model_type": "WordPiece"]),
        ]),
        // The known-answer corpus (docs/config-extractor.md scores it whole, must-nots included).
        .yields("config/known/answers.json", findings: [ExpectedFinding("config.entry")]),
        .yields("config/known/bpe/tokenizer.json", findings: [
            ExpectedFinding("config.map", ["key": "/model/vocab", "kind": "word_to_id"]),
            // 40 merge pairs: fewer than 64, recorded as entries.
            entry("/model/merges/0/0", "bet"),
        ]),
        .yields("config/known/gpt2-style/vocab.json", findings: [ExpectedFinding("config.map", ["key": "", "kind": "word_to_id"])]),
        .yields("config/known/deepspeed/ds_config_zero3.json", findings: [
            ExpectedFinding("training.hyperparameter", ["name": "zero_stage", "value": 3]),
        ]),
        .yields("config/known/env/.env", findings: [ExpectedFinding("secret.candidate", ["secret_kind": "huggingface_token"])]),
        .yields("config/known/env/cluster.env", findings: [entry("/WANDB_PROJECT", "borealis-sft")]),
        .yields("config/known/hf/gemma2/config.json", findings: [ExpectedFinding("ml.architecture", ["model_type": "gemma2"])]),
        .yields("config/known/hf/llama/config.json", findings: [ExpectedFinding("ml.architecture", ["model_type": "llama"])]),
        .yields("config/known/hf/qwen2-moe/config.json", findings: [ExpectedFinding("ml.architecture", ["num_local_experts": 60])]),
        .yields("config/known/hf/t5/config.json", findings: [ExpectedFinding("ml.architecture", ["model_type": "t5"])]),
        .yields("config/known/hf/generation_config.json", findings: [ExpectedFinding("ml.generation_defaults", ["temperature": 0.6])]),
        .yields("config/known/hf/tokenizer_config.json", findings: [ExpectedFinding("ml.tokenizer")]),
        .yields("config/known/ini/.flake8", findings: [entry("/flake8/max-line-length", "100")]),
        .yields("config/known/ini/tox.ini", findings: [entry("/testenv/setenv", "\nPYTHONHASHSEED = 0\nBOREALIS_HOME = {envtmpdir}")]),
        .yields("config/known/pyproject.toml", findings: [entry("/project/name", "aurora-train")]),
        .yields("config/known/llamafactory/kto.yaml", findings: [ExpectedFinding("rl.technique", ["technique": "KTO"])]),
        .yields("config/known/llamafactory/sft.yaml", findings: [ExpectedFinding("training.hyperparameter", ["name": "learning_rate"])]),
        .yields("config/known/openrlhf/train_ppo_args.json", findings: [ExpectedFinding("rl.technique", ["technique": "PPO"])]),
        .yields("config/known/trl/dpo.yaml", findings: [ExpectedFinding("rl.technique", ["technique": "DPO"])]),
        .yields("config/known/trl/grpo.yaml", findings: [ExpectedFinding("rl.technique", ["technique": "GRPO"])]),
        .yields("config/known/verl/ppo_trainer.yaml", findings: [ExpectedFinding("rl.technique", ["technique": "PPO"])]),
        // A model card's front matter; its body is not read.
        .yields("config/known/model-card/README.md", findings: [
            ExpectedFinding("ml.model_card", ["base_model": "aurora-dynamics/aurora-8b", "license": "apache-2.0"]),
        ]),
        .yields("config/deploy.env", findings: [
            entry("/WANDB_PROJECT", "borealis-rl"),
            ExpectedFinding("secret.candidate", ["secret_kind": "huggingface_token", "last4": "0123"]),
            ExpectedFinding("secret.candidate", ["secret_kind": "password_in_url"]),
        ]),
        .yields("config/app.properties", findings: [entry("/service.timeout", 30)]),
        .yields("config/config", findings: [entry("/max_steps", 10000)]),
        .yields("config/records.jsonl", findings: [
            entry("/1/loss", 2.27), ExpectedFinding("config.entry", ["key": "/2/loss", "type": "float"]),
        ]),
        // Hostile: warnings with places, and what could be read is kept.
        .yields("config/hostile/duplicate-keys.json", findings: [
            entry("/num_hidden_layers", 22), entry("/num_hidden_layers", 48), warning(),
        ]),
        .yields("config/hostile/comments-nan.json", findings: [
            entry("/max_grad", .float(.infinity)), entry("/min_grad", .float(-.infinity)), warning(),
        ]),
        .yields("config/hostile/truncated.json", findings: [entry("/model_type", "llama"), warning()]),
        .yields("config/hostile/invalid-utf8.json", findings: [entry("/layers", 12), warning()]),
        .yields("config/hostile/utf16.json", findings: [warning()]),
        .yields("config/hostile/binary.toml", findings: [warning()]),
        .yields("config/hostile/deep.json", findings: [ExpectedFinding("limitation", ["limit": "nesting_depth"])]),
        .yields("config/hostile/alias-bomb.yaml", findings: [ExpectedFinding("limitation", ["limit": "config_entries"])]),
        .yields("config/hostile/broken.yaml", findings: [warning()]),
        // Each unreadable TOML line is a warning at its line; the lines after it are still read.
        .yields("config/hostile/broken.toml", findings: [
            ExpectedFinding("extraction.warning", count: 2), entry("/lr", 0.0003), entry("/training/batch_size", 64),
        ]),
        .yields("config/hostile/secrets.json", findings: [
            ExpectedFinding("secret.candidate", ["secret_kind": "openai_style_key"]),
            ExpectedFinding("secret.candidate", ["secret_kind": "aws_access_key_id"]),
            ExpectedFinding("secret.candidate", ["secret_kind": "github_token"]),
            ExpectedFinding("secret.candidate", ["secret_kind": "credential_by_key_name", "last4": "real"]),
        ]),
        .declines("config/not-a-config/config"),
    ]
}
