import EvidenceFormats
import Crypto
import Foundation

extension SHA256 {
    /// The digest of what was fed, as lowercase hex.
    func hexDigest() -> String {
        LowerHex.text(finalize())
    }
}
