import Crypto
import Foundation

extension SHA256 {
    /// The digest of what was fed, as lowercase hex.
    func hexDigest() -> String {
        finalize().map { String(format: "%02x", $0) }.joined()
    }
}
