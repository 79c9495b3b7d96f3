import Testing
@testable import ExhibitCore

@Suite struct OriginalWalkTests {
    /// A member's name is the last component of its path, as `split` on "/" would give it.
    @Test(arguments: [
        ("a/b/c.py", "c.py"), ("c.py", "c.py"), ("a/b/", "b"), ("a//b", "b"), ("/", "/"), ("//", "//"),
        ("", ""), ("/etc/passwd", "passwd"), ("../../x", "x"), ("dossier/é.txt", "é.txt"), ("a\\b", "a\\b"),
    ])
    func aMemberIsNamedByItsLastComponent(path: String, name: String) {
        #expect(OriginalWalk.lastComponent(of: path) == name)
        if path.contains(where: { $0 != "/" }) {
            #expect(OriginalWalk.lastComponent(of: path) == path.split(separator: "/").last.map(String.init))
        }
    }
}
