import Foundation

/// Where an extractor reports what it finds.
///
/// The host owns the sink; an extractor only calls ``emit(_:)``. Findings keep the order in
/// which they are emitted, and that order is part of their identity, so emit deterministically.
public protocol FindingSink: AnyObject {
    /// Records one finding about the artifact being extracted.
    func emit(_ finding: Finding)
}

extension FindingSink {
    /// Records a recoverable problem: a warning finding with its place, extraction goes on.
    ///
    /// ```swift
    /// sink.warn("line 7 is not valid JSON", at: Locator(line: 7))
    /// ```
    public func warn(_ summary: String, at locator: Locator = .whole, attributes: [String: Value] = [:]) {
        emit(Finding(.extractionWarning, severity: .warning, summary: summary,
                     attributes: attributes, at: locator))
    }

    /// Records that a resource limit stopped part of the work: what was skipped and why.
    public func limitation(_ summary: String, limit: String, at locator: Locator = .whole) {
        emit(Finding(.limitation, severity: .warning, summary: summary,
                     attributes: ["limit": .string(limit)], at: locator))
    }
}
