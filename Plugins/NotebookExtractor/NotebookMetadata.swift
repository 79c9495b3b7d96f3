import EvidenceKit

/// The notebook-level metadata of note: the kernel and language, a title and authors
/// (nbformat 4.2+), Colab, Kaggle and papermill traces, widget state and a trust signature.
struct NotebookMetadata {
    var kernel: String?
    var kernelDisplayName: String?
    var language: String?
    var languageVersion: String?
    var title: String?
    var authors: [String] = []
    /// Colab's notebook name, file ids and GPU; Kaggle's accelerator and data sources.
    var colab: [String: Value] = [:]
    var kaggle: [String: Value] = [:]
    var papermill: [String: Value] = [:]
    /// Entries of saved widget state, and the bytes the state takes.
    var widgetStates: Int?
    var widgetBytes: Int64?
    var signature: String?
    /// nbformat 3's notebook name.
    var name: String?
    /// Every key of the metadata object, in order.
    var keys: [String] = []

    /// The summary's attributes for what was found.
    var attributes: [String: Value] {
        var out: [String: Value] = [:]
        out["kernel"] = kernel.map(Value.string)
        out["kernel_display_name"] = kernelDisplayName.map(Value.string)
        out["language"] = language.map(Value.string)
        out["language_version"] = languageVersion.map(Value.string)
        out["title"] = (title ?? name).map(Value.string)
        if !authors.isEmpty { out["authors"] = .list(authors.map(Value.string)) }
        if !colab.isEmpty { out["colab"] = .object(colab) }
        if !kaggle.isEmpty { out["kaggle"] = .object(kaggle) }
        if !papermill.isEmpty { out["papermill"] = .object(papermill) }
        if let widgetStates { out["widget_states"] = .integer(Int64(widgetStates)) }
        if let widgetBytes { out["widget_state_bytes"] = .integer(widgetBytes) }
        out["trust_signature"] = signature.map(Value.string)
        out["metadata_keys"] = .list(keys.map(Value.string))
        return out
    }
}

extension NotebookJSON {
    /// Reads the notebook's `metadata` object.
    func notebookMetadata() throws -> NotebookMetadata {
        var metadata = NotebookMetadata()
        try members { key in
            metadata.keys.append(key)
            switch key {
            case "kernelspec":
                try members { field in
                    switch field {
                    case "name": metadata.kernel = try string()
                    case "display_name": metadata.kernelDisplayName = try string()
                    case "language": metadata.language = try metadata.language ?? string()
                    default: return false
                    }
                    return true
                }
            case "language_info":
                try members { field in
                    switch field {
                    case "name": metadata.language = try string()
                    case "version": metadata.languageVersion = try scalar()?.description
                    default: return false
                    }
                    return true
                }
            case "title": metadata.title = try string()
            case "name": metadata.name = try string()
            case "signature": metadata.signature = try string()
            case "authors":
                try elements { _ in
                    try members { field in
                        guard field == "name" else { return false }
                        if let name = try string() { metadata.authors.append(name) }
                        return true
                    }
                }
            case "colab": metadata.colab = try traces(["name", "gpuType", "machine_shape", "provenance", "file_id", "accelerator"])
            case "kaggle": metadata.kaggle = try traces(["accelerator", "isGpuEnabled", "isInternetEnabled", "dataSources",
                                                         "sourceId", "datasetId", "sourceType", "language"])
            case "papermill": metadata.papermill = try traces(["start_time", "end_time", "duration", "input_path", "output_path",
                                                               "version", "exception", "parameters", "environment_variables"],
                                                              keepAllUnder: ["parameters"])
            case "accelerator", "gpuClass": metadata.colab[key] = try scalar()
            case "widgets":
                let start = scanner.here.byteOffset ?? 0
                metadata.widgetStates = try widgetStateCount()
                metadata.widgetBytes = (scanner.here.byteOffset ?? start) - start
            default: return false
            }
            return true
        }
        return metadata
    }

    /// The scalars under `wanted` keys anywhere in the value that comes next (lists of objects
    /// become lists of those objects' traces), up to a few levels; under `keepAllUnder`, every
    /// scalar member. Deeper or unwanted values are skipped.
    private func traces(_ wanted: Set<String>, keepAllUnder: Set<String> = [], depth: Int = 0, all: Bool = false) throws -> [String: Value] {
        var found: [String: Value] = [:]
        try members { key in
            guard all || wanted.contains(key), depth < 4 else { return false }
            switch try peek() {
            case .object?:
                let inner = try traces(wanted, keepAllUnder: keepAllUnder, depth: depth + 1, all: keepAllUnder.contains(key))
                if !inner.isEmpty { found[key] = .object(inner) }
            case .array?:
                var items: [Value] = []
                try elements { _ in
                    if try peek() == .object {
                        let inner = try traces(wanted, keepAllUnder: keepAllUnder, depth: depth + 1)
                        if !inner.isEmpty { items.append(.object(inner)) }
                    } else if let value = try scalar() {
                        items.append(value)
                    }
                }
                found[key] = .list(items)
            default:
                found[key] = try scalar()
            }
            return true
        }
        return found
    }

    /// The number of widget models in `metadata.widgets` (the ipywidgets state), read without
    /// descending into them.
    private func widgetStateCount() throws -> Int {
        var count = 0
        try members { mime in
            guard mime.hasPrefix("application/vnd.jupyter.widget-state") else { return false }
            try members { field in
                guard field == "state" else { return false }
                try members { _ in
                    count += 1
                    return false
                }
                return true
            }
            return true
        }
        return count
    }
}
