import EvidenceFormats
import EvidenceKit
import Foundation

/// safetensors: an 8-byte little-endian header length, a JSON header naming each tensor's dtype,
/// shape and `data_offsets` (relative to the data that follows), an optional `__metadata__` of
/// strings, then the data. Every promise the format makes is checked — header within its size
/// limit and starting with `{`, known dtypes, shapes that match their byte ranges, offsets in
/// bounds, no overlaps, no gaps, data contiguous to the end — and every violation reported.
struct SafetensorsReader: WeightsFileReader {
    /// safetensors' own limit on the header (100 MB).
    static let maxHeaderBytes: UInt64 = 100_000_000

    let file: WeightsFile

    func read() throws {
        let declared = try reader.integer(UInt64.self, for: "the header length")
        let shard = ShardName(artifact.name)
        if let shard { inventory.facts["shard"] = shard.value }
        guard declared <= Self.maxHeaderBytes else {
            violation("header_too_large", "the header length is \(declared) bytes, over safetensors' limit of \(Self.maxHeaderBytes)",
                      at: 0)
            try reader.skip(Int64.max)
            if declared > UInt64(reader.offset - 8) {
                violation("header_beyond_file", "the header length \(declared) is larger than the file (\(reader.offset) bytes)", at: 0)
            }
            return
        }
        let headerLength = Int64(declared)
        let dataStart = 8 + headerLength
        let header = BoundedSource(reader, length: headerLength)
        let entries = try parseHeader(header, length: headerLength)
        try header.finish()
        guard header.remaining == 0 else {
            violation("header_beyond_file", "the header length \(headerLength) is larger than the file (\(reader.offset) bytes)",
                      at: 0)
            return
        }
        let spans = checkLayout(entries, dataStart: dataStart)
        var dataLength = artifact.declaredSize.map { $0 - dataStart }
        if options.tensorData {
            inventory.dataRead = true
            try TensorDataPass(inventory: inventory, options: options, limits: artifact.limits).stream(spans, from: reader)
            // What follows the last tensor: nothing, in a well-formed file.
            try reader.skip(Int64.max)
            dataLength = reader.offset - dataStart
        }
        guard let dataLength else { return }
        let end = entries.map(\.end).max() ?? 0
        for entry in entries where entry.end > dataLength {
            violation("out_of_bounds", "\(entry.name) ends at data byte \(entry.end), past the end of the file's data (\(dataLength))",
                      at: entry.place)
        }
        if end > dataLength {
            violation("truncated", "the file ends at byte \(dataStart + dataLength), before the data's end at \(dataStart + end)",
                      at: dataStart + dataLength)
        } else if end < dataLength {
            violation("not_contiguous_to_end", "the data runs to byte \(end) of \(dataLength): the rest belongs to no tensor",
                      at: dataStart + end)
        }
    }

    /// One header entry, as declared.
    struct Entry {
        let record: Int
        let name: String
        let begin: Int64
        let end: Int64
        let place: Int64
    }

    private func parseHeader(_ header: BoundedSource, length: Int64) throws -> [Entry] {
        let scanner = JSONScanner(header, options: .init(dialect: .strict, maxDepth: 4, maxStringBytes: 1 << 20))
        var entries: [Entry] = []
        var seen = Set<String>()
        do {
            guard try scanner.next() == .beginObject else {
                violation("header_not_object", "the header does not start with a JSON object", at: 8)
                return []
            }
            while let event = try scanner.next(), case .key(let name) = event {
                let place = 8 + (scanner.locator.byteOffset ?? 0)
                if name == "__metadata__" {
                    try readMetadata(scanner)
                    continue
                }
                if !seen.insert(name).inserted {
                    violation("duplicate_name", "the tensor \(name) is declared twice", at: place)
                }
                guard try scanner.peekValue() == .object else {
                    violation("malformed_entry", "the entry \(name) is not an object", at: place)
                    try scanner.skipValue()
                    continue
                }
                if inventory.isFull {
                    try scanner.skipValue()
                    inventory.unlistedTensors += 1
                    continue
                }
                if let entry = try readEntry(name, scanner: scanner, place: place) { entries.append(entry) }
            }
        } catch let failure as JSONScanner.Failure {
            violation("header_json", "the header is not valid JSON: \(failure.message)", at: 8 + (failure.locator.byteOffset ?? 0))
        }
        if inventory.unlistedTensors > 0 {
            let reason = inventory.fullReason
            sink.limitation("\(inventory.unlistedTensors) tensor(s) not listed: \(reason.text)", limit: reason.limit)
        }
        return entries
    }

