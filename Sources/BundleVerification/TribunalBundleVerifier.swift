import Crypto
import Foundation

/// Verifies a tribunal bundle (folder or `.tar`) as an opposing expert would: completeness,
/// every digest of every manifest, the tag manifests, Payload-Oxum, the signatures, and that
/// the graph's exhibits are present and its references resolve. Each failure names its file.
public struct TribunalBundleVerifier {
    private let path: String
    private let key: Curve25519.Signing.PublicKey?

    /// - Parameter publicKey: the examiner's published key; without it, the key in the bundle is used.
    public init(path: String, publicKeyPath: String? = nil) throws {
        self.path = path
        key = try publicKeyPath.map(SigningKey.loadPublicKey(from:))
    }

    public func verify() throws -> VerificationReport {
        var run = Run(inventory: try BagInventory.load(path))
        run.checkBagDeclaration()
        for algorithm in BagAlgorithm.allCases {
            run.checkManifest("manifest-\(algorithm.rawValue).txt", algorithm: algorithm, covering: { $0.hasPrefix("data/") })
            run.checkManifest("tagmanifest-\(algorithm.rawValue).txt", algorithm: algorithm, covering: Run.isTagFile)
        }
        run.checkOxum()
        run.checkOddities()
        let keyID = run.checkSignatures(key)
        run.checkGraph()
        run.checkJSONLDReferences()
        run.checkCustodyChain()
        return VerificationReport(bundle: path, checks: run.checks, failures: run.failures,
                                  signed: run.inventory.files[BundleSignature.rawSignature] != nil, keyID: keyID)
    }

    /// One verification in progress.
    private struct Run {
        let inventory: BagInventory
        var checks = 0
        var failures: [VerificationReport.Failure] = []

        static func isTagFile(_ path: String) -> Bool {
            !path.hasPrefix("data/") && !path.hasPrefix("tagmanifest-") && !path.hasPrefix(BundleSignature.folder + "/")
        }

        mutating func fail(_ check: String, _ file: String, line: Int? = nil, algorithm: String? = nil,
                           expected: String? = nil, found: String? = nil, _ message: String) {
            failures.append(.init(check: check, file: file, line: line, algorithm: algorithm, expected: expected,
                                  found: found, message: message))
        }

        /// A tag file's bytes, kept or read again: `nil` when the bag has none, or (a failure)
        /// when it is larger than `limit`.
        mutating func bytes(_ file: String, limit: Int = 16 << 20) -> Data? {
            do {
                return try inventory.data(file, limit: limit)
            } catch {
                fail("size", file, "\(error)")
                return nil
            }
        }

        mutating func text(_ file: String) -> String? {
            bytes(file).map { String(decoding: $0, as: UTF8.self) }
        }

        mutating func checkBagDeclaration() {
            checks += 1
            guard let declaration = text("bagit.txt") else { return fail("completeness", "bagit.txt", "missing") }
            let expected = ["BagIt-Version: 1.0", "Tag-File-Character-Encoding: UTF-8"]
            let lines = declaration.split(whereSeparator: \.isNewline).map(String.init)
            for (index, line) in expected.enumerated() where lines.count <= index || lines[index] != line {
                fail("bag declaration", "bagit.txt", line: index + 1, expected: line,
                     found: lines.count > index ? lines[index] : "nothing", "not a BagIt 1.0 declaration")
            }
        }

        /// Every entry's digest, every listed file present, every covered file listed. The
        /// manifest is read line by line (a bag of 50,000 long names has one of 20 MB).
        mutating func checkManifest(_ name: String, algorithm: BagAlgorithm, covering: (String) -> Bool) {
            checks += 1
            var listed = Set<String>()
            var found: [VerificationReport.Failure] = []
            var lines = 0
            do {
                let present = try inventory.forEachLine(name) { number, line in
                    guard !line.isEmpty else { return }
                    lines += 1
                    if let failure = Self.check(line, number: number, of: name, algorithm: algorithm, in: inventory, listed: &listed) {
                        found.append(failure)
                    }
                }
                guard present else { return fail("completeness", name, "missing") }
            } catch {
                fail("manifest syntax", name, "\(error)")
            }
            checks += lines
            failures += found
            for file in inventory.files.keys.sorted() where covering(file) && !listed.contains(file) {
                fail("completeness", file, "present but not listed in \(name)")
            }
        }

        /// One manifest line: its syntax, the file it names, its digest.
        private static func check(_ line: String, number: Int, of name: String, algorithm: BagAlgorithm,
                                  in inventory: BagInventory, listed: inout Set<String>) -> VerificationReport.Failure? {
            let parts = line.split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" })
            guard parts.count == 2 else {
                return .init(check: "manifest syntax", file: name, line: number, message: "not '<digest> <path>'")
            }
            let digest = String(parts[0])
            let file = parts[1].trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "*", with: "")
            listed.insert(file)
            guard let actual = inventory.files[file] else {
                return .init(check: "completeness", file: file, line: number, message: "listed in \(name) line \(number) but missing")
            }
            let found = algorithm == .sha256 ? actual.sha256 : actual.sha512
            guard found == digest.lowercased() else {
                return .init(check: "digest", file: file, line: number, algorithm: algorithm.rawValue, expected: digest, found: found,
                             message: "does not match \(name) line \(number)")
            }
            return nil
        }

