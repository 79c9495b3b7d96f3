import CaseStore

/// Which party produced each exhibit (`unassigned` when none was given).
struct PartyOfExhibit {
    private let party: [String: String]

    init(_ view: any CaseView) throws {
        party = Dictionary(try view.originals().map { ($0.exhibit, $0.party ?? "unassigned") },
                           uniquingKeysWith: { first, _ in first })
    }

    /// The party of `exhibit`.
    func of(_ exhibit: String) -> String { party[exhibit] ?? "unassigned" }

    /// The parties of `exhibits`, each once, sorted by their bytes.
    func of(_ exhibits: [String]) -> [String] {
        Set(exhibits.map { party[$0] ?? "unassigned" }).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
