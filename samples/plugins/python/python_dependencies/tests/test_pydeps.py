"""Tests of the python_dependencies reference plugin: its parsing, and the protocol it speaks,
run by `make test` (python3 -m unittest discover samples/plugins/python)."""

import json
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PLUGIN = os.path.dirname(HERE)
sys.path.insert(0, PLUGIN)

import pydeps  # noqa: E402


class Sink:
    def __init__(self):
        self.findings = []

    def emit(self, kind, summary, severity="info", attributes=None, locator=None, timestamp=None, mentions=None):
        self.findings.append({"kind": kind, "summary": summary, "attributes": attributes or {}, "mentions": mentions or []})

    def warn(self, summary, locator=None, attributes=None):
        self.emit("extraction.warning", summary, "warning")


def read(name, text):
    sink = Sink()
    manifest = pydeps.Manifest(name, sink, text)
    return manifest, sink


class ParsingTests(unittest.TestCase):
    def test_names_are_normalized_and_pins_told_apart(self):
        manifest, sink = read("requirements", "Torch_Audio==2.3.1\nnumpy>=1.26\nscipy===1.13.0\nfoo==1.*\n")
        pydeps.read_requirements(manifest)
        found = {f["attributes"]["name"]: f["attributes"] for f in sink.findings}
        self.assertEqual(found["torch-audio"]["version"], "2.3.1")
        self.assertTrue(found["scipy"]["pinned"])
        self.assertFalse(found["numpy"]["pinned"])
        self.assertFalse(found["foo"]["pinned"], "a wildcard is a range, not a pin")
        self.assertEqual((manifest.pinned, manifest.unpinned), (2, 2))
        self.assertEqual(sink.findings[0]["mentions"], [{"kind": "software_package", "value": "torch-audio==2.3.1"}])

    def test_continuations_hashes_and_markers(self):
        manifest, sink = read("requirements", 'torch==2.3.1 \\\n    --hash=sha256:abc\ndeepspeed==0.14.4 ; sys_platform == "linux"\n')
        pydeps.read_requirements(manifest)
        self.assertEqual([f["attributes"]["name"] for f in sink.findings], ["torch", "deepspeed"])
        self.assertEqual(sink.findings[1]["attributes"]["markers"], 'sys_platform == "linux"')

    def test_conda_pins_and_pip_sections(self):
        manifest, sink = read("conda_environment", "dependencies:\n  - numpy=1.26.4=py311\n  - pip:\n    - wandb==0.17.0\n")
        pydeps.read_environment(manifest)
        self.assertEqual([(f["attributes"]["name"], f["attributes"]["source"], f["attributes"].get("version"))
                          for f in sink.findings], [("numpy", "conda", "1.26.4"), ("wandb", "pip", "0.17.0")])

    def test_garbage_lines_are_warnings_not_failures(self):
        manifest, sink = read("requirements", "torch==2.3.1\n%%% not a requirement\n")
        pydeps.read_requirements(manifest)
        self.assertEqual([f["kind"] for f in sink.findings], ["dependency.requirement", "extraction.warning"])


class ProtocolTests(unittest.TestCase):
    """The plugin as the host starts it: frames in, frames out."""

    def frames(self, process):
        while True:
            line = process.stdout.readline()
            if not line:
                return
            header = json.loads(line)
            payload = process.stdout.read(header["bytes"]) if header.get("bytes") else b""
            yield header, payload

    def test_a_whole_exchange(self):
        content = b"torch==2.3.1\ntrl\n"
        process = subprocess.Popen([sys.executable, "pydeps.py"], cwd=PLUGIN, stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)

        def send(header, payload=b""):
            process.stdin.write(json.dumps(header).encode() + b"\n" + payload)
            process.stdin.flush()

        send({"type": "hello", "protocol": "exhibit-extractor", "versions": [1], "host": "test"})
        frames = self.frames(process)
        hello, _ = next(frames)
        self.assertEqual((hello["type"], hello["version"], hello["descriptor"]["id"]), ("hello", 1, "python_dependencies"))
        send({"type": "artifact", "id": "1", "name": "requirements.txt", "evidence_path": ["requirements.txt"],
              "depth": 0, "limits": {"max_in_memory_bytes": 1 << 20, "max_nesting_depth": 64,
                                     "max_line_length": 1 << 20}, "options": {}})
        sent, kinds = False, []
        for header, _ in frames:
            if header["type"] == "read":
                data = b"" if sent else content
                sent = True
                send({"type": "data", "id": "1", "bytes": len(data), "end": not data}, data)
            elif header["type"] == "finding":
                kinds.append(header["finding"]["kind"])
            elif header["type"] == "end":
                self.assertEqual(header["status"], "ok")
                break
        self.assertEqual(kinds, ["dependency.requirement", "dependency.requirement", "dependency.manifest"])
        send({"type": "shutdown"})
        self.assertEqual(process.wait(timeout=10), 0)
        process.stdout.close()
        process.stderr.close()
        process.stdin.close()


if __name__ == "__main__":
    unittest.main()
