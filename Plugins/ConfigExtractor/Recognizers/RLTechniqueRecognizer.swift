import EvidenceFormats
import EvidenceKit

/// Reinforcement-learning and preference-optimization configurations — TRL, verl, OpenRLHF,
/// LLaMA-Factory, NeMo-Aligner — → `rl.technique` findings naming the technique (PPO, DPO, GRPO,
/// KTO, ORPO, RLOO, reward modelling) with the keys that show it, their values, and which
/// differ from the library's documented defaults: a non-default value is what makes a match
/// probative.
enum RLTechniqueRecognizer {
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
            if MLVocabulary.rlNamingKeys.contains(key), case .string(let text) = value, let name = MLVocabulary.rlTechniqueNames[text.lowercased()],
               key != "loss_type" || ["sigmoid", "ipo", "kto_pair"].contains(text.lowercased()) {
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
        try forEachKeyedLeaf(document) { path, leafValue in
            guard let key = path.last, MLVocabulary.rlReportedKeys.contains(key), evidence[key] == nil else { return }
            let value = MLVocabulary.canonical(leafValue)
            evidence[key] = value
            places.append("/" + path.joined(separator: "/"))
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
