import CaseStore
import EvidenceFormats
import EvidenceKit
import ExhibitFoundation
import Foundation

/// `weights.config_agreement`: whether a weight file's tensors show the architecture the
/// configuration beside it states — one analysis per weight file and configuration.
///
/// The weights extractor infers layers, widths, heads and vocabulary from tensor names and shapes
/// (`weights.summary`'s `architecture`); the config extractor reads what a `config.json` (or
/// `params.json`, a model card…) states (`ml.architecture`). Each is a fact about one file; that
/// the two disagree is a conclusion across files, so it is an analysis. The configuration
/// compared is the nearest one: in the weight file's own folder, else in the folder above, up to
/// the root of the exhibit, crossing out of a container into the folder that holds it (a
/// `weights.zip` beside a `config.json` in a release tarball). Files acquired from one folder are
/// separate exhibits, so folders are matched within a party; files given by themselves share no
/// folder with anything. A weight file with no configuration above it has no analysis.
public struct WeightsConfigAgreement: AnalysisMethod {
    public let id = "weights.config_agreement"
    public let version = "1"
    /// The fields both sides can show, in MLVocabulary's names.
    static let comparedFields = [
        "num_hidden_layers", "hidden_size", "intermediate_size", "vocab_size", "num_attention_heads",
        "num_key_value_heads", "head_dim", "num_local_experts", "tie_word_embeddings", "max_position_embeddings",
    ]
    private let parameters = CanonicalJSON.encode([
        "fields": .list(comparedFields.map(Value.string)),
        "configuration": "the nearest ml.architecture of the config extractor, from the weight file's folder up",
    ])

    public init() {}

    public func run(_ view: any CaseView, time: String,
                    emit: (AnalysisRecord, [AnalysisInputRecord]) throws -> Void) throws {
        // A case holds few of either (one per weight file, one per configuration): held whole.
        var weights: [(finding: FindingRecord, architecture: [String: Value])] = []
        try view.forEachFinding(FindingQuery(kinds: ["weights.summary"])) { finding in
            guard case .object(let architecture)? = Self.attributes(finding)["architecture"] else { return }
            weights.append((finding, architecture))
        }
        guard !weights.isEmpty else { return }
        let parties = try PartyOfExhibit(view)
        var configurations: [FolderKey: [FindingRecord]] = [:]
        try view.forEachFinding(FindingQuery(kinds: ["ml.architecture"])) { finding in
            guard finding.extractorID == "config", let path = EvidencePath(description: finding.evidencePath) else { return }
            let key = FolderKey(finding.exhibit, Self.folder(of: path), parties)
            configurations[key, default: []].append(finding)
        }
        for (finding, architecture) in weights {
            guard let path = EvidencePath(description: finding.evidencePath) else { continue }
            for (steps, folder) in Self.enclosingFolders(of: path).enumerated() {
                guard let found = configurations[FolderKey(finding.exhibit, folder, parties)] else { continue }
                for configuration in found {
                    let (analysis, inputs) = compare(weights: finding, architecture: architecture,
                                                     configuration: configuration, sameFolder: steps == 0, time: time)
                    try emit(analysis, inputs)
                }
                break
            }
        }
    }

