import EvidenceKit

/// The checks the verifier makes inside a bundle's two graph files, each read as a stream in
/// two passes (ids first, then what refers to them), so memory holds 16 bytes an id and
/// nothing that grows with the rest of the document.
enum GraphFileCheck {
    /// What `graph.json` says, once read.
    struct NativeResult {
        /// `edge N source|target ID names no node`, in edge order.
        var danglingEdges: [String] = []
        /// The originals the graph names: exhibit and intake SHA-256.
        var originals: [(exhibit: String, sha256: String?)] = []
    }

    /// What a document that is not the expected graph looks like.
    struct NotAGraph: Error, CustomStringConvertible {
        let description: String
    }

    /// Reports past this many are counted, not listed.
    static let reportLimit = 1000

    /// `graph.json`: every edge's source and target names a node; the originals it lists.
    static func native(_ open: () throws -> any ByteSource) throws -> NativeResult {
        var ids = Set<IDDigest>()
        var result = NativeResult()
        var reported = 0
        for pass in 0..<2 {
            var sawNodes = false, sawEdges = false
            try forEachElement(of: ["nodes", "edges"], in: try open()) { array, index, fields in
                if array == "nodes" {
                    sawNodes = true
                    if pass == 0, case .string(let id)? = fields["id"] { ids.insert(IDDigest(id)) }
                    if pass == 1, fields["original"] == .bool(true) {
                        result.originals.append((exhibit: fields["exhibit"]?.text ?? "?", sha256: fields["sha256"]?.text))
                    }
                } else {
                    sawEdges = true
                    guard pass == 1 else { return }
                    for end in ["source", "target"] {
                        let id = fields[end]?.text
                        guard id == nil || !ids.contains(IDDigest(id!)) else { continue }
                        reported += 1
                        if reported <= reportLimit {
                            result.danglingEdges.append("edge \(index) \(end) \(id ?? "nil") names no node")
                        }
                    }
                }
            }
            guard sawNodes && sawEdges else { throw NotAGraph(description: "no nodes or no edges") }
        }
        if reported > reportLimit { result.danglingEdges.append("and \(reported - reportLimit) more dangling edge ends") }
        return result
    }

    /// `case.jsonld`: every reference (an object holding only `@id`) names an object defined
    /// with more than its `@id`. Returns the unresolved references, sorted.
    static func jsonLDReferences(_ open: () throws -> any ByteSource) throws -> [String] {
        var defined = Set<IDDigest>()
        var missing = Set<String>()
        var more = 0
        for pass in 0..<2 {
            var reader = JSONEventReader(try open())
            guard try reader.next() == .beginObject else { throw NotAGraph(description: "not a JSON object") }
            // For each open object: how many keys so far, its @id, whether the @id key was the last read.
            var frames: [(keys: Int, id: String?, idNext: Bool)] = [(0, nil, false)]
            var sawGraph = false
            while let event = try reader.next() {
                switch event {
                case .beginObject:
                    frames[frames.count - 1].idNext = false
                    frames.append((0, nil, false))
                case .endObject:
                    let frame = frames.removeLast()
                    guard let id = frame.id else { continue }
                    if frame.keys == 1 {
                        if pass == 1, !defined.contains(IDDigest(id)), !missing.contains(id) {
                            if missing.count < reportLimit { missing.insert(id) } else { more += 1 }
                        }
                    } else if pass == 0 {
                        defined.insert(IDDigest(id))
                    }
                case .key(let key):
                    frames[frames.count - 1].keys += 1
                    frames[frames.count - 1].idNext = key == "@id"
                    if key == "@graph" && reader.depth == 1 { sawGraph = true }
                case .string(let text) where frames[frames.count - 1].idNext:
                    frames[frames.count - 1].id = text
                    frames[frames.count - 1].idNext = false
                case .beginArray, .endArray, .string, .number, .bool, .null:
                    if !frames.isEmpty { frames[frames.count - 1].idNext = false }
                }
            }
            guard sawGraph else { throw NotAGraph(description: "no @graph") }
        }
        var list = missing.sorted()
        if more > 0 { list.append("and \(more) more") }
        return list
    }

    /// Calls `body` with the scalar members of each object element of the named arrays of the
    /// top-level object (nested containers are skipped).
    private static func forEachElement(
        of arrays: Set<String>, in source: any ByteSource,
        _ body: (_ array: String, _ index: Int, _ fields: [String: JSONEventReader.Event]) throws -> Void
    ) throws {
        var reader = JSONEventReader(source)
        guard try reader.next() == .beginObject else { throw NotAGraph(description: "not a JSON object") }
        while let event = try reader.next(), event != .endObject {
            guard case .key(let key) = event, let value = try reader.next() else {
                throw NotAGraph(description: "not a JSON object")
            }
            guard arrays.contains(key), value == .beginArray else {
                if value == .beginObject || value == .beginArray { try reader.skipContainer() }
                continue
            }
            var index = 0
            while let element = try reader.next(), element != .endArray {
                var fields: [String: JSONEventReader.Event] = [:]
                if element == .beginObject {
                    while let member = try reader.next(), member != .endObject {
                        guard case .key(let name) = member, let value = try reader.next() else { continue }
                        if value == .beginObject || value == .beginArray { try reader.skipContainer() } else { fields[name] = value }
                    }
                } else if element == .beginArray {
                    try reader.skipContainer()
                }
                try body(key, index, fields)
                index += 1
            }
        }
        guard try reader.next() == nil else { throw NotAGraph(description: "more after the document") }
    }
}

extension JSONEventReader.Event {
    /// The text of a string value.
    var text: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}
