import Foundation

/// What the command line itself reports, in one voice.
enum CLIError: Error, LocalizedError {
    /// Some paths could not be acquired; each was reported on its own line.
    case someFailed(count: Int)
    case output(path: String, reason: String)
    case scratch(path: String, reason: String)
    /// The finding has no series (of that name), or several where one is needed.
    case noSeries(finding: String, names: [String])
    case damagedSeries(id: String, path: String)
    /// Arguments that name nothing this program has.
    case usage(String)
    /// `extractors --check` found extractors that do not hold to their descriptors.
    case checkFailed(count: Int)

    var errorDescription: String? {
        switch self {
        case .someFailed(let count):
            return "\(count) path\(count == 1 ? "" : "s") could not be acquired (see above)"
        case .output(let path, let reason):
            return "cannot write output: \(reason) (\(path))"
        case .scratch(let path, let reason):
            return "cannot make a temporary folder: \(reason) (\(path))"
        case .noSeries(let finding, let names):
            return names.isEmpty ? "the finding has no series (\(finding))"
                : "the finding has series \(names.joined(separator: ", ")); name one with --name (\(finding))"
        case .damagedSeries(let id, let path):
            return "series \(id) does not hold packed points; run `exhibit check` (\(path))"
        case .usage(let message):
            return message
        case .checkFailed(let count):
            return "\(count) problem\(count == 1 ? "" : "s") found in the external extractors (see above)"
        }
    }

    var exitCode: Int32 {
        switch self {
        case .someFailed: return 2
        case .output, .scratch, .noSeries, .damagedSeries, .checkFailed: return 1
        case .usage: return 64
        }
    }
}
