import EvidenceKit

/// Reinforcement-learning and preference-optimization configurations — TRL, verl, OpenRLHF,
/// LLaMA-Factory, NeMo-Aligner — → `rl.technique` findings naming the technique (PPO, DPO, GRPO,
/// KTO, ORPO, RLOO, reward modelling) with the keys that show it, their values, and which
/// differ from the library's documented defaults: a non-default value is what makes a match
/// probative.
enum RLTechniqueRecognizer {
    /// A technique and the keys whose presence shows it.
    private static let signals: [(technique: String, keys: [String])] = [
        ("PPO", ["cliprange", "cliprange_value", "vf_coef", "init_kl_coef", "adap_kl_ctrl", "ppo_epochs", "lam", "target_kl"]),
        ("GRPO", ["num_generations", "epsilon_high", "scale_rewards"]),
        ("DPO", ["pref_loss", "rpo_alpha", "reference_free"]),
        ("KTO", ["desirable_weight", "undesirable_weight"]),
        ("ORPO", ["orpo_alpha"]),
        ("RLOO", ["rloo_k"]),
        ("REWARD_MODELING", ["center_rewards_coefficient"]),
    ]

    /// Values that name a technique outright (`stage: dpo`, `adv_estimator: grpo`, `loss_type: sigmoid`).
    private static let namingKeys = ["stage", "adv_estimator", "algorithm", "trainer_type", "loss_type", "rl_algorithm"]
    private static let names: [String: String] = [
        "ppo": "PPO", "gae": "PPO", "dpo": "DPO", "sigmoid": "DPO", "ipo": "DPO", "kto": "KTO", "kto_pair": "KTO",
        "orpo": "ORPO", "grpo": "GRPO", "rloo": "RLOO", "rm": "REWARD_MODELING", "reward": "REWARD_MODELING",
        "simpo": "SimPO", "reinforce_plus_plus": "REINFORCE++", "remax": "ReMax",
    ]

    /// Defaults as documented by the libraries (TRL's PPO/DPO/GRPO/KTO configs; verl's algorithm
    /// section). Versions change defaults: an analysis must confirm against the version the party
    /// used, which the file's `*_version` entries often name.
    static let defaults: [String: [String: Value]] = [
        "PPO": ["cliprange": 0.2, "cliprange_value": 0.2, "vf_coef": 0.1, "gamma": 1.0, "lam": 0.95, "init_kl_coef": 0.2,
                "adap_kl_ctrl": true, "target": 6, "ppo_epochs": 4, "kl_coef": 0.05, "num_ppo_epochs": 4],
        "DPO": ["beta": 0.1, "loss_type": "sigmoid", "label_smoothing": 0.0, "pref_beta": 0.1, "pref_loss": "sigmoid"],
        "GRPO": ["num_generations": 8, "epsilon": 0.2, "temperature": 1.0],
        "KTO": ["beta": 0.1, "desirable_weight": 1.0, "undesirable_weight": 1.0],
    ]

    /// Keys worth reporting with a technique when present.
    private static let reported: Set<String> = [
        "beta", "kl_coef", "init_kl_coef", "adap_kl_ctrl", "target_kl", "target", "cliprange", "cliprange_value", "vf_coef",
        "gamma", "lam", "num_generations", "epsilon", "epsilon_high", "scale_rewards", "loss_type", "reward_model_path",
        "ppo_epochs", "num_ppo_epochs", "kl_ctrl", "use_kl_loss", "kl_loss_coef", "kl_loss_type", "adv_estimator",
        "pref_beta", "pref_loss", "stage", "desirable_weight", "undesirable_weight", "rloo_k", "orpo_alpha",
        "label_smoothing", "temperature", "max_prompt_length", "max_completion_length", "entropy_coeff", "clip_ratio",
    ]

    /// Calls `body` with the leaves that are not inside a list.
    private static func forEachKeyedLeaf(_ document: ConfigDocument,
                                         _ body: (_ path: [String], _ value: Value) -> Void) throws {
        try document.forEachLeaf { path, value, _ in
            if path.allSatisfy({ Int($0) == nil }) { body(path, value) }
        }
    }

    static func recognize(_ document: ConfigDocument, into sink: any FindingSink) throws {
        var techniques: [String] = []
        try forEachKeyedLeaf(document) { path, value in
            let key = path.last ?? ""
            if namingKeys.contains(key), case .string(let text) = value, let name = names[text.lowercased()],
               key != "loss_type" || ["sigmoid", "ipo", "kto_pair"].contains(text.lowercased()) {
                techniques.append(name)
            }
            if let signal = signals.first(where: { $0.keys.contains(key) }) { techniques.append(signal.technique) }
        }
        let lowered = document.fileName.lowercased()
        for (marker, name) in [("dpo", "DPO"), ("grpo", "GRPO"), ("ppo", "PPO"), ("kto", "KTO"), ("orpo", "ORPO")]
        where lowered.contains(marker) && !techniques.isEmpty {
            techniques.append(name)
        }
        // One technique per document, the most strongly shown (ties: first seen).
        var counts: [String: Int] = [:]
        for technique in techniques { counts[technique, default: 0] += 1 }
        var best: String?
        for technique in techniques where best == nil || counts[technique]! > counts[best!]! { best = technique }
        guard let technique = best else { return }
        var evidence: [String: Value] = [:]
        var differing: [String: Value] = [:]
        var places: [String] = []
        try forEachKeyedLeaf(document) { path, leafValue in
            guard let key = path.last, reported.contains(key), evidence[key] == nil else { return }
            let value = MLRecognizers.normalized(leafValue)
            evidence[key] = value
            places.append("/" + path.joined(separator: "/"))
            if let standard = defaults[technique]?[key], MLRecognizers.normalized(standard) != value {
                differing[key] = .object(["value": value, "default": standard])
            }
        }
        sink.emit(Finding("rl.technique",
                          summary: "\(technique) configuration: " + evidence.keys.sorted().prefix(8).map { "\($0)=\(evidence[$0]!)" }.joined(separator: ", ")
                              + (differing.isEmpty ? "" : "; \(differing.count) non-default"),
                          attributes: ["technique": .string(technique), "keys": .object(evidence),
                                       "non_default": .object(differing), "key_paths": .list(places.map(Value.string))],
                          mentions: [EntityRef(kind: .technique, value: technique)]))
    }
}
