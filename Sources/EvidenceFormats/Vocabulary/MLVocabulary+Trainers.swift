import EvidenceKit

extension MLVocabulary {
    /// Classes of the RL and preference-optimization libraries (TRL's trainers and configs,
    /// value-head models) and the technique each shows when code uses it.
    public static let rlTrainerClasses: [String: String] = [
        "PPOTrainer": "PPO", "PPOConfig": "PPO", "PPOv2Trainer": "PPO", "PPOv2Config": "PPO",
        "AutoModelForCausalLMWithValueHead": "PPO", "AutoModelForSeq2SeqLMWithValueHead": "PPO",
        "DPOTrainer": "DPO", "DPOConfig": "DPO", "OnlineDPOTrainer": "DPO", "OnlineDPOConfig": "DPO",
        "GRPOTrainer": "GRPO", "GRPOConfig": "GRPO",
        "RewardTrainer": "REWARD_MODELING", "RewardConfig": "REWARD_MODELING",
        "KTOTrainer": "KTO", "KTOConfig": "KTO",
        "RLOOTrainer": "RLOO", "RLOOConfig": "RLOO",
        "ORPOTrainer": "ORPO", "ORPOConfig": "ORPO",
    ]

    /// Keyword arguments whose presence in a call shows a technique (`reward_funcs=` is how
    /// GRPO takes its rewards).
    public static let rlKeywordSignals: [String: String] = ["reward_funcs": "GRPO", "value_model": "PPO"]

    /// Spellings of training settings that code uses and configuration files do not
    /// (`batch_size = 8`, `NUM_EPOCHS = 3`), under the normalized names of ``hyperparameters``.
    public static let codeHyperparameterAliases: [String: String] = [
        "batch_size": "per_device_train_batch_size", "train_batch_size_per_device": "per_device_train_batch_size",
        "num_epochs": "num_train_epochs", "n_epochs": "num_train_epochs",
        "grad_accum_steps": "gradient_accumulation_steps", "gradient_accumulation": "gradient_accumulation_steps",
        "warmup": "warmup_steps",
    ]

    /// The normalized name of a training setting that code names `name` (a variable or a
    /// keyword argument, any case), if it is one.
    ///
    /// ```swift
    /// MLVocabulary.hyperparameterName(forCodeName: "LR")           // "learning_rate"
    /// MLVocabulary.hyperparameterName(forCodeName: "batch_size")   // "per_device_train_batch_size"
    /// ```
    public static func hyperparameterName(forCodeName name: String) -> String? {
        let lowered = name.lowercased()
        return hyperparameterName(forKeyPath: [lowered]) ?? codeHyperparameterAliases[lowered]
    }

    /// Python packages whose versions tell how a model was trained, as `pip` names them.
    public static let mlPackages: Set<String> = [
        "torch", "transformers", "trl", "peft", "accelerate", "datasets", "deepspeed", "vllm", "bitsandbytes",
        "flash-attn", "flash_attn", "unsloth", "xformers", "triton", "jax", "tensorflow", "tokenizers", "safetensors",
        "wandb", "verl", "openrlhf", "megatron-core", "nemo-toolkit", "lightning", "sentencepiece", "liger-kernel",
    ]
}
