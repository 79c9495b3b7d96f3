import Crypto
import ExhibitFoundation
import Foundation

/// One file of the bag with its size and both digests, as the manifests list it.
package struct BagFile: Sendable, Hashable {
    /// The path inside the bag, `/`-separated (`data/graph/graph.json`).
    package let path: String
    package let size: Int64
    package let sha256: String
    package let sha512: String

    package init(path: String, data: Data) {
        self.path = path
        size = Int64(data.count)
        sha256 = Self.hex(SHA256.hash(data: data))
        sha512 = Self.hex(SHA512.hash(data: data))
    }

    package init(path: String, size: Int64, sha256: String, sha512: String) {
        self.path = path
        self.size = size
        self.sha256 = sha256
        self.sha512 = sha512
    }

    package static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        Hex.encode(digest)
    }

    /// A manifest's text: `<digest>  <path>` lines sorted by path bytes, as sha256sum -c reads them.
    package static func manifest(_ files: [BagFile], algorithm: BagAlgorithm) -> Data {
        let lines = files.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
            .map { "\(algorithm == .sha256 ? $0.sha256 : $0.sha512)  \($0.path)\n" }
        return Data(lines.joined().utf8)
    }
}

/// The two digest algorithms of the bag.
package enum BagAlgorithm: String, CaseIterable, Sendable {
    case sha256, sha512
}
