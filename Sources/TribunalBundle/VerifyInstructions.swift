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

            4. The custody log is a hash chain. Each line of data/custody/custody.jsonl names, as
               "previous_sha256", the SHA-256 of the line before it (its bytes without the newline;
               64 zeros for the first line); "rows" and "rows_sha256" are the count and digest of the
               rows that entry's write added to the case, which `exhibit check` recomputes from the
               case file. The last line is this export; its SHA-256 is the chain's head. The digest of
               line N:
                   sed -n Np data/custody/custody.jsonl | tr -d '\\n' | sha256sum
               The whole chain, with Python 3 alone (prints the head, or the first line that breaks it):
                   python3 -c 'import hashlib,json,functools; print(functools.reduce(lambda p,l: (json.loads(l)["previous_sha256"]==p or exit("broken at: "+l[:80].decode())) and hashlib.sha256(l).hexdigest(), (l.rstrip(b"\\n") for l in open("data/custody/custody.jsonl","rb")), "0"*64))'
               The chain shows a case edited after the fact; it cannot stop someone who rewrites all
               of it. The signature below fixes the head as of this export.

            """
        if signed {
            text += """
                5. The examiner's signature over tagmanifest-sha256.txt (which fixes every other file
                   through the manifests), with OpenSSL 3:
                       openssl pkeyutl -verify -pubin -inkey signatures/examiner.pub -rawin \\
                           -in tagmanifest-sha256.txt -sigfile signatures/tagmanifest-sha256.txt.sig
                   Compare the key with the one the examiner published:
                       openssl pkey -pubin -in signatures/examiner.pub -noout -text
                   signatures/statement.dsse.json holds the same attestation as an in-toto Statement v1
                   in a DSSE envelope (Ed25519), naming the tool, its parameters and the exhibits.

                """
        } else {
            text += "5. This bundle is not signed.\n\n"
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
            same findings as tables, analyses.csv the conclusions drawn across them (each with its
            method, inputs, measure and limits), series/ the metrics findings describe point by point.
            Every action on the evidence is in data/custody/custody.jsonl.

            In the CSV files, a cell that begins with =, +, -, @, a tab or a carriage return is
            written with a ' before it, in double quotes (OWASP's defence against formula injection:
            a spreadsheet then shows the evidence's text instead of running it as a formula), and a
            cell holding ; is quoted. The exact values are in data/graph/graph.json.
            """
        return Data((text + "\n").utf8)
    }
}
