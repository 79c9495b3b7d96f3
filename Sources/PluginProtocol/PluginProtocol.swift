/// The protocol external extractors speak with the host, version 1 (docs/plugin-protocol.md).
///
/// Frames travel over the plugin's standard input and output: one header line of UTF-8 JSON (a
/// `type` and its fields), and, when the header has `bytes`, exactly that many raw bytes after
/// it. The protocol's version is a small integer of its own, independent of Exhibit's version,
/// agreed at the handshake.
public enum PluginProtocol {
    /// The protocol's name, sent at the handshake.
    public static let name = "exhibit-extractor"
    /// The versions this side speaks.
    public static let versions = [1]
    /// The longest header line either side accepts, newline included.
    public static let maxHeaderBytes = 1 << 20
    /// The most raw bytes one frame may carry.
    public static let maxFrameBytes = 16 << 20
}
