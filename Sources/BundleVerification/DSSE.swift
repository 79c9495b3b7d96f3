import ExhibitFoundation
import Foundation

/// Dead Simple Signing Envelope (DSSE v1) around an in-toto Statement v1.
package enum DSSE {
    package static let payloadType = "application/vnd.in-toto+json"

    /// The pre-authentication encoding that is signed: `DSSEv1 <len> <type> <len> <body>`.
    package static func preAuthenticationEncoding(payload: Data) -> Data {
        var data = Data("DSSEv1 \(payloadType.utf8.count) \(payloadType) \(payload.count) ".utf8)
        data.append(payload)
        return data
    }

    /// The envelope as canonical JSON: the bytes ``BundleJSON`` writes for it (sorted keys,
    /// pretty), written out here because the payload grows with the originals (22 MB of base64
    /// for 50,000) and Foundation made an object of it first. Base64 needs no escaping.
    package static func envelope(payload: Data, keyID: String, signature: Data) -> Data {
        var out = Data()
        envelope(payload: payload, keyID: keyID, signature: signature) { out.append($0) }
        return out
    }

    /// The same envelope handed to `write` in pieces, the payload's base64 a few MiB at a time,
    /// so that the whole is never held.
    package static func envelope(payload: Data, keyID: String, signature: Data, _ write: (Data) throws -> Void) rethrows {
        try write(Data("{\n  \"payload\" : \"".utf8))
        // Whole groups of three bytes encode alone, so the pieces join into one base64 text.
        let piece = 3 << 20
        var start = payload.startIndex
        while start < payload.endIndex {
            let end = payload.index(start, offsetBy: piece, limitedBy: payload.endIndex) ?? payload.endIndex
            try write(payload[start..<end].base64EncodedData())
            start = end
        }
        var keyIDText: [UInt8] = []
        CanonicalJSON.writeString(keyID, to: &keyIDText)
        try write(Data("\",\n  \"payloadType\" : \"\(payloadType)\",\n  \"signatures\" : [\n    {\n      \"keyid\" : ".utf8)
                  + keyIDText + Data(",\n      \"sig\" : \"".utf8) + signature.base64EncodedData() + Data("\"\n    }\n  ]\n}\n".utf8))
    }
}
