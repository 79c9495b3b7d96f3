/// Public tokenizers as compact sketches: the panel a vocabulary match is read against
/// (``TokenizerComparison``), so "identical vocabulary" is weighed by how many public models share
/// it. Each entry is the MinHash sketch (recipe `exhibit-vocab-sketch-v1`) of the public file named
/// in `source`, computed by Exhibit itself from that file (`scripts/tokenizer_panel.py`); the
/// files are not shipped. Not a random sample of public tokenizers: it says that a vocabulary is
/// public, never that one is not. Change ``version`` with any change to an entry.
struct PublicTokenizers {
    struct Tokenizer: Sendable {
        /// The tokenizer's public name (and the models known to use it).
        let name: String
        /// Where the file was read: repository, path and commit.
        let source: String
        let vocabularySize: Int
        let spelling: String
        /// The 256 smallest hashes of its normalized tokens, as 16-digit hex.
        let tokenSketch: [String]
    }

    static let version = "0.0.0"
    static let recipe = "exhibit-vocab-sketch-v1"

    static let tokenizers: [Tokenizer] = [
    ]
}
