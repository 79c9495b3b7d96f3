import EvidenceKit
import Foundation
import Yams

/// YAML — multi-document, anchors and aliases — read through libyaml's event stream and
/// composed into ``ConfigNode``s here, without recursion; scalars are typed by Yams' resolver.
///
/// Yams' own composer recurses once per level of nesting, so a 20 KB file of `- - - … x`
/// overflowed the stack, and it builds every node before anyone can count them (a 58 MB flow
/// map took 1.7 GB). libyaml's parser keeps its state on heap stacks, and the events come one at
/// a time, so every budget is checked before it is spent: nesting before a collection is opened
/// (a collection too deep ends the read: libyaml's own stacks grow with the depth it is fed),
/// nodes as they are made — an alias counted as all the nodes it repeats — and time. A stop
/// keeps what was read: the open collections are closed, and the document so far is kept.
///
/// The libyaml is the one Yams vendors and builds (its `CYaml` module, which Yams does not
/// re-export but SwiftPM makes importable to Yams' dependents): one libyaml in the binary.
enum YAMLReader {
    static func read(_ text: String, limits: ExtractionLimits) -> ParsedConfig {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return ParsedConfig() }
            var composer = YAMLComposer(limits: limits)
            composer.compose(base, count: bytes.count)
            return composer.result
        }
    }

    /// A scalar as YAML 1.1's resolver types it when it is plain; quoted and block scalars are text.
    static func typed(_ text: String, plain: Bool) -> Value {
        guard plain else { return .string(text) }
        let scalar = Node.Scalar(text)
        if NSNull.construct(from: scalar) != nil { return .null }
        if let flag = Bool.construct(from: scalar) { return .bool(flag) }
        if let number = Int.construct(from: scalar) { return .integer(Int64(number)) }
        if let number = Double.construct(from: scalar) { return .float(number) }
        return .string(text)
    }
}
