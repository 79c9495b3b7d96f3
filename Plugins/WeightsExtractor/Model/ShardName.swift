import EvidenceKit
import Foundation

/// A shard's place in a model split across files, as its name says (`model-00002-of-00005.safetensors`,
/// `llama-00001-of-00003.gguf`): each shard is read as the part it is, and says so.
struct ShardName {
    let index: Int
    let count: Int

    init?(_ name: String) {
        let parts = name.split(separator: "-")
        guard let at = parts.indices.dropFirst().dropLast().first(where: { parts[$0] == "of" }),
              let index = Int(parts[at - 1]),
              let count = Int(parts[at + 1].prefix { $0.isNumber }), index >= 1, count >= index else { return nil }
        self.index = index
        self.count = count
    }

    var value: Value { ["index": .integer(Int64(index)), "count": .integer(Int64(count))] }
}
