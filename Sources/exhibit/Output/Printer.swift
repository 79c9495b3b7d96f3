import ExhibitCore
import ExhibitFoundation
import Foundation

/// Writes to standard output: JSON with sorted keys, or lines of text.
enum Printer {
    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(0x0A)
        FileHandle.standardOutput.write(data)
    }

    /// One line of text for people; what came from the evidence is made safe for a terminal
    /// (``VisibleText``).
    static func line(_ text: String = "") {
        FileHandle.standardOutput.write(Data((VisibleText.escaped(text) + "\n").utf8))
    }

    /// Bytes of machine-readable output (JSON), as they are.
    static func raw(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func warning(_ text: String) {
        FileHandle.standardError.write(Data("warning: \(VisibleText.escaped(text))\n".utf8))
    }

    /// `error: <message>` on standard error, made safe for a terminal.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data("error: \(VisibleText.escaped(text))\n".utf8))
    }

    /// `1.2 MiB` for people; JSON carries exact bytes.
    static func bytes(_ count: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(count)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(count) B" : String(format: "%.1f %@", value, units[unit])
    }
}
