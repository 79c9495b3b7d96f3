import EvidenceKit
import Foundation

/// The things free text names that tie it to other evidence — URLs and their hosts, e-mail
/// addresses, IPv4 addresses, user names in home paths, git commit hashes, GPU models — found
/// by patterns that run only when a cheap byte test says they may match (logs have millions of
/// lines).
///
/// ```swift
/// TextEntities.scan("cloned https://git.example.org/x at 3f2a…")   // a url, a host, …
/// ```
public enum TextEntities {
    /// An http(s) URL, up to white space or a quote.
    public static let url = try! NSRegularExpression(pattern: #"https?://[^\s"'<>]+"#)
    /// An e-mail address.
    public static let email = try! NSRegularExpression(pattern: #"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"#)
    private static let ipv4 = try! NSRegularExpression(
        pattern: #"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d.])"#)
    private static let home = try! NSRegularExpression(pattern: #"(?:/home|/Users)/([A-Za-z0-9._-]+)/"#)
    private static let gitHash = try! NSRegularExpression(pattern: #"(?<![0-9A-Za-z])[0-9a-f]{40}(?![0-9A-Za-z])"#)
    private static let gpu = try! NSRegularExpression(
        pattern: #"(?:NVIDIA |Tesla )?(?:GeForce RTX \d{4}(?: Ti)?|RTX A\d{4}|[ABHLV]\d{2,3}(?:[- ](?:SXM\d?|PCIe|NVL))?(?:[- ]\d{2,3}GB)?(?: HBM\d)?)(?![0-9A-Za-z])"#)

    /// The entities of `text`, in the order of the patterns, then of the text.
    public static func scan(_ text: String) -> [EntityRef] {
        let bytes = Array(text.utf8)
        var refs: [EntityRef] = []
        let range = NSRange(text.startIndex..., in: text)
        func matches(_ pattern: NSRegularExpression, group: Int = 0) -> [String] {
            pattern.matches(in: text, range: range).compactMap { Range($0.range(at: group), in: text).map { String(text[$0]) } }
        }
        if contains(bytes, "://") {
            for link in matches(url) {
                refs.append(EntityRef(kind: .url, value: link))
                if let host = URLComponents(string: link)?.host { refs.append(EntityRef(kind: .host, value: host, role: "url")) }
            }
        }
        if bytes.contains(UInt8(ascii: "@")) {
            refs += matches(email).map { EntityRef(kind: .email, value: $0) }
        }
        if bytes.lazy.filter({ $0 == UInt8(ascii: ".") }).count >= 3 {
            refs += matches(ipv4).map { EntityRef(kind: "ip_address", value: $0) }
        }
        if contains(bytes, "/home/") || contains(bytes, "/Users/") {
            refs += matches(home, group: 1).map { EntityRef(kind: "user", value: $0, role: "home_directory") }
        }
        if bytes.count >= 40, hasHexRun(bytes, length: 40) {
            refs += matches(gitHash).map { EntityRef(kind: "git_commit", value: $0) }
        }
        if contains(bytes, "NVIDIA") || contains(bytes, "GPU") || contains(bytes, "CUDA") || contains(bytes, "Tesla") {
            refs += matches(gpu).map { EntityRef(kind: "gpu_model", value: $0) }
        }
        return refs
    }

    /// Whether `bytes` contain `needle` (ASCII).
    public static func contains(_ bytes: [UInt8], _ needle: StaticString) -> Bool {
        let pattern = UnsafeRawBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard !pattern.isEmpty, bytes.count >= pattern.count else { return pattern.isEmpty }
        let first = pattern[0]
        var index = 0
        while index <= bytes.count - pattern.count {
            if bytes[index] == first {
                var same = true
                for offset in 1..<pattern.count where bytes[index + offset] != pattern[offset] {
                    same = false
                    break
                }
                if same { return true }
            }
            index += 1
        }
        return false
    }

    private static func hasHexRun(_ bytes: [UInt8], length: Int) -> Bool {
        var run = 0
        for byte in bytes {
            let hex = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66)
            run = hex ? run + 1 : 0
            if run >= length { return true }
        }
        return false
    }
}