        mutating func checkOxum() {
            checks += 1
            guard let info = text("bag-info.txt") else { return fail("completeness", "bag-info.txt", "missing") }
            let payload = inventory.files.values.filter { $0.path.hasPrefix("data/") }
            let actual = "\(payload.reduce(Int64(0)) { $0 + $1.size }).\(payload.count)"
            let lines = info.split(separator: "\n").map(String.init)
            guard let index = lines.firstIndex(where: { $0.hasPrefix("Payload-Oxum:") }) else {
                return fail("payload oxum", "bag-info.txt", "no Payload-Oxum")
            }
            let declared = lines[index].dropFirst("Payload-Oxum:".count).trimmingCharacters(in: .whitespaces)
            if declared != actual {
                fail("payload oxum", "bag-info.txt", line: index + 1, expected: declared, found: actual,
                     "payload bytes.files differ from bag-info.txt")
            }
        }

        mutating func checkOddities() {
            for (name, problem) in inventory.tarProblems {
                fail("tar", name, problem)
            }
            for file in inventory.oddities {
                fail("completeness", file, "not a regular file; a bundle holds only files and folders")
            }
            for file in inventory.files.keys.sorted()
            where file.hasPrefix(BundleSignature.folder + "/") && !BundleSignature.files.contains(file) {
                fail("completeness", file, "unexpected file in signatures/")
            }
        }

        /// Returns the id of the key that was checked.
        mutating func checkSignatures(_ given: Curve25519.Signing.PublicKey?) -> String? {
            let signed = BundleSignature.files.contains { inventory.files[$0] != nil }
            guard signed || given != nil else { return nil }
            checks += 1
            guard signed else {
                fail("signature", BundleSignature.rawSignature, "a key was given but the bundle is not signed")
                return nil
            }
            var key = given
            let pem = bytes(BundleSignature.publicKey, limit: 64 << 10)
            if key == nil, let pem {
                key = try? SigningKey.publicKey(pem: String(decoding: pem, as: UTF8.self), path: BundleSignature.publicKey)
            }
            guard let key, let manifest = bytes("tagmanifest-sha256.txt") else {
                fail("signature", BundleSignature.publicKey, "no usable public key")
                return nil
            }
            // No manifest lists it: the key file must be, byte for byte, the key checked.
            if pem != Data(SigningKey.publicKeyPEM(key.rawRepresentation).utf8) {
                fail("signature", BundleSignature.publicKey, pem == nil ? "missing"
                     : given == nil ? "not the key as Exhibit writes it: bytes were changed or added"
                     : "not the key given (\(SigningKey.keyID(key.rawRepresentation)))")
            }
            // The statement lists every exhibit: 22 MB for 50,000 loose files.
            for problem in BundleSignature.verify(tagManifest: manifest, rawSignature: bytes(BundleSignature.rawSignature, limit: 4096),
                                                  envelope: bytes(BundleSignature.envelope, limit: 1 << 30), key: key) {
                fail("signature", problem.file, problem.problem)
            }
            return SigningKey.keyID(key.rawRepresentation)
        }

        /// The graph's references resolve and every original it names is in the payload, unchanged.
        mutating func checkGraph() {
            checks += 1
            let file = "data/graph/graph.json"
            let graph: GraphFileCheck.NativeResult
            do {
                guard inventory.files[file] != nil else { return fail("graph", file, "missing or not a graph") }
                graph = try GraphFileCheck.native { try inventory.open(file) }
            } catch {
                return fail("graph", file, "missing or not a graph: \(error)")
            }
            for dangling in graph.danglingEdges { fail("graph reference", file, dangling) }
            for series in graph.seriesFiles where inventory.files[series] == nil {
                fail("completeness", series, "the graph names this series file but the bundle lacks it")
            }
            let included = text("bag-info.txt")?.contains("Exhibit-Originals: included") ?? true
            // Each copy by its exhibit number, once: looking each original up by scanning every
            // file made verify quadratic (5 minutes for 50,000 loose files).
            var copies: [String: BagFile] = [:]
            for file in inventory.files.values {
                guard let exhibit = Self.exhibit(ofPayload: file.path) else { continue }
                if let other = copies[exhibit], other.path < file.path { continue }
                copies[exhibit] = file
            }
            for original in graph.originals {
                checks += 1
                if !included { continue }
                let exhibit = original.exhibit
                guard let copy = copies[exhibit] else {
                    fail("exhibit", "data/exhibits/\(exhibit)-…", "the graph names \(exhibit) but the bundle lacks it")
                    continue
                }
                if copy.sha256 != original.sha256 {
                    fail("exhibit", copy.path, algorithm: "sha256", expected: original.sha256, found: copy.sha256,
                         "differs from the intake hash in the graph")
                }
            }
        }

        /// The custody log's hash chain recomputes (``CustodyChainCheck``).
        mutating func checkCustodyChain() {
            checks += 1
            let file = "data/custody/custody.jsonl"
            guard inventory.files[file] != nil else { return fail("completeness", file, "missing") }
            do {
                for failure in try CustodyChainCheck.failures(try inventory.open(file)) {
                    fail("custody chain", file, failure)
                }
            } catch {
                fail("custody chain", file, "unreadable: \(error)")
            }
        }

        /// `EX-0001` for `data/exhibits/EX-0001-name` (``PayloadName``).
        static func exhibit(ofPayload path: String) -> String? {
            let prefix = "data/exhibits/"
            guard path.hasPrefix(prefix) else { return nil }
            let name = path.dropFirst(prefix.count)
            guard let first = name.firstIndex(of: "-"), let second = name[name.index(after: first)...].firstIndex(of: "-") else {
                return nil
            }
            return String(name[..<second])
        }

        mutating func checkJSONLDReferences() {
            checks += 1
            let file = "data/graph/case.jsonld"
            do {
                guard inventory.files[file] != nil else { return fail("graph", file, "missing or not JSON-LD") }
                for id in try GraphFileCheck.jsonLDReferences({ try inventory.open(file) }) {
                    fail("graph reference", file, "reference \(id) resolves to no node")
                }
            } catch {
                fail("graph", file, "missing or not JSON-LD: \(error)")
            }
        }
    }
}
