import EvidenceKit

extension MLVocabulary {
    /// A technique, why its metric names show it, and the metric names (whole, or as a prefix
    /// ending in `/`) that TRL, verl and OpenRLHF log for it.
    public static let rlMetricSignals: [(technique: String, shows: String, names: [String])] = [
        ("RLHF", "online reinforcement learning against a reward, with a KL penalty to a reference policy (TRL's PPO, RLOO, online DPO)",
         ["objective/kl", "objective/rlhf_reward", "objective/non_score_reward", "objective/scores", "objective/entropy"]),
        ("PPO", "a learned value function (critic) trained beside the policy: PPO",
         ["critic/vf_loss", "critic/vf_clipfrac", "critic/vf_explained_var", "loss/value_avg", "val/clipfrac_avg",
          "ppo/loss/value", "ppo/"]),
        ("POLICY_GRADIENT", "a clipped policy-gradient actor loss (verl's and TRL's PPO, GRPO, RLOO, REINFORCE++ share it)",
         ["actor/pg_loss", "actor/pg_clipfrac", "actor/ppo_kl", "actor/kl_loss", "policy/approxkl_avg", "policy/clipfrac_avg",
          "loss/policy_avg"]),
        ("GRPO", "rewards normalized within a group of completions of one prompt (TRL's GRPO)",
         ["reward_std", "frac_reward_zero_std"]),
        ("DPO", "implicit rewards of chosen and rejected completions against a reference (TRL's DPO)",
         ["rewards/margins", "rewards/chosen", "rewards/rejected", "rewards/accuracies", "logps/chosen", "logps/rejected"]),
        ("KTO", "summed implicit rewards of desirable and undesirable completions (TRL's KTO)",
         ["rewards/chosen_sum", "rewards/rejected_sum", "logps/chosen_sum"]),
        ("ORPO", "the odds ratio of chosen over rejected completions (TRL's ORPO)", ["log_odds_ratio", "log_odds_chosen"]),
    ]

    /// The techniques a metric's name shows, each with what it shows.
    ///
    /// ```swift
    /// MLVocabulary.rlTechniques(forMetric: "rewards/margins").map(\.technique)   // ["DPO"]
    /// ```
    public static func rlTechniques(forMetric name: String) -> [(technique: String, shows: String)] {
        // wandb and the Trainer's callbacks put `train/` or `eval/` before a metric's own name.
        var lowered = name.lowercased()
        for prefix in ["train/", "eval/"] where lowered.hasPrefix(prefix) { lowered.removeFirst(prefix.count) }
        return rlMetricSignals.filter { signal in
            signal.names.contains { $0.hasSuffix("/") ? lowered.hasPrefix($0) : lowered == $0 }
        }.map { ($0.technique, $0.shows) }
    }

    /// Metric spellings of training logs (Megatron-LM's `lm loss`, `grad norm`, DeepSpeed's `lr`)
    /// and the names the Trainer uses for the same measures.
    public static let metricAliases: [String: String] = [
        "lm loss": "loss", "lm_loss": "loss", "learning rate": "learning_rate", "lr": "learning_rate",
        "grad norm": "grad_norm", "grad_norm": "grad_norm", "loss scale": "loss_scale",
        "number of skipped iterations": "skipped_iterations", "number of nan iterations": "nan_iterations",
        "skipped": "skipped_iterations", "consumed samples": "consumed_samples", "global batch size": "global_batch_size",
        "elapsed time per iteration (ms)": "iteration_time_ms",
    ]

    /// The normalized name of a metric: an alias, or the name as logged with spaces as `_`.
    public static func metricName(_ logged: String) -> String {
        let lowered = logged.lowercased()
        return metricAliases[lowered] ?? lowered.replacingOccurrences(of: " ", with: "_")
    }

    /// Keys of logs and run summaries that name a model or a dataset (beside the configuration
    /// keys the config extractor reads).
    public static let logModelKeys: Set<String> = ["model", "model_name", "model_name_or_path", "base_model", "pretrain",
                                                   "reward_model", "ref_model", "actor_model", "critic_model"]
    public static let logDatasetKeys: Set<String> = ["dataset", "dataset_name", "data_path", "train_files", "train_data"]
}

extension MLVocabulary {
    /// The Hugging Face Trainer's banner (`***** Running training *****`), phrase by phrase, as
    /// the keys ``hyperparameterName(forKeyPath:)`` reads.
    public static let trainerBannerKeys: [String: String] = [
        "Num Epochs": "num_train_epochs", "Instantaneous batch size per device": "per_device_train_batch_size",
        "Total train batch size (w. parallel, distributed & accumulation)": "global_batch_size",
        "Gradient Accumulation steps": "gradient_accumulation_steps", "Total optimization steps": "max_steps",
    ]
}
