import EvidenceFormats
import EvidenceKit

/// A W&B run folder's `wandb-metadata.json`: who ran what, where, when — the host, user, e-mail,
/// program and arguments, git remote and commit, Python, OS, GPUs — as one `training.environment`
/// finding, the things it names as `log.entity`, and the run's start and last heartbeat on the
/// timeline. The wandb client writes `startedAt` and `heartbeatAt` with
/// `datetime.utcfromtimestamp(…).isoformat()`: UTC without an offset, which each event says.
struct WandbMetadata {
    let sink: any FindingSink
    let limits: ExtractionLimits
    /// Arguments kept, at most, and the bytes kept of any one value (the rest is cut, and said).
    static let argumentLimit = 256
    static let valueBytes = 4096

    /// Scalars kept as the finding's attributes, by JSON pointer.
    private static let fields: [String: String] = [
        "/host": "host", "/username": "user", "/email": "email", "/program": "program", "/codePath": "code_path",
        "/root": "root", "/executable": "executable", "/os": "os", "/python": "python", "/gpu": "gpu", "/gpu_count": "gpu_count",
        "/cpu_count": "cpu_count", "/cuda": "cuda", "/state": "state", "/startedAt": "started_at", "/heartbeatAt": "heartbeat_at",
        "/git/remote": "git_remote", "/git/commit": "git_commit", "/docker": "docker",
    ]
    private static let entities: [String: EntityKind] = [
        "host": "host", "user": "user", "email": "email", "git_remote": "url", "git_commit": "git_commit", "gpu": "gpu_model",
    ]

    func read(_ source: any ByteSource) throws {
        let scanner = JSONScanner(source, options: .init(dialect: .lenient, maxDepth: limits.maxNestingDepth))
        var attributes: [String: Value] = [:]
        var places: [String: Locator] = [:]
        var arguments: [Value] = []
        var argumentCount = 0
        do {
            guard case .beginObject? = try scanner.next() else {
                sink.warn(LogExtractorError.corruptDocument(reason: "not a JSON object").errorDescription!,
                          attributes: ["problem": "corrupt_document"])
                return
            }
            while let event = try scanner.next() {
                guard var value = JSONScanner.value(of: event), value != .null else { continue }
                if case .string(let text) = value, text.utf8.count > Self.valueBytes {
                    value = .string(String(decoding: text.utf8.prefix(Self.valueBytes), as: UTF8.self) + "…")
                    attributes["values_cut"] = .bool(true)
                }
                let pointer = scanner.pointer
                if pointer.hasPrefix("/args/"), !pointer.dropFirst("/args/".count).contains("/") {
                    argumentCount += 1
                    if arguments.count < Self.argumentLimit { arguments.append(value) }
                } else if let name = Self.fields[pointer] {
                    attributes[name] = value
                    places[name] = Locator(line: scanner.locator.line, jsonPointer: pointer)
                }
            }
        } catch let failure as JSONScanner.Failure {
            sink.warn(LogExtractorError.corruptDocument(reason: failure.message).errorDescription!, at: failure.locator,
                      attributes: ["problem": "corrupt_document"])
        }
        if argumentCount > 0 {
            attributes["args"] = .list(arguments)
            if argumentCount > arguments.count { attributes["args_count"] = .integer(Int64(argumentCount)) }
        }
        guard attributes.keys.contains(where: { $0 != "values_cut" }) else { return }
        let command = ([attributes["program"]?.description ?? "?"] + arguments.prefix(8).map(\.description)).joined(separator: " ")
        sink.emit(Finding("training.environment",
                          summary: "wandb run of \(command) on \(attributes["host"]?.description ?? "an unnamed host")"
                              + (attributes["user"].map { " by \($0.description)" } ?? ""),
                          attributes: attributes.merging(["source_format": "wandb_metadata"]) { $1 }, at: Locator(jsonPointer: "")))
        var entities = EntityTally()
        for (name, kind) in Self.entities.sorted(by: { $0.key < $1.key }) {
            guard case .string(let text)? = attributes[name], !text.isEmpty else { continue }
            entities.add([EntityRef(kind: kind, value: text)], at: places[name] ?? .whole)
        }
        entities.emit(into: sink)
        event("started_at", kind: "training.run_start", summary: "wandb run starts", attributes: attributes, places: places)
        event("heartbeat_at", kind: "training.heartbeat", summary: "wandb run's last heartbeat", attributes: attributes, places: places)
    }

    /// A UTC time of the metadata on the timeline; a value that is not a time is a warning.
    private func event(_ name: String, kind: FindingKind, summary: String, attributes: [String: Value], places: [String: Locator]) {
        guard case .string(let text)? = attributes[name] else { return }
        guard case .complete(var time)? = TimestampParser.parse(text)?.reading else {
            sink.warn(LogExtractorError.impossibleTime(original: text, reason: "not an ISO 8601 time").errorDescription!,
                      at: places[name] ?? .whole, attributes: ["problem": "impossible_time"])
            return
        }
        var event: [String: Value] = ["source_format": "wandb_metadata"]
        if time.zone == .unspecified {
            time.zone = .utc
            event["zone_basis"] = "the wandb client writes this time in UTC (datetime.utcfromtimestamp) without an offset"
        }
        sink.emit(Finding(kind, summary: summary, attributes: event, at: places[name] ?? .whole, timestamp: time))
    }
}
