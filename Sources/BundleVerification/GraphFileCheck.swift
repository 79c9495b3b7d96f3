import EvidenceKit

/// The checks the verifier makes inside a bundle's two graph files, each read as a stream:
/// ids and references are remembered as 16-byte digests, so memory holds a few dozen bytes a
/// node and nothing of the rest of the document. A file is read once; only when something does
/// not resolve is it read a second time, for the text of what did not.
enum GraphFileCheck {
    /// What `graph.json` says, once read.
    struct NativeResult {
        /// `edge N source|target ID names no node`, in edge order.
        var danglingEdges: [String] = []
        /// The originals the graph names: exhibit and intake SHA-256.
        var originals: [(exhibit: String, sha256: String?)] = []
        /// The files its series nodes name (their points, as CSV).
        var seriesFiles: [String] = []
    }

    /// What a document that is not the expected graph looks like.
    struct NotAGraph: Error, CustomStringConvertible {
        let description: String
    }

    /// Reports past this many are counted, not listed.
    static let reportLimit = 1000

    /// One end of an edge, as read: which edge, which end, and the id it names (nil: none).
    private struct EdgeEnd {
        let edge: Int
        let isSource: Bool
        let id: IDDigest?
    }

    /// `graph.json`: every edge's source and target names a node; the originals it lists.
    static func native(_ open: () throws -> any ByteSource) throws -> NativeResult {
        var ids = Set<IDDigest>()
        var ends: [EdgeEnd] = []
        var result = NativeResult()
        let arrays = try forEachElement(of: ["nodes", "edges"], keeping: ["id", "exhibit", "sha256", "source", "target", "kind", "file"],
                                        in: try open()) { array, index, fields in
            if array == "nodes" {
                if case .string(let id)? = fields["id"] { ids.insert(IDDigest(id)) }
                if fields["original"] == .bool(true) {
                    result.originals.append((exhibit: fields["exhibit"]?.text ?? "?", sha256: fields["sha256"]?.text))
                }
                if fields["kind"]?.text == "series", let file = fields["file"]?.text { result.seriesFiles.append(file) }
            } else {
                for end in ["source", "target"] {
                    ends.append(EdgeEnd(edge: index, isSource: end == "source", id: fields[end]?.text.map(IDDigest.init)))
                }
            }
        }
        // Either may be empty: a case of one loose file has no edges, an empty case no nodes.
        guard arrays == ["nodes", "edges"] else { throw NotAGraph(description: "no nodes array or no edges array") }
        let dangling = ends.filter { $0.id.map { !ids.contains($0) } ?? true }
        guard !dangling.isEmpty else { return result }
        // Read again for the text of the first ones.
        let listed = Set(dangling.prefix(reportLimit).map(\.edge))
        _ = try forEachElement(of: ["edges"], keeping: ["source", "target"], in: try open()) { _, index, fields in
            guard listed.contains(index) else { return }
            for end in ["source", "target"] {
                let id = fields[end]?.text
                guard id.map({ !ids.contains(IDDigest($0)) }) ?? true else { continue }
                result.danglingEdges.append("edge \(index) \(end) \(id ?? "nil") names no node")
            }
        }
        if dangling.count > result.danglingEdges.count {
            result.danglingEdges.append("and \(dangling.count - result.danglingEdges.count) more dangling edge ends")
        }
        return result
    }

    /// `case.jsonld`: every reference (an object holding only `@id`) names an object defined
    /// with more than its `@id`. Returns the unresolved references, sorted.
    static func jsonLDReferences(_ open: () throws -> any ByteSource) throws -> [String] {
        var defined = Set<IDDigest>()
        var referenced = Set<IDDigest>()
        try forEachIdentifiedObject(in: try open()) { id, isReference in
            if isReference { referenced.insert(IDDigest(id)) } else { defined.insert(IDDigest(id)) }
        }
        let unresolved = referenced.subtracting(defined)
        guard !unresolved.isEmpty else { return [] }
        // Read again for their text.
        var missing = Set<String>()
        try forEachIdentifiedObject(in: try open()) { id, isReference in
            if isReference, missing.count < reportLimit, unresolved.contains(IDDigest(id)) { missing.insert(id) }
        }
        var list = missing.sorted()
        if unresolved.count > missing.count { list.append("and \(unresolved.count - missing.count) more") }
        return list
    }

    /// Calls `body` with the `@id` of every object that has one, and whether the object is a
    /// reference (it holds nothing but its `@id`); the document must have a top-level `@graph`.
    private static func forEachIdentifiedObject(in source: any ByteSource,
                                                _ body: (_ id: String, _ isReference: Bool) -> Void) throws {
        var reader = JSONEventReader(source)
        reader.keepsStringValues = false
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
                if let id = frame.id { body(id, frame.keys == 1) }
            case .key(let key):
                frames[frames.count - 1].keys += 1
                frames[frames.count - 1].idNext = key == "@id"
                reader.keepsStringValues = key == "@id"
                if key == "@graph" && reader.depth == 1 { sawGraph = true }
            case .string(let text) where frames[frames.count - 1].idNext:
                frames[frames.count - 1].id = text
                frames[frames.count - 1].idNext = false
            case .beginArray, .endArray, .string, .skippedString, .number, .bool, .null:
                if !frames.isEmpty { frames[frames.count - 1].idNext = false }
            }
        }
        guard sawGraph else { throw NotAGraph(description: "no @graph") }
    }

    /// Calls `body` with the scalar members of each object element of the named arrays of the
    /// top-level object (nested containers are skipped); returns the names of those arrays the
    /// document has.
    private static func forEachElement(
        of arrays: Set<String>, keeping wanted: Set<String>, in source: any ByteSource,
        _ body: (_ array: String, _ index: Int, _ fields: [String: JSONEventReader.Event]) throws -> Void
    ) throws -> Set<String> {
        var present = Set<String>()
        var reader = JSONEventReader(source)
        reader.keepsStringValues = false
        guard try reader.next() == .beginObject else { throw NotAGraph(description: "not a JSON object") }
        while let event = try reader.next(), event != .endObject {
            guard case .key(let key) = event, let value = try reader.next() else {
                throw NotAGraph(description: "not a JSON object")
            }
            guard arrays.contains(key), value == .beginArray else {
                if value == .beginObject || value == .beginArray { try reader.skipContainer() }
                continue
            }
            present.insert(key)
            var index = 0
            while let element = try reader.next(), element != .endArray {
                var fields: [String: JSONEventReader.Event] = [:]
                if element == .beginObject {
                    while let member = try reader.next(), member != .endObject {
                        guard case .key(let name) = member else { continue }
                        reader.keepsStringValues = wanted.contains(name)
                        let value = try reader.next()
                        reader.keepsStringValues = false
                        guard let value else { continue }
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
        return present
    }
}

extension JSONEventReader.Event {
    /// The text of a string value.
    var text: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}
