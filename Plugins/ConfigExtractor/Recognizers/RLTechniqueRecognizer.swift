import EvidenceFormats
import EvidenceKit

/// Reinforcement-learning and preference-optimization configurations — TRL, verl, OpenRLHF,
/// LLaMA-Factory, NeMo-Aligner — → `rl.technique` findings naming the technique (PPO, DPO, GRPO,
/// KTO, ORPO, RLOO, reward modelling) with the keys that show it, their values, and which
/// differ from the library's documented defaults: a non-default value is what makes a match
/// probative.
enum RLTechniqueRecognizer {
    static func recognize(_ document: ConfigDocument, into sink: any FindingSink) {
        let leaves = document.leaves().filter { leaf in leaf.path.allSatisfy { Int($0) == nil } }
        var techniques: [String] = []
        for leaf in leaves {
            let key = leaf.path.last ?? ""
            if MLVocabulary.rlNamingKeys.contains(key), case .string(let text) = leaf.value, let name = MLVocabulary.rlTechniqueNames[text.lowercased()] {
                if key == "loss_type", !["sigmoid", "ipo", "kto_pair"].contains(text.lowercased()) { continue }
                techniques.append(name)
            }
            if let signal = MLVocabulary.rlSignals.first(where: { $0.keys.contains(key) }) { techniques.append(signal.technique) }
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
        for leaf in leaves where MLVocabulary.rlReportedKeys.contains(leaf.path.last ?? "") {
            let key = leaf.path.last!
            guard evidence[key] == nil else { continue }
            let value = MLVocabulary.canonical(leaf.value)
            evidence[key] = value
            places.append("/" + leaf.path.joined(separator: "/"))
            if let standard = MLVocabulary.rlDefaults[technique]?[key], MLVocabulary.canonical(standard) != value {
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
