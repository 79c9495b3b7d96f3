import Foundation

/// The tool's identity, recorded in custody entries and bundles.
public enum ToolInfo {
    public static let name = "exhibit"
    public static let version = "0.1.0"

    /// This process's command line, each argument quoted when it needs to be: what custody
    /// entries record as the command.
    public static func currentCommandLine() -> String {
        CommandLine.arguments.map { argument in
            argument.isEmpty || argument.contains(where: { " \"'$\\".contains($0) })
                ? "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'" : argument
        }.joined(separator: " ")
    }
}
