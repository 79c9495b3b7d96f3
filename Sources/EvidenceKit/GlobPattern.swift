import Foundation

/// A shell-style pattern with `*` (any run) and `?` (one byte), matched on UTF-8 bytes without
/// backtracking blow-up: one remembered `*` at a time, so the work is linear per `*`.
struct GlobPattern: Sendable, Hashable {
    private let pattern: [UInt8]

    init(_ pattern: String) {
        self.pattern = Array(pattern.utf8)
    }

    func matches(_ text: String) -> Bool {
        matches(Array(text.utf8))
    }

    func matches(_ text: [UInt8]) -> Bool {
        let star = UInt8(ascii: "*"), any = UInt8(ascii: "?")
        var p = 0, t = 0
        var starIndex: Int?, resume = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == any || pattern[p] == text[t] {
                p += 1; t += 1
            } else if p < pattern.count, pattern[p] == star {
                starIndex = p; resume = t; p += 1
            } else if let starAt = starIndex {
                p = starAt + 1; resume += 1; t = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == star { p += 1 }
        return p == pattern.count
    }
}
