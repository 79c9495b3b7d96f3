import EvidenceFormats
import EvidenceKit
import Foundation

/// GGUF, versions 2 and 3: magic, version, tensor and metadata counts, typed metadata, tensor
/// infos (name, dimensions innermost first, ggml type, offset), padding to the alignment
/// (`general.alignment`, 32 by default), then the tensor data. Architecture and tokenizer
/// metadata become findings of their own; a split model's part says which part it is.
struct GGUFReader: WeightsFileReader {
    /// Metadata entries reported one by one; past this they are read but only counted.
    static let maxMetadataFindings = 4096
    /// The most dimensions a tensor may declare (ggml has 4).
    static let maxDimensions: UInt32 = 8

    let file: WeightsFile

    func read() throws {
        _ = try reader.bytes(4, for: "the magic")
        let version = try reader.integer(UInt32.self, for: "the version")
        inventory.formatVersion = .integer(Int64(version))
        guard version == 2 || version == 3 else {
            let reason = version == 1 ? "GGUF version 1 (32-bit counts) is not read"
                : version.byteSwapped <= 3 ? "a big-endian GGUF (version \(version.byteSwapped)) is not read"
                : "unknown GGUF version \(version)"
            sink.limitation("\(reason): tensors not listed", limit: "unsupported_format", at: Locator(byteOffset: 4))
            return
        }
        let tensorCount = try reader.integer(UInt64.self, for: "the tensor count")
        let metadataCount = try reader.integer(UInt64.self, for: "the metadata count")
        inventory.facts["declared_tensor_count"] = tensorCount <= UInt64(Int64.max) ? .integer(Int64(tensorCount)) : .string(String(tensorCount))
        let metadata = try readMetadata(count: metadataCount)
        let alignment = metadata.alignment
        let infos = try readTensorInfos(count: tensorCount)
        let padding = (alignment - reader.offset % alignment) % alignment
        let dataStart = reader.offset + padding
        inventory.facts["alignment"] = .integer(alignment)
        inventory.facts["data_offset"] = .integer(dataStart)
        var spans: [SpanStreamer.Span] = []
        for (index, relative) in infos {
            let (absolute, overflow) = dataStart.addingReportingOverflow(relative)
            if relative % alignment != 0 {
                violation("misaligned", "\(inventory.records[index].name) starts at data byte \(relative), not a multiple of \(alignment)",
                          at: dataStart)
            }
            guard !overflow, let length = inventory.records[index].length else { continue }
            inventory.update(index) { $0.offset = absolute }
            spans.append(SpanStreamer.Span(record: index, start: absolute, end: absolute + length,
                                           encoding: inventory.records[index].encoding))
        }
        checkOverlaps(spans)
        guard options.tensorData else { return }
        inventory.dataRead = true
        if try reader.skip(padding) < padding {
            violation("truncated", "the file ends before its tensor data", at: reader.offset)
            return
        }
        try TensorDataPass(inventory: inventory, options: options, limits: artifact.limits).stream(spans, from: reader)
        let end = spans.map(\.end).max() ?? dataStart
        try reader.skip(Int64.max)
        if reader.offset < end {
            violation("truncated", "the file ends at byte \(reader.offset), before the tensor data's end at \(end)", at: reader.offset)
        }
    }

    /// What the metadata decides for reading the rest.
    struct Metadata {
        var alignment: Int64 = 32
    }

    private func readMetadata(count: UInt64) throws -> Metadata {
        let values = GGUFMetadataReader(reader: reader, limits: artifact.limits)
        let vocabulary = VocabularyDigests()
        var kept: [String: Value] = [:]
        var keys: [String] = []
        var result = Metadata()
        var index: UInt64 = 0
        while index < count {
            if index % 1024 == 0 { try artifact.limits.checkDeadline() }
            let place = reader.offset
            let key = try values.string(for: "metadata key \(index)").text
            let rawType = try reader.integer(UInt32.self, for: "the type of \(key)")
            guard let type = GGUFMetadataReader.ValueType(rawValue: rawType) else {
                throw WeightsExtractorError.malformed(what: "metadata \(key)", offset: place, reason: "unknown value type \(rawType)")
            }
            let (value, typeName) = try values.value(type, key: key, vocabulary: vocabulary)
            if key == "tokenizer.ggml.model", case .string(let model) = value { vocabulary.model(model) }
            if keys.count < Self.maxMetadataFindings {
                keys.append(key)
                kept[key] = value
                sink.emit(Finding("weights.metadata", summary: "\(key) = \(Self.shown(value))",
                                  attributes: ["key": .string(key), "type": .string(typeName), "value": value],
                                  at: Locator(byteOffset: place, byteLength: reader.offset - place)))
            }
            if key == "general.alignment" {
                if case .integer(let alignment) = value, alignment > 0, alignment & (alignment - 1) == 0 {
                    result.alignment = alignment
                } else {
                    violation("bad_alignment", "general.alignment is \(value), not a power of two: 32 is used", at: place)
                }
            }
            index += 1
        }
        if count > UInt64(keys.count) {
            sink.limitation("\(count - UInt64(keys.count)) metadata entries read but not reported one by one",
                            limit: "metadata_findings")
        }
        inventory.facts["metadata_keys"] = .list(keys.prefix(1024).map(Value.string))
        interpret(kept, vocabulary: vocabulary)
        return result
    }

    private static func shown(_ value: Value) -> String {
        if case .object(let summary) = value, let count = summary["count"] { return "[\(count) items]" }
        let text = value.description
        return text.count > 120 ? String(text.prefix(120)) + "…" : text
    }

