import Crypto
import EvidenceKit
import Foundation

/// Finds credentials in configuration values, notebook cells and outputs, and reports them
/// masked: the kind, the last four characters, and the SHA-256 of the value — never the value.
/// The original is untouched. Shared, so that a token found in a config and in a notebook is
/// masked, and hashed, alike.
///
/// ```swift
/// SecretScanner.findings(key: "hf_token", value: text, pointer: "/auth/hf_token", at: locator)
/// ```
public enum SecretScanner {
    private struct Pattern {
        let kind: String
        let regex: NSRegularExpression
    }

    private static let patterns: [Pattern] = [
        ("huggingface_token", #"hf_[A-Za-z0-9]{30,}"#),
        ("openai_style_key", #"sk-(?:proj-)?[A-Za-z0-9_-]{20,}"#),
        ("aws_access_key_id", #"(?:AKIA|ASIA)[0-9A-Z]{16}"#),
        ("github_token", #"(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})"#),
        ("private_key_block", #"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----"#),
        ("password_in_url", #"[a-z][a-z0-9+.-]*://[^/\s:@]+:([^/\s@]+)@"#),
    ].map { Pattern(kind: $0.0, regex: try! NSRegularExpression(pattern: $0.1)) }

    /// Keys whose non-empty values are credentials whatever they look like.
    private static let credentialKeys = ["password", "passwd", "secret", "api_key", "apikey", "access_token",
                                         "auth_token", "secret_key", "private_key", "hf_token", "wandb_api_key"]

    /// Byte strings one of which every pattern's match contains: most values have none, and
    /// are not run through the regular expressions at all.
    private static let triggers: [[UInt8]] = ["hf_", "sk-", "AKIA", "ASIA", "gh", "github_pat_", "PRIVATE KEY", "://"]
        .map { Array($0.utf8) }

    /// `text` with every credential a pattern finds replaced by `[masked …last4]`: for text a
    /// finding quotes (a command line, a cell's first line), so that no finding carries a secret.
    public static func masked(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard triggers.contains(where: { ByteSearch.contains(bytes, $0) }) else { return text }
        var result = text
        for pattern in patterns {
            for match in pattern.regex.matches(in: result, range: NSRange(result.startIndex..., in: result)).reversed() {
                let range = match.numberOfRanges > 1 ? match.range(at: 1) : match.range
                guard let found = Range(range, in: result) else { continue }
                result.replaceSubrange(found, with: "[masked …\(result[found].suffix(4))]")
            }
        }
        return result
    }

    /// The `secret.candidate` findings of `value`, read under `key` (a key that names a
    /// credential makes any non-trivial value one), at `pointer` (said in the summary).
    public static func findings(key: String, value: String, pointer: String, at locator: Locator) -> [Finding] {
        var found: [(kind: String, secret: String)] = []
        let bytes = Array(value.utf8)
        let range = NSRange(value.startIndex..., in: value)
        for pattern in patterns where triggers.contains(where: { ByteSearch.contains(bytes, $0) }) {
            for match in pattern.regex.matches(in: value, range: range) {
                // A pattern with a group marks the secret part (the password of a URL).
                let range = match.numberOfRanges > 1 ? match.range(at: 1) : match.range
                if let matched = Range(range, in: value) { found.append((pattern.kind, String(value[matched]))) }
            }
        }
        let loweredKey = key.lowercased()
        if found.isEmpty, !value.isEmpty, value.count >= 6, !value.hasPrefix("${"),
           credentialKeys.contains(where: { loweredKey == $0 || loweredKey.hasSuffix("_" + $0) }) {
            found.append(("credential_by_key_name", value))
        }
        return found.map { kind, secret in
            let digest = LowerHex.text(SHA256.hash(data: Data(secret.utf8)))
            return Finding("secret.candidate", severity: .warning,
                           summary: "possible \(kind.replacingOccurrences(of: "_", with: " ")) at \(pointer) (…\(secret.suffix(4)))",
                           attributes: ["secret_kind": .string(kind), "last4": .string(String(secret.suffix(4))),
                                        "sha256": .string(digest), "length": .integer(Int64(secret.count)),
                                        "key": .string(pointer)],
                           at: locator)
        }
    }
}
