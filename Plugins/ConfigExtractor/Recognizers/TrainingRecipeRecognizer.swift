import EvidenceKit

/// Training configurations — Hugging Face TrainingArguments dumps, DeepSpeed JSON (values may
/// be `"auto"`), accelerate and NeMo / Megatron YAML — → one `training.hyperparameter` finding
/// per setting, under a normalized name, with the key path it came from.
enum TrainingRecipeRecognizer {
    /// Normalized name ← the last key (or `parent/key`) it is spelled as.
    static let names: [(normalized: String, keys: [String])] = [
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

    static func recognize(_ document: ConfigDocument, into sink: any FindingSink) throws {
        var found: [(String, String, Value, Locator)] = []
        var seen = Set<String>()
        try document.forEachLeaf { path, value, locator in
            guard path.allSatisfy({ Int($0) == nil }) else { return }
            let last = path.last ?? ""
            let lastTwo = path.suffix(2).joined(separator: "/")
            let lastThree = path.suffix(3).joined(separator: "/")
            guard let match = names.first(where: { $0.keys.contains(lastThree) || $0.keys.contains(lastTwo) || $0.keys.contains(last) }),
                  !seen.contains(match.normalized) else { return }
            seen.insert(match.normalized)
            found.append((match.normalized, "/" + path.joined(separator: "/"), value, locator))
        }
        // One stray `lr` is not a recipe.
        guard found.count >= 2 else { return }
        for (name, path, value, locator) in found {
            var attributes: [String: Value] = ["name": .string(name), "value": MLRecognizers.normalized(value), "key": .string(path)]
            if case .string("auto") = value { attributes["auto"] = true }
            var place = locator
            place.jsonPointer = path
            sink.emit(Finding("training.hyperparameter", summary: "\(name) = \(value)", attributes: attributes, at: place))
        }
    }
}
