import CaseStore
import EvidenceFormats
import EvidenceKit

/// `compare.recipe`: training settings (`training.hyperparameter`) and RL settings (the keys of
/// `rl.technique`) matched on their normalized names. A match on a library default counts for
/// nothing — it is what anyone gets without choosing it — and the analysis says which matches
/// those are; the score counts the matches on chosen values.
public struct RecipeComparison: ComparisonMethod {
    public let id = "compare.recipe"
    public let version = "2"
    public let summary = "training and RL settings matched on normalized names; matches on library defaults count for nothing"
    public var parameters: [String: Value] {
        ["vocabulary": .string("MLVocabulary " + MLVocabulary.version),
         "defaults": "transformers TrainingArguments; TRL and verl RL configs (MLVocabulary.trainingDefaults, rlDefaults)"]
    }

    public init() {}

    /// One side's settings: each setting's first value and the finding that stated it.
    private struct Settings {
        var values: [String: (value: Value, finding: FindingRecord)] = [:]
        var order: [String] = []

        mutating func add(_ key: String, _ value: Value, _ finding: FindingRecord) {
            guard values[key] == nil else { return }
            values[key] = (MLVocabulary.canonical(value), finding)
            order.append(key)
        }
    }

    public func compare(_ sides: ComparedSides) throws -> [ComparisonOutcome] {
        let found = try sides.findings(["training.hyperparameter", "rl.technique"])
        let left = Self.settings(found.left), right = Self.settings(found.right)
        let shared = left.order.filter { right.values[$0] != nil }
        guard !shared.isEmpty else { return [] }
        let techniques = Self.techniques(found.left).intersection(Self.techniques(found.right)).sorted()
        var rows: [Value] = []
        var chosenMatches: [String] = [], defaultMatches: [String] = [], differing: [String] = []
        var leftInputs: [ComparedNode] = [], rightInputs: [ComparedNode] = []
        for key in shared {
            let mine = left.values[key]!, theirs = right.values[key]!
            let standard = Self.defaultValue(key, techniques: techniques).map(MLVocabulary.canonical)
            let equal = mine.value == theirs.value
            let isDefault = equal && standard == mine.value
            if !equal {
                differing.append(key)
            } else if isDefault {
                defaultMatches.append(key)
            } else {
                chosenMatches.append(key)
            }
            var row: [String: Value] = ["setting": .string(key), "left": mine.value, "right": theirs.value,
                                        "equal": .bool(equal), "weight": .integer(equal && !isDefault ? 1 : 0)]
            if let standard { row["default"] = standard }
            rows.append(.object(row))
            if !leftInputs.contains(sides.node(mine.finding)) { leftInputs.append(sides.node(mine.finding)) }
            if !rightInputs.contains(sides.node(theirs.finding)) { rightInputs.append(sides.node(theirs.finding)) }
        }
        var outcome = ComparisonOutcome(left: leftInputs, right: rightInputs, statistic: "non_default_matches",
                                        null: [:], result: [:], interpretation: "", limits: "")
        outcome.score = Double(chosenMatches.count)
        outcome.null = [
            "kind": "library_defaults",
            "reading": "a setting left at its library default matches between any two runs of that library; such matches weigh 0",
            "default_matches": .integer(Int64(defaultMatches.count)),
        ]
        outcome.result = [
            "settings": .list(rows), "shared_settings": .integer(Int64(shared.count)),
            "chosen_matches": .list(chosenMatches.map(Value.string)), "default_matches": .list(defaultMatches.map(Value.string)),
            "differing": .list(differing.map(Value.string)),
        ]
        outcome.interpretation = "Of \(shared.count) setting(s) both sides state, \(chosenMatches.count) match on a value other "
            + "than the library default" + (chosenMatches.isEmpty ? "" : " (" + chosenMatches.joined(separator: ", ") + ")")
            + ", \(defaultMatches.count) match on the default, which shows nothing, and \(differing.count) differ"
            + (differing.isEmpty ? "." : " (" + differing.joined(separator: ", ") + ").")
        outcome.limits = "Settings are few and popular recipes (published papers, library examples, tutorials) are reused "
            + "legitimately: equal chosen values show a shared recipe or a shared source, not copying. Defaults are those the "
            + "vocabulary records for current library versions; a party's library version may have had others. How common a "
            + "chosen value is among public recipes is not yet weighed."
        return [outcome]
    }

    /// A side's settings: hyperparameters by name; RL keys as `TECHNIQUE.key`, and the technique itself.
    private static func settings(_ findings: [FindingRecord]) -> Settings {
        var settings = Settings()
        for finding in findings {
            let attributes = ComparedSides.attributes(finding)
            if finding.kind == "training.hyperparameter", case .string(let name)? = attributes["name"], let value = attributes["value"] {
                settings.add(name, value, finding)
            } else if finding.kind == "rl.technique", case .string(let technique)? = attributes["technique"] {
                settings.add("rl.technique", .string(technique), finding)
                if case .object(let keys)? = attributes["keys"] {
                    for key in keys.keys.sorted() { settings.add("\(technique).\(key)", keys[key]!, finding) }
                }
            }
        }
        return settings
    }

    /// The RL techniques a side's findings name.
    private static func techniques(_ findings: [FindingRecord]) -> Set<String> {
        Set(findings.compactMap { finding in
            guard finding.kind == "rl.technique", case .string(let technique)? = ComparedSides.attributes(finding)["technique"] else { return nil }
            return technique
        })
    }

    /// The documented default of a setting (`learning_rate`, or `PPO.cliprange`), if there is
    /// one. A bare RL key (`cliprange` from a notebook's keyword argument) takes the default of
    /// the first technique, in name order, that both sides use and that has one.
    static func defaultValue(_ key: String, techniques: [String] = []) -> Value? {
        if let standard = MLVocabulary.trainingDefaults[key] { return standard }
        let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
        if parts.count == 2, let standard = MLVocabulary.rlDefaults[parts[0]]?[parts[1]] { return standard }
        return techniques.lazy.compactMap { MLVocabulary.rlDefaults[$0]?[key] }.first
    }
}
