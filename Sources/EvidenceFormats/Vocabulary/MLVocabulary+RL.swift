import EvidenceKit

extension MLVocabulary {
    /// A technique and the keys whose presence shows it.
    public static let rlSignals: [(technique: String, keys: [String])] = [
        ("PPO", ["cliprange", "cliprange_value", "vf_coef", "init_kl_coef", "adap_kl_ctrl", "ppo_epochs", "lam", "target_kl"]),
        ("GRPO", ["num_generations", "epsilon_high", "scale_rewards"]),
        ("DPO", ["pref_loss", "rpo_alpha", "reference_free"]),
        ("KTO", ["desirable_weight", "undesirable_weight"]),
        ("ORPO", ["orpo_alpha"]),
        ("RLOO", ["rloo_k"]),
        ("REWARD_MODELING", ["center_rewards_coefficient"]),
    ]

    /// Values that name a technique outright (`stage: dpo`, `adv_estimator: grpo`, `loss_type: sigmoid`).
    public static let rlNamingKeys = ["stage", "adv_estimator", "algorithm", "trainer_type", "loss_type", "rl_algorithm"]
    public static let rlTechniqueNames: [String: String] = [
        "ppo": "PPO", "gae": "PPO", "dpo": "DPO", "sigmoid": "DPO", "ipo": "DPO", "kto": "KTO", "kto_pair": "KTO",
        "orpo": "ORPO", "grpo": "GRPO", "rloo": "RLOO", "rm": "REWARD_MODELING", "reward": "REWARD_MODELING",
        "simpo": "SimPO", "reinforce_plus_plus": "REINFORCE++", "remax": "ReMax",
    ]

    /// Defaults as documented by the libraries (TRL's PPO/DPO/GRPO/KTO configs; verl's algorithm
    /// section). Versions change defaults: an analysis must confirm against the version the party
    /// used, which the file's `*_version` entries often name.
    public static let rlDefaults: [String: [String: Value]] = [
        "PPO": ["cliprange": 0.2, "cliprange_value": 0.2, "vf_coef": 0.1, "gamma": 1.0, "lam": 0.95, "init_kl_coef": 0.2,
                "adap_kl_ctrl": true, "target": 6, "ppo_epochs": 4, "kl_coef": 0.05, "num_ppo_epochs": 4],
        "DPO": ["beta": 0.1, "loss_type": "sigmoid", "label_smoothing": 0.0, "pref_beta": 0.1, "pref_loss": "sigmoid"],
        "GRPO": ["num_generations": 8, "epsilon": 0.2, "temperature": 1.0],
        "KTO": ["beta": 0.1, "desirable_weight": 1.0, "undesirable_weight": 1.0],
    ]

    /// Keys worth reporting with a technique when present.
    public static let rlReportedKeys: Set<String> = [
        "beta", "kl_coef", "init_kl_coef", "adap_kl_ctrl", "target_kl", "target", "cliprange", "cliprange_value", "vf_coef",
        "gamma", "lam", "num_generations", "epsilon", "epsilon_high", "scale_rewards", "loss_type", "reward_model_path",
        "ppo_epochs", "num_ppo_epochs", "kl_ctrl", "use_kl_loss", "kl_loss_coef", "kl_loss_type", "adv_estimator",
        "pref_beta", "pref_loss", "stage", "desirable_weight", "undesirable_weight", "rloo_k", "orpo_alpha",
        "label_smoothing", "temperature", "max_prompt_length", "max_completion_length", "entropy_coeff", "clip_ratio",
    ]
}
