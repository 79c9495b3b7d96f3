import EvidenceKit

/// The distinct things a log names (hosts, addresses, users, URLs, commits, GPU models), each
/// with the line that first names it and how many lines do: one `log.entity` finding each at the
/// end, however many lines repeat it.
struct EntityTally {
    /// The most distinct entities kept per file.
    static let maxDistinct = 10_000
    private var order: [EntityRef] = []
    private var seen: [EntityRef: (locator: Locator, count: Int)] = [:]
    private(set) var dropped = 0

    mutating func add(_ refs: [EntityRef], at locator: Locator) {
        for ref in refs {
            if let known = seen[ref] {
                seen[ref] = (known.locator, known.count + 1)
            } else if order.count < Self.maxDistinct {
                seen[ref] = (locator, 1)
                order.append(ref)
            } else {
                dropped += 1
            }
        }
    }

    func emit(into sink: any FindingSink) {
        for ref in order {
            let (locator, count) = seen[ref]!
            var attributes: [String: Value] = ["entity_kind": .string(ref.kind.rawValue), "value": .string(ref.value),
                                               "lines": .integer(Int64(count))]
            if let role = ref.role { attributes["role"] = .string(role) }
            sink.emit(Finding("log.entity", summary: "\(ref.kind.rawValue) \(ref.value): named on \(count) line(s)",
                              attributes: attributes, at: locator, mentions: [ref]))
        }
        if dropped > 0 {
            sink.limitation("more than \(Self.maxDistinct) distinct entities: \(dropped) mention(s) of others were not recorded",
                            limit: "log_entities")
        }
    }
}
