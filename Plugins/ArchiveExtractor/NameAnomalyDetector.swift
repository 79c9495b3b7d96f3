import Crypto
import EvidenceKit
import Foundation

/// Finds member names an examiner must know about: paths that escape the archive — by their
/// own name, through a link's target, or through a symbolic link an earlier entry made — names
/// that repeat, or that collide once case or Unicode normalization is ignored (on a
/// case-insensitive or normalizing file system, one member silently replaces another).
struct NameAnomalyDetector {
    /// One anomaly: a stable identifier and a sentence.
    struct Anomaly {
        let kind: String
        let detail: String
    }

    // Every name of the archive is remembered as a ``NameKey`` (128 bits of its SHA-256), never
    // as text: memory stays a few dozen bytes a member however long the names (100,000 crafted
    // members with 4 KiB names would otherwise hold gigabytes), and no crafted name can collide
    // with another to fake or hide a finding. `exact` holds every name; `folded` and
    // `normalized` only names that case folding or NFC changes (in a code drop, hardly any):
    // a name they leave alone is found in `exact`.
    private var exact: [NameKey: Int] = [:]
    private var folded: [NameKey: Int] = [:]
    private var normalized: [NameKey: (raw: NameKey, index: Int)] = [:]
    /// Symbolic links seen so far, by name (without trailing slashes): an entry whose path
    /// passes through one is written wherever the link points when extracted.
    private var symlinks: [NameKey: Int] = [:]

    /// Whether an entry already has exactly this name.
    func isTaken(_ raw: [UInt8]) -> Bool {
        exact[NameKey(raw)] != nil
    }

