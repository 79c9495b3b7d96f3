import EvidenceKit

/// A model card's front matter (Hugging Face `README.md`) → `ml.model_card`: license, base
/// model and how the model derives from it, datasets, tags, languages, pipeline — with the base
/// models as `model` entities (role `base_model`) and the datasets as `dataset` entities. In a
/// dispute over a model, `base_model` is the card's own statement of where the model came from.
enum ModelCardRecognizer {
    static let fields = ["license", "license_name", "base_model", "base_model_relation", "datasets", "tags", "language",
                         "pipeline_tag", "library_name", "model_name"]

    static func recognize(_ document: ConfigDocument, into sink: any FindingSink) {
        guard document.format == .markdown, case .object = document.root else { return }
        var attributes: [String: Value] = [:]
        for field in fields {
            if let value = document.root[field]?.value { attributes[field] = value }
        }
        guard !attributes.isEmpty else { return }
        let bases = texts(attributes["base_model"])
        let datasets = texts(attributes["datasets"])
        let mentions = bases.map { EntityRef(kind: .model, value: $0, role: "base_model") }
            + datasets.map { EntityRef(kind: .dataset, value: $0, role: "datasets") }
        var parts: [String] = []
        if !bases.isEmpty {
            parts.append("base model \(bases.joined(separator: ", "))"
                         + (attributes["base_model_relation"].map { " (\($0))" } ?? ""))
        }
        if let license = attributes["license"] { parts.append("license \(license)") }
        if !datasets.isEmpty { parts.append("datasets \(datasets.joined(separator: ", "))") }
        if let pipeline = attributes["pipeline_tag"] { parts.append("pipeline \(pipeline)") }
        sink.emit(Finding("ml.model_card", summary: "model card: " + (parts.isEmpty ? "front matter" : parts.joined(separator: "; ")),
                          attributes: attributes, at: Locator(line: 1), mentions: mentions))
    }

    /// The text of a field that is one string or a list of them.
    private static func texts(_ value: Value?) -> [String] {
        switch value {
        case .string(let text)?: return text.isEmpty ? [] : [text]
        case .list(let items)?: return items.compactMap { if case .string(let text) = $0, !text.isEmpty { return text } else { return nil } }
        default: return []
        }
    }
}
