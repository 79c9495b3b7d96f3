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

    /// The envelope as canonical JSON.
    package static func envelope(payload: Data, keyID: String, signature: Data) -> Data {
        let object: [String: Any] = [
            "payload": payload.base64EncodedString(),
            "payloadType": payloadType,
            "signatures": [["keyid": keyID, "sig": signature.base64EncodedString()]],
        ]
        return BundleJSON.data(object)
    }
}
