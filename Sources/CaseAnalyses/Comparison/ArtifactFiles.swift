import CaseStore

/// Files holding artifacts' bytes as intake hashed them, for the methods that read bytes back
/// (tensors, vocabularies, text): an original added as a file is its own; a member of an archive
/// needs a copy made again, which the host provides (`MemberCopies` in ExhibitCore).
public protocol ArtifactFiles: AnyObject {
    /// A file holding `artifact`'s bytes; throws why there is none.
    func path(of artifact: ArtifactRecord, in view: any CaseView) throws -> String
    /// Makes the files of `artifacts` ahead of ``path(of:in:)``, each container read once for all
    /// its members wanted.
    func prepare(_ artifacts: [ArtifactRecord], in view: any CaseView)
}
