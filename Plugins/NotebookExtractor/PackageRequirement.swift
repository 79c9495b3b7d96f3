import Foundation
import EvidenceFormats
import EvidenceKit

/// A package a notebook installs or reports — `trl==0.14` on a `pip install` line, `trl-0.14.0`
/// in pip's "Successfully installed" output, `trl==0.14.0` in `pip freeze` — as an
/// `environment.package` finding naming the package (and its version, when pinned).
struct PackageRequirement: Equatable {
    let name: String
    /// The version constraint as written (`==0.14`, `>=4.46`), or empty.
    let specifier: String
    /// The exact version, when one is pinned or reported.
    let version: String?

    private static let operators = ["===", "==", ">=", "<=", "~=", "!=", ">", "<"]

    /// A requirement as pip reads one (`name[extra]==1.2`), or `nil` for an option, a path or a URL.
    static func parse(_ word: String) -> PackageRequirement? {
        let text = word.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        guard let first = text.unicodeScalars.first, CharacterSet.letters.contains(first), !text.contains("://"),
              !text.contains("/") else { return nil }
        var nameEnd = text.endIndex
        for op in operators + ["[", "@", ";"] {
            if let range = text.range(of: op), range.lowerBound < nameEnd { nameEnd = range.lowerBound }
        }
        let name = String(text[..<nameEnd]).trimmingCharacters(in: .whitespaces)
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) else { return nil }
        var rest = String(text[nameEnd...])
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") { rest = String(rest[rest.index(after: close)...]) }
        let specifier = rest.trimmingCharacters(in: .whitespaces)
        let version = specifier.hasPrefix("==") && !specifier.contains(",") ? String(specifier.dropFirst(2)) : nil
        return PackageRequirement(name: name, specifier: specifier, version: version)
    }

    /// `trl-0.14.0` as pip's "Successfully installed" line writes a package.
    static func parseInstalled(_ word: String) -> PackageRequirement? {
        guard let dash = word.lastIndex(of: "-"), word[word.index(after: dash)...].first?.isNumber == true else { return nil }
        let version = String(word[word.index(after: dash)...])
        return PackageRequirement(name: String(word[..<dash]), specifier: "==" + version, version: version)
    }

    /// The finding, from `source` (`pip install`, `pip output`, `nvidia-smi`, …).
    func finding(source: String, at locator: Locator, line: Int? = nil) -> Finding {
        var attributes: [String: Value] = ["package": .string(name), "source": .string(source)]
        if !specifier.isEmpty { attributes["specifier"] = .string(specifier) }
        attributes["version"] = version.map(Value.string)
        attributes["source_line"] = line.map { .integer(Int64($0)) }
        attributes["ml_package"] = .bool(MLVocabulary.mlPackages.contains(name.lowercased()))
        return Finding("environment.package", summary: "\(name)\(specifier) (\(source))", attributes: attributes, at: locator,
                       mentions: [EntityRef(kind: .softwarePackage, value: version.map { "\(name)==\($0)" } ?? name, role: source)])
    }
}
