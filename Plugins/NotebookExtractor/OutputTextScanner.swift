import EvidenceFormats
import EvidenceKit
import Foundation

/// Scans output text — streams, plain-text results, tracebacks — line by line for what ties a
/// notebook to a machine and a time: times at the start of lines (events), paths that carry a
/// user name, host names in prompts and logs, GPU models (`nvidia-smi` tables, device names),
/// driver, CUDA and package versions, credentials. Each value is reported once per notebook,
/// where it is first seen.
final class OutputTextScanner {
    private let sink: any FindingSink
    private var seen: Set<String> = []
    private var timeEvents = 0
    /// Output-time events per notebook: a log printed into a cell can have millions of lines.
    static let maxTimeEvents = 10_000

    init(sink: any FindingSink) {
        self.sink = sink
    }

    private static func regex(_ pattern: String) -> NSRegularExpression { try! NSRegularExpression(pattern: pattern) }
    private static let userPath = regex(#"(?:/home|/Users)/([A-Za-z0-9._-]+)(?:/[^\s'"(),:;\]]*)?|[A-Za-z]:\\Users\\([^\\\s'"]+)(?:\\[^\s'"]*)?"#)
    private static let prompt = regex(#"\b([a-z_][a-z0-9_.-]*)@([A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*):[~/]"#)
    private static let hostLabel = regex(#"(?i)\b(?:hostname|host name|node name|running on host|host)\s*[:=]\s*([A-Za-z0-9][A-Za-z0-9.-]{0,253})"#)
    private static let gpu = regex(#"\b((?:NVIDIA|Tesla|Quadro|GeForce|AMD Instinct|Radeon)(?: [A-Z0-9][A-Za-z0-9-]*)+)"#)
    private static let driver = regex(#"Driver Version:\s*([0-9][0-9.]*)\s+CUDA Version:\s*([0-9][0-9.]*)"#)
    private static let versionLine = regex(#"^\s*([A-Za-z][A-Za-z0-9_-]*)(?:\.__version__)?\s*(?:version)?\s*[:=]?\s+v?([0-9]+\.[0-9]+[A-Za-z0-9.+-]*)\s*$"#)
    private static let freezeLine = regex(#"^\s*([A-Za-z][A-Za-z0-9_.-]*)==([0-9][A-Za-z0-9.+!-]*)\s*$"#)

    /// `text` with ANSI colour sequences (IPython's tracebacks) removed.
    static func withoutANSI(_ text: String) -> String {
        guard text.contains("\u{1B}") else { return text }
        return text.replacingOccurrences(of: "\u{1B}\\[[0-9;]*[A-Za-z]", with: "", options: .regularExpression)
    }

    func scan(_ text: String, at locator: Locator) {
        // tqdm redraws with carriage returns: each redraw is a line.
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            scanLine(String(line), at: locator)
        }
    }

    private func scanLine(_ line: String, at locator: Locator) {
        let bytes = Array(line.utf8)
        if timeEvents < Self.maxTimeEvents, case .complete(let time)? = TimestampParser.find(in: bytes)?.reading {
            timeEvents += 1
            let quoted = SecretScanner.masked(String(line.prefix(1000)))
            sink.emit(Finding("notebook.output_time", summary: String(quoted.prefix(200)),
                              attributes: ["line": .string(quoted), "zone_source": .string(time.zone.rawValue)],
                              at: locator, timestamp: time))
        }
        userPaths(line, bytes: bytes, at: locator)
        if bytes.contains(UInt8(ascii: "@")) {
            for match in matches(Self.prompt, line) { host(match[2] ?? "", user: match[1], how: "prompt", at: locator) }
        }
        if ByteSearch.contains(Array(line.lowercased().utf8), Array("host".utf8)) || ByteSearch.contains(bytes, Array("node".utf8)) {
            for match in matches(Self.hostLabel, line) { host(match[1] ?? "", user: nil, how: "label", at: locator) }
        }
        for marker in ["NVIDIA", "Tesla", "Quadro", "GeForce", "Radeon", "AMD Instinct"] where ByteSearch.contains(bytes, Array(marker.utf8)) {
            gpus(line, at: locator)
            break
        }
        packages(line, bytes: bytes, at: locator)
        for finding in SecretScanner.findings(key: "", value: line, pointer: locator.jsonPointer ?? "", at: locator) {
            guard case .string(let digest)? = finding.attributes["sha256"] else { continue }
            once("secret \(digest)") { finding }
        }
    }

    /// Paths under a user's home (`/home/USER`, `/Users/USER`, `C:\\Users\\USER`) in `line`, which
    /// may be output text or a string in a code cell.
    func userPaths(_ line: String, bytes: [UInt8], at locator: Locator) {
        guard ByteSearch.contains(bytes, Array("/home/".utf8)) || ByteSearch.contains(bytes, Array("/Users/".utf8))
            || ByteSearch.contains(bytes, Array(":\\Users\\".utf8)) else { return }
        for match in matches(Self.userPath, line) {
            let user = match[1] ?? match[2] ?? ""
            once("path \(match[0] ?? "")") {
                Finding("environment.user_path", summary: "a path of user \(user): \(match[0] ?? "")",
                        attributes: ["path": .string(match[0] ?? ""), "user": .string(user)], at: locator,
                        mentions: [EntityRef(kind: "user_account", value: user, role: "path")])
            }
        }
    }

    private func host(_ name: String, user: String?, how: String, at locator: Locator) {
        guard name.count > 1, name.contains(where: \.isLetter) else { return }
        once("host \(name)") {
            var attributes: [String: Value] = ["host": .string(name), "seen_in": .string(how)]
            attributes["user"] = user.map(Value.string)
            var mentions = [EntityRef(kind: .host, value: name, role: how)]
            if let user { mentions.append(EntityRef(kind: "user_account", value: user, role: how)) }
            return Finding("environment.host", summary: "host \(name)" + (user.map { " (user \($0))" } ?? ""),
                           attributes: attributes, at: locator, mentions: mentions)
        }
    }

    private func gpus(_ line: String, at locator: Locator) {
        for match in matches(Self.gpu, line) {
            var model = match[1] ?? ""
            for suffix in [" On", " Off", " Corporation"] where model.hasSuffix(suffix) { model = String(model.dropLast(suffix.count)) }
            guard model.contains(where: \.isNumber), !model.hasSuffix("Corporation") else { continue }
            once("gpu \(model)") {
                Finding("environment.gpu", summary: "GPU \(model)", attributes: ["model": .string(model)], at: locator,
                        mentions: [EntityRef(kind: "hardware", value: model, role: "gpu")])
            }
        }
        for match in matches(Self.driver, line) {
            for (name, version) in [("nvidia-driver", match[1]), ("cuda", match[2])] {
                guard let version else { continue }
                let requirement = PackageRequirement(name: name, specifier: "==" + version, version: version)
                once("package \(name) \(version)") { requirement.finding(source: "nvidia-smi", at: locator) }
            }
        }
    }

    private func packages(_ line: String, bytes: [UInt8], at locator: Locator) {
        var found: [(PackageRequirement, String)] = []
        if let range = line.range(of: "Successfully installed ") {
            found += line[range.upperBound...].split(separator: " ").compactMap { PackageRequirement.parseInstalled(String($0)) }
                .map { ($0, "pip output") }
        } else if bytes.count < 160 {
            for match in matches(Self.freezeLine, line) {
                found.append((PackageRequirement(name: match[1] ?? "", specifier: "==" + (match[2] ?? ""), version: match[2]), "pip freeze"))
            }
            for match in matches(Self.versionLine, line) where MLVocabulary.mlPackages.contains((match[1] ?? "").lowercased()) {
                found.append((PackageRequirement(name: match[1] ?? "", specifier: "==" + (match[2] ?? ""), version: match[2]), "printed version"))
            }
        }
        for (requirement, source) in found {
            once("package \(requirement.name) \(requirement.version ?? "")") { requirement.finding(source: source, at: locator) }
        }
    }

    private func once(_ key: String, _ finding: () -> Finding) {
        guard seen.insert(key).inserted else { return }
        sink.emit(finding())
    }

    /// Each match's groups (the whole match first), `nil` for a group that did not take part.
    private func matches(_ regex: NSRegularExpression, _ line: String) -> [[String?]] {
        regex.matches(in: line, range: NSRange(line.startIndex..., in: line)).map { match in
            (0..<match.numberOfRanges).map { Range(match.range(at: $0), in: line).map { String(line[$0]) } }
        }
    }
}
