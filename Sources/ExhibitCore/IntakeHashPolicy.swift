/// When `exhibit add` hashes an original at intake, beside the walk that extracts it (which
/// hashes it too): the intake hash names the original early, so that its rows can be written
/// while it is walked and a duplicate is refused without being extracted.
public enum IntakeHashPolicy: Sendable {
    /// Once the walk, at its pace so far, has at least four times as long to go as hashing the
    /// file would take (decompression, many members); never for a fast walk.
    case paced
    /// At once, for every original.
    case always
    /// Never: every original is named by the walk's own hash and written after it.
    case never
}
