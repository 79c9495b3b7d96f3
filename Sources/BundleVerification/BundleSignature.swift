import Crypto
import Foundation

/// The bundle's `signatures/` tag folder, outside the manifests so the signature does not sign
/// itself: a raw Ed25519 signature over `tagmanifest-sha256.txt` (for `openssl pkeyutl`), the
/// same attestation as an in-toto Statement v1 in a DSSE envelope, and the public key.
package enum BundleSignature {
    package static let folder = "signatures"
    package static let rawSignature = "signatures/tagmanifest-sha256.txt.sig"
    package static let envelope = "signatures/statement.dsse.json"
    package static let publicKey = "signatures/examiner.pub"
    package static let files: Set<String> = [rawSignature, envelope, publicKey]
    package static let predicateType = "urn:exhibit:predicate:tribunal-bundle:v1"

    package static func sign(folder: String, key: SigningKey, statement predicate: [String: Any]) throws {
        let tagManifest = try Data(contentsOf: URL(fileURLWithPath: folder + "/tagmanifest-sha256.txt"))
        try FileManager.default.createDirectory(atPath: folder + "/" + Self.folder, withIntermediateDirectories: true)
        let statement: [String: Any] = [
            "_type": "https://in-toto.io/Statement/v1",
            "subject": [["name": "tagmanifest-sha256.txt", "digest": ["sha256": BagFile.hex(SHA256.hash(data: tagManifest))]]],
            "predicateType": predicateType,
            "predicate": predicate,
        ]
        let payload = BundleJSON.data(statement, pretty: false)
        let envelope = DSSE.envelope(payload: payload, keyID: key.keyID,
                                     signature: try key.sign(DSSE.preAuthenticationEncoding(payload: payload)))
        try envelope.write(to: URL(fileURLWithPath: folder + "/" + Self.envelope))
        try key.sign(tagManifest).write(to: URL(fileURLWithPath: folder + "/" + rawSignature))
        try Data(key.publicKeyPEM.utf8).write(to: URL(fileURLWithPath: folder + "/" + publicKey))
    }

    /// Checks both signatures with `key`; returns the problems found.
    package static func verify(tagManifest: Data, rawSignature: Data?, envelope: Data?,
                       key: Curve25519.Signing.PublicKey) -> [(file: String, problem: String)] {
        var problems: [(String, String)] = []
        if let rawSignature {
            if !key.isValidSignature(rawSignature, for: tagManifest) {
                problems.append((Self.rawSignature, "Ed25519 signature does not verify over tagmanifest-sha256.txt with this key"))
            }
        } else {
            problems.append((Self.rawSignature, "missing"))
        }
        guard let envelope else {
            problems.append((Self.envelope, "missing"))
            return problems
        }
        guard let object = try? JSONSerialization.jsonObject(with: envelope) as? [String: Any],
              let payloadText = object["payload"] as? String, let payload = Data(base64Encoded: payloadText),
              let signatures = object["signatures"] as? [[String: Any]], !signatures.isEmpty else {
            problems.append((Self.envelope, "not a DSSE envelope"))
            return problems
        }
        let pae = DSSE.preAuthenticationEncoding(payload: payload)
        let valid = signatures.contains {
            ($0["sig"] as? String).flatMap { Data(base64Encoded: $0) }.map { key.isValidSignature($0, for: pae) } ?? false
        }
        if object["payloadType"] as? String != DSSE.payloadType || !valid {
            problems.append((Self.envelope, "DSSE signature does not verify with this key"))
        }
        let statement = (try? JSONSerialization.jsonObject(with: payload)) as? [String: Any]
        let digest = ((statement?["subject"] as? [[String: Any]])?.first?["digest"] as? [String: String])?["sha256"]
        let actual = BagFile.hex(SHA256.hash(data: tagManifest))
        if digest != actual {
            problems.append((Self.envelope, "statement subject: expected sha256 \(actual) of tagmanifest-sha256.txt, found \(digest ?? "none")"))
        }
        return problems
    }
}
