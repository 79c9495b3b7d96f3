import Foundation

/// Exhibit file names in the payload: `EX-0001-` and the original's name with every character
/// outside `A–Z a–z 0–9 . _ -` replaced by `_`, so that no validator disagrees about them
/// (no `%`, CR, LF, spaces or non-ASCII).
enum PayloadName {
    static func make(exhibit: String, name: String) -> String {
        let safe = String(name.unicodeScalars.map { scalar -> Character in
            let allowed = (scalar.value < 128) && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar))
            return allowed ? Character(scalar) : "_"
        })
        let trimmed = safe.drop { $0 == "." }
        return exhibit + "-" + (trimmed.isEmpty ? "original" : String(trimmed.prefix(200)))
    }
}
