/// Which of the registered extractors a run uses: `--extractors ID,ID` (only these) and
/// `--without ID` (all but these). Ids are checked against the registry, former ids included.
public struct ExtractorSelection: Sendable, Hashable {
    /// Only these, if given.
    public var only: [String]?
    /// Never these.
    public var without: [String]

    public init(only: [String]? = nil, without: [String] = []) {
        self.only = only
        self.without = without
    }

    /// Every registered extractor.
    public static let all = ExtractorSelection()
}