    /// The declared architecture, the tokenizer, and a split model's part.
    private func interpret(_ metadata: [String: Value], vocabulary: VocabularyDigests) {
        if case .string(let architecture)? = metadata["general.architecture"] {
            inventory.declaredArchitecture["model_type"] = .string(architecture)
            inventory.declaredSources["model_type"] = "general.architecture"
            for (field, suffix) in MLVocabulary.ggufArchitectureKeys {
                let key = "\(architecture).\(suffix)"
                guard let value = metadata[key] else { continue }
                inventory.declaredArchitecture[field] = MLVocabulary.canonical(value)
                inventory.declaredSources[field] = .string(key)
            }
        }
        if let number = metadata["split.no"], let count = metadata["split.count"],
           case .integer(let part) = number, case .integer(let parts) = count {
            var split: [String: Value] = ["index": .integer(part + 1), "count": .integer(parts)]
            if let total = metadata["split.tensors.count"] { split["total_tensors"] = total }
            inventory.facts["shard"] = .object(split)
        } else if let shard = ShardName(artifact.name) {
            inventory.facts["shard"] = shard.value
        }
        guard vocabulary.tokenCount > 0 else { return }
        var attributes = vocabulary.attributes()
        attributes["source"] = "gguf"
        attributes["model_type"] = metadata["tokenizer.ggml.model"] ?? .null
        for (key, value) in metadata where key.hasPrefix("tokenizer.ggml.") && key.hasSuffix("_token_id") {
            attributes[String(key.dropFirst("tokenizer.ggml.".count))] = value
        }
        if case .string(let pre)? = metadata["tokenizer.ggml.pre"] { attributes["pre"] = .string(pre) }
        sink.emit(Finding("ml.tokenizer_vocabulary",
                          summary: "\(attributes["model_type"]!) vocabulary of \(vocabulary.tokenCount) tokens, "
                              + "\(vocabulary.mergeCount) merges (GGUF metadata)",
                          attributes: attributes))
        inventory.crossChecks.append((field: "vocab_size", value: .integer(vocabulary.tokenCount), source: "tokenizer.ggml.tokens"))
    }

    /// Tensor infos: name, dimensions (innermost first), type, offset; returns each listed
    /// tensor's index and its offset in the data.
    private func readTensorInfos(count: UInt64) throws -> [(Int, Int64)] {
        let strings = GGUFMetadataReader(reader: reader, limits: artifact.limits)
        var infos: [(Int, Int64)] = []
        var index: UInt64 = 0
        while index < count {
            if index % 4096 == 0 { try artifact.limits.checkDeadline() }
            let place = reader.offset
            let name = try strings.string(for: "the name of tensor \(index)").text
            let dimensionCount = try reader.integer(UInt32.self, for: "the dimensions of \(name)")
            guard dimensionCount <= Self.maxDimensions else {
                throw WeightsExtractorError.malformed(what: "tensor \(name)", offset: place,
                                                      reason: "\(dimensionCount) dimensions (ggml has at most 4)")
            }
            var dims: [Int64] = []
            for _ in 0..<dimensionCount {
                let dimension = try reader.integer(UInt64.self, for: "a dimension of \(name)")
                dims.append(dimension <= UInt64(Int64.max) ? Int64(dimension) : -1)
            }
            let typeID = try reader.integer(UInt32.self, for: "the type of \(name)")
            let offset = try reader.integer(UInt64.self, for: "the offset of \(name)")
            index += 1
            guard !inventory.isFull else {
                inventory.unlistedTensors += 1
                continue
            }
            let encoding = TensorEncoding.ggml(typeID) ?? .opaque(name: "GGML_TYPE_\(typeID)", elementBytes: nil)
            var record = TensorRecord(name: name, encoding: encoding, shape: dims.reversed())
            record.attributes["ggml_dims"] = .list(dims.map { .integer($0) })
            record.attributes["ggml_type"] = .integer(Int64(typeID))
            if dims.contains(-1) {
                violation("dimension_overflow", "\(name) declares a dimension past 2^63", at: place)
            } else if let elements = record.elementCount, let layout = encoding.layout {
                if (dims.first ?? 1) % Int64(layout.elements) != 0 {
                    violation("partial_block", "\(name)'s rows (\(dims.first ?? 0)) are not whole \(encoding.name) blocks of \(layout.elements)",
                              at: place)
                } else {
                    record.length = encoding.byteCount(elements: elements)
                }
            } else if record.elementCount == nil {
                violation("shape_overflow", "\(name)'s element count overflows", at: place)
            } else {
                violation("unknown_type", "\(name) has ggml type \(typeID), which this reader does not know: its bytes are not read",
                          at: place)
            }
            guard offset <= UInt64(Int64.max) else {
                violation("out_of_bounds", "\(name) declares offset \(offset)", at: place)
                inventory.add(record)
                continue
            }
            if inventory.add(record) { infos.append((inventory.records.count - 1, Int64(offset))) }
        }
        if inventory.unlistedTensors > 0 {
            let reason = inventory.fullReason
            sink.limitation("\(inventory.unlistedTensors) tensor(s) not listed: \(reason.text)", limit: reason.limit)
        }
        return infos
    }

    /// Tensors whose data overlap.
    private func checkOverlaps(_ spans: [SpanStreamer.Span]) {
        var furthest: (end: Int64, name: String)?
        for span in spans.sorted(by: { ($0.start, $0.end) < ($1.start, $1.end) }) {
            let name = inventory.records[span.record].name
            if let furthest, span.start < furthest.end {
                violation("overlap", "\(name) starts at byte \(span.start), inside \(furthest.name) (which ends at \(furthest.end))",
                          at: span.start)
            }
            if span.end > (furthest?.end ?? Int64.min) { furthest = (span.end, name) }
        }
    }

    private func violation(_ kind: String, _ text: String, at offset: Int64) {
        sink.violation("gguf", kind, text, at: offset)
    }
}
