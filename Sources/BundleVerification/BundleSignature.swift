import Crypto
import EvidenceKit
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

    /// Signs the bag at `folder`. The predicate's `exhibits` list grows with the originals:
    /// `exhibits` appends it, as compact JSON, to the statement where it goes, and the statement
    /// is held once (with its signing input while it is signed; its envelope is written in pieces).
    package static func sign(folder: String, key: SigningKey, statement predicate: [String: Any],
                             exhibits: (inout Data) throws -> Void) throws {
        let tagManifest = try Data(contentsOf: URL(fileURLWithPath: folder + "/tagmanifest-sha256.txt"))
        try FileManager.default.createDirectory(atPath: folder + "/" + Self.folder, withIntermediateDirectories: true)
        var predicate = predicate
        predicate["exhibits"] = [Any]()
        let statement: [String: Any] = [
            "_type": "https://in-toto.io/Statement/v1",
            "subject": [["name": "tagmanifest-sha256.txt", "digest": ["sha256": BagFile.hex(SHA256.hash(data: tagManifest))]]],
            "predicateType": predicateType,
            "predicate": predicate,
        ]
        // The key `exhibits` is the predicate's alone, and JSON escapes every quote inside a
        // string: the bytes `"exhibits":[]` occur once, where the list goes.
        let template = BundleJSON.data(statement, pretty: false)
        guard let place = template.range(of: Data(#""exhibits":[]"#.utf8)) else {
            throw BundleVerificationError.write(path: folder + "/" + envelope, reason: "the statement has no place for its exhibits")
        }
        var payload = template[..<place.lowerBound] + Data(#""exhibits":"#.utf8)
        try exhibits(&payload)
        payload.append(template[place.upperBound...])
        let signature = try key.sign(DSSE.preAuthenticationEncoding(payload: payload))
        let path = folder + "/" + Self.envelope
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw BundleVerificationError.write(path: path, reason: "cannot create the file")
        }
        defer { try? handle.close() }
        try DSSE.envelope(payload: payload, keyID: key.keyID, signature: signature) { try handle.write(contentsOf: $0) }
        try key.sign(tagManifest).write(to: URL(fileURLWithPath: folder + "/" + rawSignature))
        try Data(key.publicKeyPEM.utf8).write(to: URL(fileURLWithPath: folder + "/" + publicKey))
    }

    /// Whether `envelope` is, byte for byte, the one Exhibit writes for `payload` and its one
    /// signature entry (compared piece by piece: the envelope grows with the originals).
    private static func isRewritten(_ envelope: Data, payload: Data, signature entry: [String: Any]) -> Bool {
        guard let keyID = entry["keyid"] as? String, let signature = (entry["sig"] as? String).flatMap({ Data(base64Encoded: $0) })
        else { return false }
        var offset = envelope.startIndex
        var same = true
        DSSE.envelope(payload: payload, keyID: keyID, signature: signature) { piece in
            guard same, envelope.endIndex - offset >= piece.count, envelope[offset..<(offset + piece.count)] == piece else {
                same = false
                return
            }
            offset += piece.count
        }
        return same && offset == envelope.endIndex
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
        // No manifest lists the envelope: it must be, byte for byte, the one its payload and
        // signature make, so that nothing can be added to it or changed outside them.
        if signatures.count != 1 || !isRewritten(envelope, payload: payload, signature: signatures[0]) {
            problems.append((Self.envelope, "not the envelope as Exhibit writes it: bytes were changed or added"))
        }
        let actual = BagFile.hex(SHA256.hash(data: tagManifest))
        do {
            let digest = try subjectDigest(of: payload)
            if digest != actual {
                problems.append((Self.envelope, "statement subject: expected sha256 \(actual) of tagmanifest-sha256.txt, found \(digest ?? "none")"))
            }
        } catch {
            problems.append((Self.envelope, "statement unreadable: \(error)"))
        }
        return problems
    }

    /// The statement's `subject[0].digest.sha256`, read as a stream: the statement lists every
    /// exhibit, and Foundation's objects for it were ten times its size.
    /// A payload that is not JSON throws, so verify can say why.
    private static func subjectDigest(of payload: Data) throws -> String? {
        var reader = JSONEventReader(DataByteSource(payload))
        reader.keepsStringValues = false
        guard try reader.next() == .beginObject else { return nil }
        while let event = try reader.next(), event != .endObject {
            guard case .key("subject") = event else {
                try skipValue(of: &reader)
                continue
            }
            guard try reader.next() == .beginArray, try reader.next() == .beginObject else { return nil }
            while case .key(let name)? = try reader.next() {
                guard name == "digest", try reader.next() == .beginObject else {
                    if name != "digest" { try skipValue(of: &reader) }
                    continue
                }
                while case .key(let algorithm)? = try reader.next() {
                    reader.keepsStringValues = algorithm == "sha256"
                    let value = try reader.next()
                    reader.keepsStringValues = false
                    if case .string(let digest)? = value { return digest }
                    if value == .beginObject || value == .beginArray { try reader.skipContainer() }
                }
                return nil
            }
            return nil
        }
        return nil
    }

    /// Reads past the value after a key.
    private static func skipValue(of reader: inout JSONEventReader) throws {
        let value = try reader.next()
        if value == .beginObject || value == .beginArray { try reader.skipContainer() }
    }
}

