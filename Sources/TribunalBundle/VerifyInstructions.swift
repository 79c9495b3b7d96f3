import BundleVerification
import Foundation

/// `data/VERIFY.txt`: how to check the bundle with the field's own tools, without Exhibit.
enum VerifyInstructions {
    static func text(signed: Bool, exhibitsIncluded: Bool) -> Data {
        var text = """
            HOW TO VERIFY THIS BUNDLE WITHOUT EXHIBIT

            This folder is a BagIt 1.0 bag (RFC 8493). Run every command from the bag's top folder
            (the one holding bagit.txt).

            1. Every payload file is intact (GNU coreutils):
                   sha256sum -c manifest-sha256.txt
                   sha512sum -c manifest-sha512.txt
               and the tag files:
                   sha256sum -c tagmanifest-sha256.txt

            2. The bag is complete and valid (Library of Congress bagit-python, `pip install bagit`):
                   bagit.py --validate .

            3. The evidence graph conforms to CASE 1.5 / UCO (`pip install case-utils`):
                   case_validate --built-version case-1.5.0 data/graph/case.jsonld

            """
        if signed {
            text += """
                4. The examiner's signature over tagmanifest-sha256.txt (which fixes every other file
                   through the manifests), with OpenSSL 3:
                       openssl pkeyutl -verify -pubin -inkey signatures/examiner.pub -rawin \\
                           -in tagmanifest-sha256.txt -sigfile signatures/tagmanifest-sha256.txt.sig
                   Compare the key with the one the examiner published:
                       openssl pkey -pubin -in signatures/examiner.pub -noout -text
                   signatures/statement.dsse.json holds the same attestation as an in-toto Statement v1
                   in a DSSE envelope (Ed25519), naming the tool, its parameters and the exhibits.

                """
        } else {
            text += "4. This bundle is not signed.\n\n"
        }
        if !exhibitsIncluded {
            text += """
                NOTE: the originals were left out of this bundle (--exhibits none). Their SHA-256 values
                are in data/graph/graph.json and data/report/index.html; check them against the originals
                with sha256sum.

                """
        }
        text += """
            The report for people is data/report/index.html. The graph is data/graph/graph.json
            (everything) and data/graph/case.jsonld (CASE/UCO); findings.csv and timeline.csv are the
            same findings as tables. Every action on the evidence is in data/custody/custody.jsonl.
            """
        return Data((text + "\n").utf8)
    }
}
