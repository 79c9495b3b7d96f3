import EvidenceKit
import Foundation

/// The frames of protocol version 1, built and read in one place (docs/plugin-protocol.md).
extension FrameHeader {
    // MARK: Handshake

    /// host → plugin, first: the protocol and the versions the host speaks.
    public static func hostHello(host: String) -> FrameHeader {
        FrameHeader("hello", ["protocol": .string(PluginProtocol.name),
                              "versions": .list(PluginProtocol.versions.map { .integer(Int64($0)) }),
                              "host": .string(host)])
    }

    /// plugin → host, in answer: the version chosen, the descriptor, and whether it hands out members.
    public static func pluginHello(version: Int, descriptor: ExtractorDescriptor, container: Bool) throws -> FrameHeader {
        FrameHeader("hello", ["protocol": .string(PluginProtocol.name), "version": .integer(Int64(version)),
                              "descriptor": try value(descriptor), "container": .bool(container)])
    }

    // MARK: One artifact

    /// host → plugin: read this artifact.
    public static func artifact(_ request: ArtifactRequest) throws -> FrameHeader {
        guard case .object(var fields) = try value(request) else { return FrameHeader("artifact") }
        fields["type"] = "artifact"
        return FrameHeader("artifact", fields)
    }

    /// plugin → host: send up to `max` more bytes of the artifact's content.
    public static func read(id: String, max: Int) -> FrameHeader {
        FrameHeader("read", ["id": .string(id), "max": .integer(Int64(max))])
    }

    /// host → plugin: `count` bytes of content follow (0: the content has ended).
    public static func data(id: String, count: Int) -> FrameHeader {
        FrameHeader("data", ["id": .string(id), "bytes": .integer(Int64(count)), "end": .bool(count == 0)])
    }

    /// plugin → host: one finding, in the SDK's JSON shape.
    public static func finding(id: String, _ finding: Finding) throws -> FrameHeader {
        FrameHeader("finding", ["id": .string(id), "finding": try value(finding)])
    }

    /// plugin → host: a member of the artifact (a container's); its content follows in
    /// `member_data` frames when `content` is true, then `member_end`.
    public static func member(id: String, _ member: Member, content: Bool) throws -> FrameHeader {
        FrameHeader("member", ["id": .string(id), "member": try value(member), "content": .bool(content)])
    }

    /// plugin → host: `count` bytes of the member's content follow.
    public static func memberData(id: String, count: Int) -> FrameHeader {
        FrameHeader("member_data", ["id": .string(id), "bytes": .integer(Int64(count))])
    }

    /// plugin → host: the member's content has ended (with the reason, if it could not be read whole).
    public static func memberEnd(id: String, error: String? = nil) -> FrameHeader {
        var fields: [String: Value] = ["id": .string(id)]
        if let error { fields["error"] = .string(error) }
        return FrameHeader("member_end", fields)
    }

    /// host → plugin: the member was taken; or `stop`, the budget says to read no more members.
    public static func memberResult(id: String, stop: (limit: String, detail: String)?) -> FrameHeader {
        var fields: [String: Value] = ["id": .string(id), "status": .string(stop == nil ? "ok" : "stop")]
        if let stop {
            fields["limit"] = .string(stop.limit)
            fields["detail"] = .string(stop.detail)
        }
        return FrameHeader("member_result", fields)
    }

    /// plugin → host: the artifact is done — read, declined, or failed with an error (an
    /// ``EvidenceError`` by its kind; any other error by its message).
    public static func end(id: String, error: (any Error)?) -> FrameHeader {
        var fields: [String: Value] = ["id": .string(id)]
        switch error {
        case nil:
            fields["status"] = "ok"
        case EvidenceError.notMyFormat(let reason)?:
            fields["status"] = "declined"
            fields["reason"] = .string(reason)
        case let error as EvidenceError:
            fields["status"] = "failed"
            fields["error"] = errorValue(error)
        case let error?:
            fields["status"] = "failed"
            fields["error"] = ["kind": "error", "message": .string((error as? any LocalizedError)?.errorDescription ?? "\(error)")]
        }
        return FrameHeader("end", fields)
    }

    /// host → plugin: no more artifacts; exit.
    public static let shutdown = FrameHeader("shutdown")

    // MARK: Errors

    private static func errorValue(_ error: EvidenceError) -> Value {
        switch error {
        case .notMyFormat(let reason): return ["kind": "declined", "message": .string(reason)]
        case .unreadable(_, let reason): return ["kind": "unreadable", "message": .string(reason)]
        case .corrupt(_, let locator, let reason):
            return ["kind": "corrupt", "message": .string(reason), "locator": (try? value(locator)) ?? .null]
        case .limitReached(let limit, let detail): return ["kind": "limit", "limit": .string(limit), "message": .string(detail)]
        case .io(_, let reason): return ["kind": "io", "message": .string(reason)]
        case .invalidOptions(_, let reason): return ["kind": "options", "message": .string(reason)]
        }
    }

    /// The error an `end` frame reports, for the artifact named `artifact`; `nil` for `ok`.
    public func endError(artifact: String, extractor: String) throws -> (any Error)? {
        switch try string("status") {
        case "ok": return nil
        case "declined": return EvidenceError.notMyFormat((try? string("reason")) ?? "declined")
        case "failed":
            guard case .object(let error)? = fields["error"] else {
                return EvidenceError.unreadable(artifact: artifact, reason: "failed")
            }
            let message = error["message"].map(\.description) ?? "failed"
            switch error["kind"]?.description {
            case "corrupt":
                let locator = error["locator"].flatMap { try? ValueCoder.decode(Locator.self, from: $0) }
                return EvidenceError.corrupt(artifact: artifact, locator: locator ?? .whole, reason: message)
            case "limit": return EvidenceError.limitReached(limit: error["limit"]?.description ?? "extractor", detail: message)
            case "options": return EvidenceError.invalidOptions(extractor: extractor, reason: message)
            case "error": return ReportedError(message: message)
            default: return EvidenceError.unreadable(artifact: artifact, reason: message)
            }
        case let other:
            throw PluginProtocolError.malformedHeader(reason: "unknown end status \"\(other)\"", excerpt: FrameHeader.excerpt(encoded()))
        }
    }
}
