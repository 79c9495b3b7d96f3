/// Everything that can go wrong between the host and a plugin, in one voice.
public enum PluginProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The other side closed its end (exited, or crashed).
    case closed
    /// No frame came in time.
    case timedOut(seconds: Double)
    /// A header longer than ``PluginProtocol/maxHeaderBytes``.
    case headerTooLong
    /// A header that is not a JSON object with a known `type`, or that lacks a field.
    case malformedHeader(reason: String, excerpt: String)
    /// A frame that says it carries more bytes than allowed, or ends before them.
    case badLength(String)
    /// A frame that has no place here (a finding for another artifact, a frame after the end).
    case unexpected(String)
    /// A frame about an artifact this side finished before: written after that artifact's end.
    case afterEnd(String)
    /// The handshake failed: another protocol, a version this side does not speak, output before it.
    case handshake(String)
    /// The system refused a read or write.
    case io(String)

    public var description: String {
        switch self {
        case .closed: return "the other side closed its end"
        case .timedOut(let seconds): return "nothing came for \(seconds) s"
        case .headerTooLong: return "a header line longer than \(PluginProtocol.maxHeaderBytes) bytes"
        case .malformedHeader(let reason, let excerpt): return "a malformed frame (\(reason)): \(excerpt)"
        case .badLength(let reason): return "a frame whose length is wrong: \(reason)"
        case .unexpected(let reason): return "an unexpected frame: \(reason)"
        case .afterEnd(let excerpt): return "a frame written after its artifact's end: \(excerpt)"
        case .handshake(let reason): return "the handshake failed: \(reason)"
        case .io(let reason): return reason
        }
    }
}
