import EvidenceKit

extension MLVocabulary {
    /// Training settings under their normalized names, each with the key spellings it has in
    /// Hugging Face TrainingArguments, DeepSpeed, accelerate, NeMo / Megatron, TRL and verl: the
    /// last key of a path, or its last two or three keys (`optimizer/params/lr`).
    public static let hyperparameters: [(normalized: String, keys: [String])] = [
        ("learning_rate", ["learning_rate", "lr", "optimizer/params/lr", "optim/lr", "actor/optim/lr"]),
        ("per_device_train_batch_size", ["per_device_train_batch_size", "train_micro_batch_size_per_gpu", "micro_batch_size"]),
        ("global_batch_size", ["train_batch_size", "global_batch_size"]),
        ("gradient_accumulation_steps", ["gradient_accumulation_steps"]),
        ("warmup_steps", ["warmup_steps", "warmup_num_steps", "scheduler/params/warmup_num_steps"]),
        ("warmup_ratio", ["warmup_ratio", "lr_warmup_steps_ratio"]),
        ("weight_decay", ["weight_decay", "optimizer/params/weight_decay"]),
        ("optimizer", ["optim", "optimizer/type", "optimizer_type"]),
        ("scheduler", ["lr_scheduler_type", "scheduler/type", "lr_decay_style"]),
        ("num_train_epochs", ["num_train_epochs", "epochs", "total_epochs"]),
        ("max_steps", ["max_steps", "train_iters", "total_training_steps"]),
        ("max_grad_norm", ["max_grad_norm", "gradient_clipping", "clip_grad", "grad_clip"]),
        ("adam_beta1", ["adam_beta1"]), ("adam_beta2", ["adam_beta2"]), ("adam_epsilon", ["adam_epsilon", "adam_eps"]),
        ("bf16", ["bf16", "bf16/enabled"]), ("fp16", ["fp16", "fp16/enabled"]),
        ("precision", ["mixed_precision", "precision"]),
        ("zero_stage", ["zero_optimization/stage", "zero_stage"]),
        ("tensor_parallel_size", ["tensor_model_parallel_size", "tensor_parallel_size"]),
        ("pipeline_parallel_size", ["pipeline_model_parallel_size", "pipeline_parallel_size"]),
        ("seed", ["seed"]),
    ]

    /// Hugging Face `TrainingArguments` defaults as transformers documents them, under the
    /// normalized names: a recipe value equal to one is what anyone gets without choosing it.
    /// (The optimizer's default changed across versions and is left out.)
    public static let trainingDefaults: [String: Value] = [
        "learning_rate": 5e-5, "weight_decay": 0.0, "adam_beta1": 0.9, "adam_beta2": 0.999, "adam_epsilon": 1e-8,
        "max_grad_norm": 1.0, "num_train_epochs": 3.0, "warmup_ratio": 0.0, "warmup_steps": 0, "scheduler": "linear",
        "seed": 42, "per_device_train_batch_size": 8, "gradient_accumulation_steps": 1, "max_steps": -1,
        "bf16": false, "fp16": false,
    ]

    /// The normalized name of the setting at `path` (its keys, outermost first), if it is one.
    public static func hyperparameterName(forKeyPath path: [String]) -> String? {
        guard let last = path.last else { return nil }
        let lastTwo = path.suffix(2).joined(separator: "/")
        let lastThree = path.suffix(3).joined(separator: "/")
        return hyperparameters.first { $0.keys.contains(lastThree) || $0.keys.contains(lastTwo) || $0.keys.contains(last) }?.normalized
    }
}
