import EvidenceFormats
import Crypto
import Foundation

/// SHA-256 as lower-case hex: fingerprints, masked secrets, chat templates.
enum Fingerprint {
    static func sha256(_ text: String) -> String {
        LowerHex.text(SHA256.hash(data: Data(text.utf8)))
    }
}
