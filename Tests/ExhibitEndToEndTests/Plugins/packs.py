"""An external container extractor for the tests' own `.pack` format: a line `PACK`, then for
each member a line `NAME LENGTH` and LENGTH bytes. It hands the members to the host, which reads
them as it reads an archive's."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from exhibit_plugin import Corrupt, serve  # noqa: E402

DESCRIPTOR = {"id": "packs", "version": "1.0.0", "summary": "the tests' .pack containers",
              "rationale": "hands out each member of a .pack as written", "accepts": {"name_patterns": ["*.pack"]},
              "finding_kinds": [{"kind": "test.pack"}], "options": {"label": "none"}}


def extract(artifact, sink):
    content = artifact.read_all(1 << 20)
    lines = content.split(b"\n", 1)
    if lines[0] != b"PACK" or len(lines) < 2:
        raise Corrupt("not a pack")
    rest, index = lines[1], 0
    while rest:
        header, _, rest = rest.partition(b"\n")
        name, _, length = header.decode().rpartition(" ")
        data, rest = rest[:int(length)], rest[int(length):]
        sink.member({"path": name, "type": "file", "size": len(data), "entry_index": index}, [data])
        index += 1
    sink.emit("test.pack", f"{index} member(s)")


serve(DESCRIPTOR, extract, container=True)