    private func compare(weights: FindingRecord, architecture: [String: Value], configuration: FindingRecord,
                         sameFolder: Bool, time: String) -> (AnalysisRecord, [AnalysisInputRecord]) {
        let stated = Self.attributes(configuration)
        var agree: [String: Value] = [:]
        var disagree: [Value] = []
        var unshown: [String] = []
        for field in Self.comparedFields {
            guard let declared = stated[field] else { continue }
            guard let observed = architecture[field] else {
                unshown.append(field)
                continue
            }
            if MLVocabulary.canonical(declared) == MLVocabulary.canonical(observed) {
                agree[field] = observed
            } else {
                disagree.append(.object(["field": .string(field), "configuration": declared, "tensors": observed]))
            }
        }
        var inputs = [
            AnalysisInputRecord(analysisID: "", nodeID: weights.id, nodeKind: .finding, role: .left, ordinal: 0),
            AnalysisInputRecord(analysisID: "", nodeID: configuration.id, nodeKind: .finding, role: .right, ordinal: 1),
        ]
        let analysisID = AnalysisRecord.makeID(method: id, version: version, parameters: parameters, inputs: inputs)
        for index in inputs.indices { inputs[index].analysisID = analysisID }
        let relation = sameFolder ? "in the same folder" : "in an enclosing folder"
        let result: [String: Value] = [
            "weights": .string(weights.evidencePath), "configuration": .string(configuration.evidencePath),
            "relation": .string(sameFolder ? "same_folder" : "enclosing_folder"),
            "agree": .object(agree), "disagree": .list(disagree), "not_shown_by_tensors": .list(unshown.map(Value.string)),
        ]
        let interpretation: String
        if disagree.isEmpty {
            interpretation = "The tensors of \(weights.evidencePath) show what \(configuration.evidencePath) (\(relation)) states on "
                + (agree.isEmpty ? "no field both can show." : "\(agree.count) field(s): "
                    + agree.keys.sorted().map { "\($0) = \(agree[$0]!)" }.joined(separator: ", ") + ".")
        } else {
            let differences = disagree.compactMap { item -> String? in
                guard case .object(let fields) = item, case .string(let field)? = fields["field"] else { return nil }
                return "\(field): configuration \(fields["configuration"]!), tensors \(fields["tensors"]!)"
            }
            interpretation = "The tensors of \(weights.evidencePath) disagree with \(configuration.evidencePath) (\(relation)) on "
                + "\(disagree.count) field(s) — \(differences.joined(separator: "; ")): the configuration does not describe "
                + "these weights as they are."
        }
        let record = AnalysisRecord(
            id: analysisID, method: id, methodVersion: version, parameters: parameters,
            subject: weights.evidencePath, score: Double(disagree.count), statistic: "fields_disagreeing",
            pValue: nil, controls: nil, result: CanonicalJSON.encode(result), interpretation: interpretation,
            limits: "The tensors show only what names and shapes reveal (heads need a head size; fused projections hide "
                + "them); a vocabulary padded to a multiple of 64 or 128 rows differs from a configuration's true vocabulary "
                + "size without anything being wrong; a configuration beside weights is not proof that it was shipped with "
                + "them, and agreement on common sizes is expected of unrelated models.",
            tool: ToolInfo.name, toolVersion: ToolInfo.version, time: time)
        return (record, inputs)
    }

    /// A folder of one party's evidence: the evidence path's containers, then the folder within
    /// the last. The top of a file given by itself (folder `[""]`) is its exhibit's alone.
    private struct FolderKey: Hashable {
        var scope: String
        var folder: [String]

        init(_ exhibit: String, _ folder: [String], _ parties: PartyOfExhibit) {
            scope = folder == [""] ? "exhibit " + exhibit : "party " + parties.of(exhibit)
            self.folder = folder
        }
    }

    /// The folder a path is in: its containers, then the directory part of its last component.
    static func folder(of path: EvidencePath) -> [String] {
        Array(path.components.dropLast()) + [directory(of: path.components.last!)]
    }

    /// The folders that enclose a path, nearest first: each directory of its last component up to
    /// that container's root, then the same for the container's own path, up to the original's.
    static func enclosingFolders(of path: EvidencePath) -> [[String]] {
        var folders: [[String]] = []
        var components = path.components
        while let last = components.last {
            let containers = Array(components.dropLast())
            var directory = directory(of: last)
            while true {
                folders.append(containers + [directory])
                if directory.isEmpty { break }
                directory = Self.directory(of: directory)
            }
            components = containers
        }
        return folders
    }

    /// `a/b/c` → `a/b`; `c` → ``; trailing and repeated slashes ignored.
    static func directory(of name: String) -> String {
        let parts = name.split(separator: "/", omittingEmptySubsequences: true)
        return parts.dropLast().joined(separator: "/")
    }

    private static func attributes(_ finding: FindingRecord) -> [String: Value] {
        (try? JSONDecoder().decode([String: Value].self, from: Data(finding.attributes.utf8))) ?? [:]
    }
}