    private func readMetadata(_ scanner: JSONScanner) throws {
        guard try scanner.peekValue() == .object else {
            violation("malformed_metadata", "__metadata__ is not an object of strings", at: 8 + (scanner.locator.byteOffset ?? 0))
            try scanner.skipValue()
            return
        }
        _ = try scanner.next()
        var metadata: [String: Value] = [:]
        while let event = try scanner.next(), case .key(let key) = event {
            let value = try scanner.next()
            switch value {
            case .string(let text): metadata[key] = .string(String(text.prefix(4096)))
            case .beginObject, .beginArray:
                violation("malformed_metadata", "__metadata__.\(key) is not a string", at: 8 + (scanner.locator.byteOffset ?? 0))
                try scanner.skipContainer()
            default:
                violation("malformed_metadata", "__metadata__.\(key) is not a string", at: 8 + (scanner.locator.byteOffset ?? 0))
            }
            if metadata.count >= 1024 { break }
        }
        inventory.facts["metadata"] = .object(metadata)
        inventory.facts["metadata_keys"] = .list(metadata.keys.sorted().map(Value.string))
    }

    private func readEntry(_ name: String, scanner: JSONScanner, place: Int64) throws -> Entry? {
        _ = try scanner.next()
        var dtype: String?, shape: [Int64]?, offsets: [Int64]?
        var bad = false
        while let event = try scanner.next(), case .key(let field) = event {
            switch field {
            case "dtype":
                if case .string(let text)? = try scanner.next() { dtype = text } else { bad = true }
            case "shape", "data_offsets":
                guard try scanner.peekValue() == .array else { bad = true; try scanner.skipValue(); continue }
                _ = try scanner.next()
                var numbers: [Int64] = []
                while let item = try scanner.next(), item != .endArray {
                    if case .number(let text) = item, let number = Int64(text), number >= 0, numbers.count < 64 {
                        numbers.append(number)
                    } else {
                        bad = true
                        if item == .beginArray || item == .beginObject { try scanner.skipContainer() }
                    }
                }
                if field == "shape" { shape = numbers } else { offsets = numbers }
            default:
                try scanner.skipValue()
            }
        }
        guard !bad, let dtype, let shape, let offsets, offsets.count == 2 else {
            violation("malformed_entry", "the entry \(name) lacks a dtype, a shape of non-negative integers or two data_offsets",
                      at: place)
            return nil
        }
        let encoding = TensorEncoding.safetensors(dtype) ?? .opaque(name: dtype, elementBytes: nil)
        if TensorEncoding.safetensors(dtype) == nil {
            violation("unknown_dtype", "the tensor \(name) has an unknown dtype \(dtype)", at: place)
        }
        var record = TensorRecord(name: name, encoding: encoding, shape: shape,
                                  offset: nil, length: offsets[1] >= offsets[0] ? offsets[1] - offsets[0] : nil)
        record.attributes["data_offsets"] = .list(offsets.map { .integer($0) })
        if let elements = record.elementCount, let expected = encoding.byteCount(elements: elements),
           let length = record.length, expected != length {
            violation("shape_length_mismatch", "the tensor \(name) has \(elements) elements of \(dtype) (\(expected) bytes) "
                      + "but data_offsets span \(length) bytes", at: place)
        } else if record.elementCount == nil {
            violation("shape_overflow", "the tensor \(name)'s shape overflows", at: place)
        }
        if offsets[1] < offsets[0] {
            violation("offsets_reversed", "the tensor \(name) ends (\(offsets[1])) before it begins (\(offsets[0]))", at: place)
        }
        guard inventory.add(record) else { return nil }
        return Entry(record: inventory.records.count - 1, name: name, begin: offsets[0], end: max(offsets[0], offsets[1]),
                     place: place)
    }

    /// Offsets in bounds, without overlaps or gaps, from the start of the data to its end; returns
    /// the spans to read, with each tensor's absolute offset recorded.
    private func checkLayout(_ entries: [Entry], dataStart: Int64) -> [SpanStreamer.Span] {
        var spans: [SpanStreamer.Span] = []
        var expected: Int64 = 0
        for entry in entries.sorted(by: { ($0.begin, $0.end) < ($1.begin, $1.end) }) {
            if entry.begin > expected {
                violation("gap", "\(entry.begin - expected) unused byte(s) before \(entry.name) (data bytes \(expected)–\(entry.begin))",
                          at: dataStart + expected)
            } else if entry.begin < expected {
                violation("overlap", "\(entry.name) begins at data byte \(entry.begin), inside the tensor before it (which ends at \(expected))",
                          at: entry.place)
            }
            expected = max(expected, entry.end)
            let (absolute, overflow) = dataStart.addingReportingOverflow(entry.begin)
            guard !overflow else { continue }
            inventory.update(entry.record) { $0.offset = absolute }
            let end = dataStart.addingReportingOverflow(entry.end)
            guard !end.overflow else { continue }
            spans.append(SpanStreamer.Span(record: entry.record, start: absolute, end: end.partialValue,
                                           encoding: inventory.records[entry.record].encoding))
        }
        return spans
    }

    private func violation(_ kind: String, _ text: String, at offset: Int64) {
        sink.violation("safetensors", kind, text, at: offset)
    }
}
