import Foundation

/// An extractor that can tell its format from the first bytes more surely than magic bytes or a
/// name can: a Jupyter notebook and a JSON config both start with `{`, but only a notebook has
/// `"nbformat"` and `"cells"` at its top level. A content test ranks above every signature and
/// name (``MatchStrength/content``), so the specific extractor is offered the artifact before a
/// generic reader.
///
/// The test must be cheap (it runs for every artifact whose head it is shown), must not allocate
/// in proportion to the head, and must be sure: claiming an artifact that is not the format takes
/// it from the extractor that would have read it (it is offered back only if ``Extractor/extract``
/// then declines before reading past the head).
///
/// ```swift
/// extension NotebookExtractor: ContentRecognizing {
///     static func claims(head: Data, name: String) -> Bool {
///         head.range(of: Data("\"nbformat\"".utf8)) != nil && head.range(of: Data("\"cells\"".utf8)) != nil
///     }
/// }
/// ```
public protocol ContentRecognizing: Extractor {
    /// Whether `head` (the first 64 KiB, or all of a shorter artifact) is certainly this
    /// extractor's format; `name` is the artifact's file name.
    static func claims(head: Data, name: String) -> Bool
}
