import Foundation

/// What the code extractor says of a problem, in one voice.
enum CodeExtractorError: Error, LocalizedError, Sendable, Equatable {
    /// NUL bytes: not source text (declined).
    case binary
    /// No language from the name or a `#!` line (declined).
    case unknownLanguage(String)
    /// UTF-16 source: warned, not fingerprinted.
    case wideText

    var errorDescription: String? {
        switch self {
        case .binary: return "NUL bytes in the first 8 KiB: binary, not source code"
        case .unknownLanguage(let name): return "\(name): no source language from its name or a #! line"
        case .wideText:
            return "UTF-16 source (a byte-order mark): not fingerprinted, since its tokens would not match the same code in UTF-8; convert it and add the copy to compare it"
        }
    }
}
