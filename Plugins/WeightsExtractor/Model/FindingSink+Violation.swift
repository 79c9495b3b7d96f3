import EvidenceKit

extension FindingSink {
    /// A place where a file breaks its format's rules: `weights.format_violation`, a warning with
    /// the kind of violation and its byte offset; reading goes on.
    func violation(_ format: String, _ kind: String, _ text: String, at offset: Int64) {
        emit(Finding("weights.format_violation", severity: .warning, summary: text,
                     attributes: ["violation": .string(kind), "format": .string(format)], at: Locator(byteOffset: offset)))
    }
}
