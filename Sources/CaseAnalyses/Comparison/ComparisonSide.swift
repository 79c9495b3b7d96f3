import CaseStore
import EvidenceKit

/// One side of a comparison, as `exhibit compare --left` and `--right` name it: a party (every
/// exhibit it produced), an exhibit number (`EX-0003`), or an artifact id (that artifact and
/// everything read from inside it).
public struct ComparisonSide: Sendable, Hashable {
    /// What a side's name turned out to be.
    public enum Kind: String, Sendable {
        case party, exhibit, artifact
    }

    /// The name as given.
    public let name: String
    public let kind: Kind
    /// The exhibits the side draws from.
    public let exhibits: Set<String>
    /// For an artifact: its evidence path, as text; findings and artifacts at it or inside it belong.
    let within: String?

    /// Resolves `name` against the case: a party first, then an exhibit number, then an artifact id.
    public static func resolve(_ name: String, in view: any CaseReading) throws -> ComparisonSide {
        let originals = try view.originals()
        let ofParty = Set(originals.filter { $0.party == name }.map(\.exhibit))
        if !ofParty.isEmpty { return ComparisonSide(name: name, kind: .party, exhibits: ofParty, within: nil) }
        if originals.contains(where: { $0.exhibit == name }) {
            return ComparisonSide(name: name, kind: .exhibit, exhibits: [name], within: nil)
        }
        var found: ArtifactRecord?
        try view.forEachArtifact { artifact in
            if found == nil, artifact.id == name { found = artifact }
        }
        if let artifact = found {
            return ComparisonSide(name: name, kind: .artifact, exhibits: [artifact.exhibit], within: artifact.evidencePath)
        }
        let parties = Set(originals.compactMap(\.party)).sorted()
        throw CaseAnalysesError.unknownSide(name: name, parties: parties)
    }

    /// Whether something of `exhibit` at `evidencePath` is on this side.
    public func holds(exhibit: String, evidencePath: String) -> Bool {
        guard exhibits.contains(exhibit) else { return false }
        guard let within else { return true }
        return evidencePath == within || evidencePath.hasPrefix(within + EvidencePath.separator)
    }

    /// Whether the two sides share anything (the same side twice is a self-comparison, allowed).
    func overlaps(_ other: ComparisonSide) -> Bool {
        guard !exhibits.isDisjoint(with: other.exhibits) else { return false }
        switch (within, other.within) {
        case (nil, _), (_, nil): return true
        case let (mine?, theirs?):
            return mine == theirs || mine.hasPrefix(theirs + EvidencePath.separator) || theirs.hasPrefix(mine + EvidencePath.separator)
        }
    }
}
