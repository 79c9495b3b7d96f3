"""An external extractor that misbehaves on purpose, as MODE says (the first argument), when an
artifact holds the bytes BAD; the host must contain each failure to that artifact."""

import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import exhibit_plugin  # noqa: E402
from exhibit_plugin import serve  # noqa: E402

MODE = sys.argv[1]
DESCRIPTOR = {"id": "misbehaving", "version": "1.0.0", "summary": "misbehaves on purpose",
              "rationale": "reads .dep files; sees nothing else", "accepts": {"name_patterns": ["*.dep"]},
              "finding_kinds": [{"kind": "test.ok"}]}

if MODE == "crash_at_start":
    sys.exit(3)
if MODE == "garbage":
    sys.stdout.write("Loading model weights...\n")
    sys.stdout.flush()
if MODE == "version":
    sys.stdin.buffer.readline()
    sys.stdout.buffer.write(b'{"type":"hello","protocol":"exhibit-extractor","version":2,"descriptor":{}}\n')
    sys.stdout.flush()
    time.sleep(60)
if MODE == "after_end":
    original_end = exhibit_plugin._end

    def end_then_more(channel, artifact_id, error):
        original_end(channel, artifact_id, error)
        channel.write({"type": "finding", "id": artifact_id, "finding": {"kind": "test.late", "summary": "too late"}})

    exhibit_plugin._end = end_then_more


def extract(artifact, sink):
    content = artifact.read_all(1 << 20)
    if b"BAD" in content:
        if MODE == "crash_mid":
            sink.emit("test.ok", "before the crash")
            os.kill(os.getpid(), signal.SIGSEGV)
        elif MODE == "hang":
            time.sleep(3600)
        elif MODE == "ignore_term":
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            time.sleep(3600)
        elif MODE == "grandchild":
            if os.fork() == 0:
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                time.sleep(3600)
                os._exit(0)
            os._exit(0)
        elif MODE == "allocate":
            blocks = []
            while True:
                blocks.append(bytearray(64 << 20))
        elif MODE == "wrong_id":
            sink._channel.write({"type": "finding", "id": "999", "finding": {"kind": "test.ok", "summary": "not mine"}})
    sink.emit("test.ok", f"read {len(content)} bytes")


serve(DESCRIPTOR, extract)
