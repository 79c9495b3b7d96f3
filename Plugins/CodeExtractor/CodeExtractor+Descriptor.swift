import EvidenceFormats
import EvidenceKit

extension CodeExtractor {
    public static let descriptor = ExtractorDescriptor(
        id: "code",
        version: "1.0.0",
        summary: "Source code and scripts: winnowed fingerprints over normalized tokens, with the lines each covers",
        rationale: """
            Streams a source file in flat memory and fingerprints it as MOSS does (winnowing, Schleimer, Wilkerson \
            and Aiken 2003): the text is cut into tokens with whitespace and comments dropped, every name that is not \
            a keyword of its language made one placeholder (renaming variables changes nothing), strings reduced to \
            their content whatever their quotes, numbers lower-cased, a trailing comma before a closing bracket \
            dropped; each run of 12 tokens is hashed (64-bit FNV-1a and SplitMix64, the same on every machine), and in \
            every window of 12 runs the smallest hash is kept, with the lines its run covers. Two files sharing 23 \
            tokens in a row share a fingerprint; runs under 12 tokens never match. The fingerprints are facts about \
            the file; compare.code matches them across parties. The language is the file name's extension's, or an \
            extensionless script's #! line's. It does not see: what the code does, code generated or compiled from \
            it, text in a language it does not list (declined), UTF-16 source (a warning), or similarity below 12 \
            tokens in a row. Nothing in a file is ever run, imported or evaluated.
            """,
        accepts: Acceptance(namePatterns: SourceLanguage.extensions.values.flatMap { $0 }.sorted().map { "*.\($0)" },
                            mediaTypes: ["text/x-python", "text/x-shellscript", "text/x-c", "text/x-c++", "text/javascript"]),
        findingKinds: [
            .detail("code.fingerprints", "a source file's winnowed fingerprints: language, lines, tokens, recipe, and each fingerprint with its lines"),
        ],
        examples: examples)
}
