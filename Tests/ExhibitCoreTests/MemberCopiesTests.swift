import BuiltInExtractors
import CaseStore
import Crypto
import EvidenceKit
import ExhibitFoundation
import ExhibitTestSupport
import Foundation
import Testing
@testable import ExhibitCore

/// Members copied again after intake: a member of a member reached through its container's
/// copy, its bytes those intake hashed, the copies beside the case and gone with the object.
@Suite struct MemberCopiesTests {
    /// A case at `path` holding the sample archive `sample`, and its artifacts.
    private func caseOf(_ sample: String, at path: String) throws -> (CaseFile, [ArtifactRecord]) {
        let file = try CaseFile.create(at: path, info: CaseInfo(caseID: sample, title: "t", examiner: "e", organization: "", created: ""))
        let pipeline = IngestPipeline(registry: try ExtractorRegistry(BuiltInExtractors.all), caseFile: file,
                                      custody: CustodyContext(examiner: "e"))
        _ = try pipeline.add([Repository.format(sample)], options: IngestOptions(jobs: 1))
        var artifacts: [ArtifactRecord] = []
        try file.forEachArtifact { artifacts.append($0) }
        return (file, artifacts)
    }

    @Test func aMemberOfAMemberIsCopiedAgainWithItsIntakeDigest() throws {
        let folder = try TemporaryFolder("member-copies")
        let casePath = folder.path("c.exhibit")
        let (file, artifacts) = try caseOf("archive/nested.tar.gz", at: casePath)
        // The deepest file: a member of inner.zip, itself a member of the gzip-compressed tar.
        let deepest = try #require(artifacts.filter { $0.entryType == "file" }.max { $0.depth < $1.depth })
        #expect(deepest.depth >= 2)
        var copies: MemberCopies? = MemberCopies(registry: try ExtractorRegistry(BuiltInExtractors.all), casePath: casePath)
        let path = try file.read { view in try copies!.path(of: deepest, in: view) }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(Hex.encode(SHA256.hash(data: bytes)) == deepest.sha256)
        #expect(path.hasPrefix(folder.path(".c.exhibit.copies-")))
        // An original is read where it is; the copies go with the object.
        let original = try #require(artifacts.first { $0.parentID == nil })
        #expect(try file.read { view in try copies!.path(of: original, in: view) } == original.sourcePath)
        copies = nil
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path("")).filter { $0.contains("copies") }.isEmpty)
    }

    /// A member is not copied when its intake hash was incomplete, when its bytes are no longer
    /// those intake hashed, or when no built-in extractor read its container: each says why.
    @Test func refusalsSayWhy() throws {
        let folder = try TemporaryFolder("member-copies-refused")
        let casePath = folder.path("c.exhibit")
        let (file, artifacts) = try caseOf("archive/release.tar", at: casePath)
        let member = try #require(artifacts.first { $0.entryType == "file" && $0.parentID != nil })
        func refusal(_ artifact: ArtifactRecord, registry: [ExtractorEntry] = BuiltInExtractors.all) throws -> String {
            let copies = MemberCopies(registry: try ExtractorRegistry(registry), casePath: casePath)
            do {
                _ = try file.read { view in try copies.path(of: artifact, in: view) }
                return ""
            } catch {
                return "\(error)"
            }
        }
        var incomplete = member
        incomplete.hashComplete = false
        #expect(try refusal(incomplete).contains("intake hash is incomplete"))
        var changed = member
        changed.sha256 = String(repeating: "0", count: 64)
        #expect(try refusal(changed).contains("no longer has the bytes hashed at intake"))
        #expect(try refusal(member, registry: BuiltInExtractors.all.filter { $0.descriptor.id != "archive" })
            .contains("not a built-in extractor"))
        #expect(try refusal(member) == "")
    }
}
