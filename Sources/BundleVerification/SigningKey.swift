import Crypto
import Foundation

/// An examiner's Ed25519 key, stored as PEM that OpenSSL reads: the private key as PKCS #8
/// (mode 0600), the public key as SubjectPublicKeyInfo beside it (`.pub`).
public struct SigningKey: Sendable {
    /// DER prefixes of the two encodings for Ed25519 (RFC 8410): the key bytes follow.
    private static let pkcs8Prefix: [UInt8] = [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65,
                                               0x70, 0x04, 0x22, 0x04, 0x20]
    static let spkiPrefix: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]

    /// The 32-byte seed; the CryptoKit key type is not `Sendable`, the bytes are.
    private let seed: Data
    var privateKey: Curve25519.Signing.PrivateKey {
        // The seed was validated when the key was made or read.
        try! Curve25519.Signing.PrivateKey(rawRepresentation: seed)
    }

    private init(privateKey: Curve25519.Signing.PrivateKey) {
        seed = privateKey.rawRepresentation
    }

    /// The public key as PEM.
    public var publicKeyPEM: String { Self.publicKeyPEM(privateKey.publicKey.rawRepresentation) }

    /// The key id: SHA-256 of the raw public key, hex.
    public var keyID: String { Self.keyID(privateKey.publicKey.rawRepresentation) }

    /// Generates a key and writes `path` (0600) and `path` with `.pub` (0644); refuses to overwrite.
    public static func generate(at path: String) throws -> SigningKey {
        let publicPath = publicKeyPath(for: path)
        for existing in [path, publicPath] where FileManager.default.fileExists(atPath: existing) {
            throw BundleVerificationError.keyExists(path: existing)
        }
        let key = SigningKey(privateKey: Curve25519.Signing.PrivateKey())
        let privatePEM = pem("PRIVATE KEY", pkcs8Prefix + key.privateKey.rawRepresentation)
        guard FileManager.default.createFile(atPath: path, contents: Data(privatePEM.utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw BundleVerificationError.write(path: path, reason: "cannot create the file")
        }
        try Data(key.publicKeyPEM.utf8).write(to: URL(fileURLWithPath: publicPath))
        return key
    }

    /// Reads a private key written by ``generate(at:)`` (or `openssl genpkey -algorithm ed25519`).
    public static func load(from path: String) throws -> SigningKey {
        let der = try derFromPEM(at: path, label: "PRIVATE KEY")
        guard der.count == pkcs8Prefix.count + 32, Array(der.prefix(pkcs8Prefix.count)) == pkcs8Prefix else {
            throw BundleVerificationError.keyUnreadable(path: path, reason: "not an Ed25519 PKCS #8 private key")
        }
        do {
            return SigningKey(privateKey: try Curve25519.Signing.PrivateKey(rawRepresentation: der.suffix(32)))
        } catch {
            throw BundleVerificationError.keyUnreadable(path: path, reason: "\(error)")
        }
    }

    /// Reads a public key in SubjectPublicKeyInfo PEM.
    public static func loadPublicKey(from path: String) throws -> Curve25519.Signing.PublicKey {
        try publicKey(pem: String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self), path: path)
    }

    static func publicKey(pem text: String, path: String) throws -> Curve25519.Signing.PublicKey {
        let der = try derFromPEM(text, label: "PUBLIC KEY", path: path)
        guard der.count == spkiPrefix.count + 32, Array(der.prefix(spkiPrefix.count)) == spkiPrefix,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: der.suffix(32)) else {
            throw BundleVerificationError.keyUnreadable(path: path, reason: "not an Ed25519 public key")
        }
        return key
    }

    /// Signs `data` (Ed25519, 64 bytes).
    public func sign(_ data: Data) throws -> Data {
        try privateKey.signature(for: data)
    }

    static func publicKeyPEM(_ raw: Data) -> String {
        pem("PUBLIC KEY", spkiPrefix + raw)
    }

    static func keyID(_ raw: Data) -> String {
        BagFile.hex(SHA256.hash(data: raw))
    }

    /// `.pub` beside a private key path (`examiner.key` → `examiner.pub`).
    public static func publicKeyPath(for path: String) -> String {
        path.hasSuffix(".key") ? String(path.dropLast(4)) + ".pub" : path + ".pub"
    }

    private static func pem(_ label: String, _ der: [UInt8]) -> String {
        let base64 = Data(der).base64EncodedString()
        var lines: [String] = []
        var index = base64.startIndex
        while index < base64.endIndex {
            let end = base64.index(index, offsetBy: 64, limitedBy: base64.endIndex) ?? base64.endIndex
            lines.append(String(base64[index..<end]))
            index = end
        }
        return "-----BEGIN \(label)-----\n" + lines.joined(separator: "\n") + "\n-----END \(label)-----\n"
    }

    private static func derFromPEM(at path: String, label: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BundleVerificationError.keyUnreadable(path: path, reason: "no such file")
        }
        return try derFromPEM(String(decoding: data, as: UTF8.self), label: label, path: path)
    }

    private static func derFromPEM(_ text: String, label: String, path: String) throws -> [UInt8] {
        let begin = "-----BEGIN \(label)-----", end = "-----END \(label)-----"
        guard let start = text.range(of: begin), let stop = text.range(of: end, range: start.upperBound..<text.endIndex),
              let der = Data(base64Encoded: text[start.upperBound..<stop.lowerBound].filter { !$0.isWhitespace }) else {
            throw BundleVerificationError.keyUnreadable(path: path, reason: "no \(label) PEM block")
        }
        return Array(der)
    }
}
