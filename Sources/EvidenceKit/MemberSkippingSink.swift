import Foundation

/// A ``ContainerSink`` that passes findings on and skips members without reading them.
final class MemberSkippingSink: ContainerSink {
    private let findings: any FindingSink

    init(findings: any FindingSink) {
        self.findings = findings
    }

    func emit(_ finding: Finding) {
        findings.emit(finding)
    }

    func member(_ member: Member, content: (any ByteSource)?) throws {}
}
