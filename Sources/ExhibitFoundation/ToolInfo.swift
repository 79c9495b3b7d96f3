import Foundation

/// The tool's identity, recorded in custody entries and bundles.
public enum ToolInfo {
    public static let name = "exhibit"
    public static let version = "0.1.0"
}
