import EvidenceKit
import ExhibitTestSupport
import Foundation
import Testing
@testable import WeightsExtractor

/// GGUF's typed metadata: each of the 13 value types read as what it is, arrays of arrays kept
/// nested, the alignment taken from `general.alignment`.
@Suite struct GGUFMetadataTests {
    private static func metadata(_ sample: String) throws -> [String: [String: Value]] {
        var out: [String: [String: Value]] = [:]
        for finding in try Weights.extract(Repository.format(sample)) where finding.kind == "weights.metadata" {
            if case .string(let key)? = finding.attributes["key"] { out[key] = finding.attributes }
        }
        return out
    }

    @Test func everyValueTypeIsReadAsItself() throws {
        let entries = try Self.metadata("weights/tiny-llama.gguf")
        let expected: [(key: String, type: String, value: Value)] = [
            ("exhibit.sample.u8", "uint8", 200), ("exhibit.sample.i8", "int8", -100),
            ("exhibit.sample.u16", "uint16", 60000), ("exhibit.sample.i16", "int16", -30000),
            ("llama.block_count", "uint32", 2), ("exhibit.sample.i32", "int32", -2_000_000_000),
            ("llama.rope.freq_base", "float32", 500000), ("tokenizer.ggml.add_bos_token", "bool", true),
            ("general.architecture", "string", "llama"), ("llama.context_length", "uint64", 2048),
            ("exhibit.sample.i64", "int64", .integer(-(1 << 40))), ("exhibit.sample.f64", "float64", 2.5),
        ]
        for (key, type, value) in expected {
            let entry = try #require(entries[key], "\(key)")
            #expect(entry["type"] == .string(type), "\(key)")
            #expect(sameValue(entry["value"], value), "\(key): \(String(describing: entry["value"]))")
        }
        // The thirteenth type, arrays — of strings, numbers, and of arrays.
        let types = Set(entries.values.compactMap { $0["type"]?.description })
        #expect(types.contains("array[string]") && types.contains("array[float32]"))
        let nested = try #require(entries["exhibit.sample.nested"])
        #expect(nested["type"] == "array[array[uint16]]")
        guard case .object(let outer)? = nested["value"], case .list(let items)? = outer["items"] else {
            Issue.record("the nested array is not kept as one: \(String(describing: nested["value"]))")
            return
        }
        #expect(outer["count"] == 3)
        let inner = items.compactMap { item -> [Value]? in
            guard case .object(let array) = item, case .list(let values)? = array["items"] else { return nil }
            return values
        }
        #expect(inner == [[1, 2], [3], []])
    }

    @Test func dataStartsAtTheDeclaredAlignment() throws {
        let summary = Weights.summary(try Weights.extract(Repository.format("weights/tiny-llama.gguf")))
        let alignment = try #require(summary["alignment"]?.number)
        let dataOffset = try #require(summary["data_offset"]?.number)
        #expect(alignment == 32)
        #expect(dataOffset.truncatingRemainder(dividingBy: alignment) == 0)
    }
}

/// Numbers compared as numbers (a float32 read back is a float, the literal an integer), the rest
/// as values.
private func sameValue(_ found: Value?, _ expected: Value) -> Bool {
    guard let found else { return false }
    if let left = found.number, let right = expected.number { return left == right }
    return found == expected
}
