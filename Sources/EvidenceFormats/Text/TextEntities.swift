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
        var text = text
        let triggers = text.withUTF8 { Triggers(UnsafeRawBufferPointer($0)) }
        guard triggers.any else { return [] }
        var refs: [EntityRef] = []
        let range = NSRange(text.startIndex..., in: text)
        func matches(_ pattern: NSRegularExpression, group: Int = 0) -> [String] {
            pattern.matches(in: text, range: range).compactMap { Range($0.range(at: group), in: text).map { String(text[$0]) } }
        }
        if triggers.url {
            for link in matches(url) {
                refs.append(EntityRef(kind: .url, value: link))
                if let host = URLComponents(string: link)?.host { refs.append(EntityRef(kind: .host, value: host, role: "url")) }
            }
        }
        if triggers.email { refs += matches(email).map { EntityRef(kind: .email, value: $0) } }
        if triggers.ipv4 { refs += matches(ipv4).map { EntityRef(kind: "ip_address", value: $0) } }
        if triggers.home { refs += matches(home, group: 1).map { EntityRef(kind: "user", value: $0, role: "home_directory") } }
        if triggers.gitHash { refs += matches(gitHash).map { EntityRef(kind: "git_commit", value: $0) } }
        if triggers.gpu { refs += matches(gpu).map { EntityRef(kind: "gpu_model", value: $0) } }
        return refs
    }

    /// Which patterns may match: byte tests, so that most lines run no pattern at all.
    private struct Triggers {
        var url = false, email = false, ipv4 = false, home = false, gitHash = false, gpu = false
        var any: Bool { url || email || ipv4 || home || gitHash || gpu }

        init(_ bytes: UnsafeRawBufferPointer) {
            var dots = 0, hexRun = 0
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "@"): email = true
                case UInt8(ascii: "."): dots += 1
                default: break
                }
                let hex = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66)
                hexRun = hex ? hexRun + 1 : 0
                if hexRun >= 40 { gitHash = true }
            }
            ipv4 = dots >= 3
            url = ByteSearch.contains("://", in: bytes)
            home = ByteSearch.contains("/home/", in: bytes) || ByteSearch.contains("/Users/", in: bytes)
            gpu = ["NVIDIA", "GPU", "CUDA", "Tesla"].contains { ByteSearch.contains($0, in: bytes) }
        }
    }
}
