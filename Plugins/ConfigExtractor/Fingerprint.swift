import EvidenceFormats
import Crypto
import Foundation

/// SHA-256 as lower-case hex: fingerprints, masked secrets, chat templates, vocabularies.
enum Fingerprint {
    static func sha256(_ text: String) -> String {
        hex(SHA256.hash(data: Data(text.utf8)))
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        LowerHex.text(digest)
    }
}