    mutating func inspect(_ member: Member) -> [Anomaly] {
        var found: [Anomaly] = []
        let path = member.path
        let raw = member.rawPath
        // Most names are ASCII: then case folding is a byte operation and NFC changes nothing,
        // and Foundation's Unicode machinery (microseconds a name) is not needed.
        let isASCII = raw.allSatisfy { $0 < 0x80 }
        if Self.hasParentComponent(raw) {
            found.append(Anomaly(kind: "path_traversal", detail: "name climbs out of the archive with '..': \(path)"))
        }
        if raw.first == UInt8(ascii: "/") || raw.first == UInt8(ascii: "\\") || Self.hasDriveLetter(raw) {
            found.append(Anomaly(kind: "absolute_path", detail: "absolute name: \(path)"))
        }
        if let controls = Self.controlCharacters(raw, path: path, isASCII: isASCII) {
            found.append(Anomaly(kind: "control_characters",
                                 detail: "name holds \(controls), which can hide or disguise it when shown: \(path)"))
        }
        if !isASCII, String(validating: raw, as: UTF8.self) == nil {
            found.append(Anomaly(kind: "non_utf8_name", detail: "name is not valid UTF-8 (shown with U+FFFD): \(path)"))
        }
        let key = NameKey(raw)
        if let first = exact[key] {
            found.append(Anomaly(kind: "duplicate_name", detail: "same name as entry \(first): \(path)"))
        } else {
            exact[key] = member.entryIndex
            let lowered = isASCII ? raw.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 } : Array(path.lowercased().utf8)
            let caseFolded = lowered == raw ? key : NameKey(lowered)
            if let other = folded[caseFolded] ?? (caseFolded != key ? exact[caseFolded] : nil) {
                found.append(Anomaly(kind: "case_collision", detail: "differs only by case from entry \(other): \(path)"))
            } else if caseFolded != key {
                folded[caseFolded] = member.entryIndex
            }
            let nfc = isASCII ? key : NameKey(Array(path.precomposedStringWithCanonicalMapping.utf8))
            if let other = normalized[nfc].map({ $0.raw != key ? $0.index : nil })
                ?? (nfc != key ? exact[nfc] : nil) {
                found.append(Anomaly(kind: "unicode_normalization_collision",
                                     detail: "same as entry \(other) after Unicode normalization (NFC): \(path)"))
            } else if nfc != key, normalized[nfc] == nil {
                normalized[nfc] = (key, member.entryIndex)
            }
        }
        found += linkAnomalies(member)
        if let link = symlinkOnPath(raw) {
            found.append(Anomaly(kind: "path_through_symlink",
                                 detail: "\(path) passes through the symbolic link of entry \(link): extracted, it lands where that link points"))
        }
        if member.type == .symlink {
            var end = raw.count
            while end > 1, raw[end - 1] == UInt8(ascii: "/") { end -= 1 }
            symlinks[NameKey(Array(raw[..<end]))] = member.entryIndex
        }
        if let mode = member.mode, mode & 0o6000 != 0, member.type == .file {
            found.append(Anomaly(kind: "setuid_or_setgid", detail: "mode \(String(mode, radix: 8)): \(path)"))
        }
        if [.characterDevice, .blockDevice, .fifo, .socket].contains(member.type) {
            found.append(Anomaly(kind: "special_file", detail: "\(member.type.rawValue) entry: \(path)"))
        }
        return found
    }

    /// The control characters of a name, named (`U+001B, U+202E RIGHT-TO-LEFT OVERRIDE`), or `nil`:
    /// C0 and C1 controls and DEL (a terminal escape, a line break that makes one name look like
    /// two records) and the Unicode bidirectional controls (`invoice\u{202E}fdp.exe` is shown
    /// as `invoiceexe.pdf`).
    static func controlCharacters(_ raw: [UInt8], path: String, isASCII: Bool) -> String? {
        if isASCII, !raw.contains(where: { $0 < 0x20 || $0 == 0x7F }) { return nil }
        var seen: [Unicode.Scalar] = []
        for scalar in path.unicodeScalars where isControl(scalar) && !seen.contains(scalar) {
            seen.append(scalar)
        }
        guard !seen.isEmpty else { return nil }
        let named = seen.prefix(5).map { scalar -> String in
            let code = "U+" + String(repeating: "0", count: max(0, 4 - String(scalar.value, radix: 16).count))
                + String(scalar.value, radix: 16, uppercase: true)
            return scalar.properties.isBidiControl ? code + " " + (scalar.properties.name ?? "bidirectional control") : code
        }
        return (seen.count == 1 ? "the control character " : "control characters ") + named.joined(separator: ", ")
            + (seen.count > 5 ? " and \(seen.count - 5) more" : "")
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.properties.isBidiControl
    }

    /// A `..` component, between `/` or `\\` separators (or the ends of the name).
    private static func hasParentComponent(_ raw: [UInt8]) -> Bool {
        var start = 0
        for index in 0...raw.count {
            if index == raw.count || raw[index] == UInt8(ascii: "/") || raw[index] == UInt8(ascii: "\\") {
                if index - start == 2, raw[start] == UInt8(ascii: "."), raw[start + 1] == UInt8(ascii: ".") { return true }
                start = index + 1
            }
        }
        return false
    }

    /// `C:\` or `C:/` at the start of a name.
    private static func hasDriveLetter(_ raw: [UInt8]) -> Bool {
        raw.count >= 3 && ((raw[0] | 0x20) >= UInt8(ascii: "a") && (raw[0] | 0x20) <= UInt8(ascii: "z"))
            && raw[1] == UInt8(ascii: ":") && (raw[2] == UInt8(ascii: "/") || raw[2] == UInt8(ascii: "\\"))
    }

    /// A symbolic link's target is resolved from the link's folder; a hard link's names another
    /// entry from the archive's root (as tar and cpio store them). Either may point outside.
    private func linkAnomalies(_ member: Member) -> [Anomaly] {
        guard let target = member.linkTarget, member.type == .symlink || member.type == .hardlink else { return [] }
        let kind = member.type == .symlink ? "symlink" : "hardlink"
        if target.hasPrefix("/") || Self.hasDriveLetter(Array(target.utf8)) {
            return [Anomaly(kind: "\(kind)_absolute", detail: "link \(member.path) points outside: \(target)")]
        }
        if escapes(target, from: member.type == .symlink ? member.path : "") {
            return [Anomaly(kind: "\(kind)_escapes", detail: "link \(member.path) climbs out of the archive: \(target)")]
        }
        return []
    }

    /// The entry index of a symbolic link that a folder of `raw` names, if one does. Each
    /// folder prefix is hashed as the name is read once (SHA-256 state copied at each `/`), so
    /// a deep name costs one pass, not one hash per folder.
    private func symlinkOnPath(_ raw: [UInt8]) -> Int? {
        guard !symlinks.isEmpty else { return nil }
        var hasher = SHA256()
        var start = 0
        for index in raw.indices where raw[index] == UInt8(ascii: "/") && index > 0 {
            hasher.update(data: raw[start..<index])
            start = index
            if let link = symlinks[NameKey(hasher)] { return link }
        }
        return nil
    }

    /// Whether a relative link target, resolved from the folder of `path`, leaves the root.
    private func escapes(_ target: String, from path: String) -> Bool {
        var depth = max(0, path.split(separator: "/").count - 1)
        for component in target.split(separator: "/") {
            if component == ".." { depth -= 1 } else if component != "." { depth += 1 }
            if depth < 0 { return true }
        }
        return false
    }
}
