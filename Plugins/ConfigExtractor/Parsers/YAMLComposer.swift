import CYaml
import EvidenceKit
import Foundation

/// Builds nodes from libyaml's events with an explicit stack of open collections.
struct YAMLComposer {
    /// A collection being read.
    private struct Frame {
        let isMapping: Bool
        let locator: Locator
        let anchor: String?
        /// The nodes counted before it opened.
        let nodesBefore: Int
        var items: [ConfigNode] = []
        var members: [ConfigMember] = []
        /// A mapping's key, read and waiting for its value.
        var key: String?
        /// Levels of nesting in it, itself included.
        var height = 1
    }

    /// A node an anchor names, with what repeating it costs.
    private struct Anchored {
        let node: ConfigNode
        let height: Int
        let nodes: Int
        /// Its text, when it is a scalar (a key names it so).
        let text: String?
    }

    let limits: ExtractionLimits
    private(set) var result = ParsedConfig()
    private var stack: [Frame] = []
    private var anchors: [String: Anchored] = [:]
    /// Nodes made so far, in every document; an alias counts what it repeats.
    private var nodes = 0
    /// Aliases left out, by the limit that left them out: how many, and the first one's place.
    private var aliasesLeftOut: [String: (count: Int, first: Locator)] = [:]

    init(limits: ExtractionLimits) {
        self.limits = limits
    }

    mutating func compose(_ input: UnsafePointer<UInt8>, count: Int) {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else {
            result.stop = ConfigParseError(message: "YAML: libyaml could not start", locator: .whole)
            return
        }
        defer { yaml_parser_delete(parser) }
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, input, count)
        var event = yaml_event_t()
        var events = 0
        while result.stop == nil {
            events += 1
            if events % 4096 == 0 {
                do {
                    try limits.checkDeadline()
                } catch {
                    result.stop = ConfigParseError(message: "the time for this original ran out while the YAML was read",
                                                   locator: Self.locator(parser.pointee.mark), limit: "seconds_per_artifact")
                    break
                }
            }
            guard yaml_parser_parse(parser, &event) == 1 else {
                result.stop = Self.error(of: parser.pointee)
                break
            }
            defer { yaml_event_delete(&event) }
            if event.type == YAML_STREAM_END_EVENT { break }
            take(event)
        }
        // What was open when the read stopped is kept as far as it got.
        while !stack.isEmpty { close() }
        for (limit, left) in aliasesLeftOut.sorted(by: { $0.key < $1.key }) {
            let why = limit == "nesting_depth" ? "would nest deeper than \(limits.maxNestingDepth) levels"
                : "would repeat more than \(limits.maxParsedNodes) nodes in all"
            result.skipped.append(ConfigParseError(message: "\(left.count) alias(es) left out (null in their place): they \(why)",
                                                   locator: left.first, limit: limit))
        }
    }

    private mutating func take(_ event: yaml_event_t) {
        let place = Self.locator(event.start_mark)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            // Anchors belong to their document.
            anchors.removeAll()
        case YAML_SCALAR_EVENT:
            guard count(1, at: place) else { return }
            let scalar = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            let node = ConfigNode.scalar(YAMLReader.typed(text, plain: scalar.style == YAML_PLAIN_SCALAR_STYLE), place)
            if let anchor = Self.text(scalar.anchor) { anchors[anchor] = Anchored(node: node, height: 0, nodes: 1, text: text) }
            add(node, height: 0, text: text)
        case YAML_ALIAS_EVENT:
            alias(Self.text(event.data.alias.anchor) ?? "", at: place)
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            guard stack.count < limits.maxNestingDepth else {
                result.stop = ConfigParseError(
                    message: "nesting deeper than \(limits.maxNestingDepth) levels: the rest of the file was not read",
                    locator: place, limit: "nesting_depth")
                return
            }
            guard count(1, at: place) else { return }
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            let anchor = Self.text(isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor)
            stack.append(Frame(isMapping: isMapping, locator: place, anchor: anchor, nodesBefore: nodes - 1))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            close()
        default:
            break
        }
    }

    /// Counts `added` nodes, or stops the read if they would pass the budget.
    private mutating func count(_ added: Int, at place: Locator) -> Bool {
        guard nodes + added <= limits.maxParsedNodes else {
            result.stop = ConfigParseError(message: "more than \(limits.maxParsedNodes) nodes: the rest of the file was not read",
                                           locator: place, limit: "parsed_nodes")
            return false
        }
        nodes += added
        return true
    }

    /// An alias stands for its node, unless repeating it would pass the depth or node budget:
    /// then it is left out (null), and the read goes on.
    private mutating func alias(_ name: String, at place: Locator) {
        guard let anchored = anchors[name] else {
            result.stop = ConfigParseError(message: "YAML: alias *\(name) names no anchor before it", locator: place)
            return
        }
        var leftOut: String?
        if stack.count + anchored.height > limits.maxNestingDepth {
            leftOut = "nesting_depth"
        } else if nodes + anchored.nodes > limits.maxParsedNodes {
            leftOut = "parsed_nodes"
        }
        guard let leftOut else {
            nodes += anchored.nodes
            return add(anchored.node, height: anchored.height, text: anchored.text)
        }
        let earlier = aliasesLeftOut[leftOut]
        aliasesLeftOut[leftOut] = ((earlier?.count ?? 0) + 1, earlier?.first ?? place)
        add(.scalar(.null, place), height: 0, text: "")
    }

    /// Closes the innermost open collection.
    private mutating func close() {
        let frame = stack.removeLast()
        let node: ConfigNode = frame.isMapping ? .object(frame.members, frame.locator) : .array(frame.items, frame.locator)
        if let anchor = frame.anchor {
            anchors[anchor] = Anchored(node: node, height: frame.height, nodes: nodes - frame.nodesBefore, text: nil)
        }
        add(node, height: frame.height, text: nil)
    }

    /// Puts a finished node where it belongs: a document, an item, a key, or a key's value.
    private mutating func add(_ node: ConfigNode, height: Int, text: String?) {
        guard !stack.isEmpty else { return result.documents.append(node) }
        let top = stack.count - 1
        stack[top].height = max(stack[top].height, height + 1)
        guard stack[top].isMapping else { return stack[top].items.append(node) }
        if let key = stack[top].key {
            stack[top].members.append(ConfigMember(key: key, node: node))
            stack[top].key = nil
        } else {
            // A key that is itself a collection is named by its text.
            stack[top].key = text ?? node.value?.description ?? ""
        }
    }

    private static func locator(_ mark: yaml_mark_t) -> Locator {
        Locator(line: mark.line + 1, column: mark.column + 1)
    }

    private static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }

    private static func error(of parser: yaml_parser_t) -> ConfigParseError {
        let problem = parser.problem.map { String(cString: $0) } ?? "unreadable"
        let context = parser.context.map { " \(String(cString: $0))" } ?? ""
        return ConfigParseError(message: "YAML: \(problem)\(context)", locator: locator(parser.problem_mark))
    }
}
