/// Names for members that are no entry of the archive: data before an archive's start or after
/// its end, which the extractor hands to the host as members so they are hashed and recognized.
///
/// Such a name is written in angle brackets and says what it is and where:
/// `<data after the archive at 10240>` (an offset of the stream the archive is read from — the
/// decompressed one, for a compressed archive), `<data after the gzip stream at 1419>`,
/// `<data before the archive at 0>`; an entry whose name is empty is `<entry 3 with an empty
/// name>`. An archive may hold an entry with that very name, so a
/// name already taken by an entry of the same archive gets ` (2)`, ` (3)`, … until it is free:
/// an evidence path never leads to two members.
enum SyntheticMemberName {
    /// `<what at offset>`, made unique by `isTaken`.
    static func make(_ what: String, at offset: Int64, isTaken: ([UInt8]) -> Bool) -> String {
        make("\(what) at \(offset)", isTaken: isTaken)
    }

    /// `<text>`, made unique by `isTaken`.
    static func make(_ text: String, isTaken: ([UInt8]) -> Bool) -> String {
        let base = "<\(text)>"
        var name = base
        var occurrence = 2
        while isTaken(Array(name.utf8)) {
            name = "\(base) (\(occurrence))"
            occurrence += 1
        }
        return name
    }
}
