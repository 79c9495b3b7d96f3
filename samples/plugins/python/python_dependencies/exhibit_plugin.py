"""Exhibit's external-extractor protocol, version 1, for extractors written in Python.

Copy this file into your plugin's folder (it uses the standard library only) and call
``serve(descriptor, extract)``. Exhibit starts your program with its standard input and output as
the protocol's pipes (docs/plugin-protocol.md): this module answers the handshake, then calls
``extract(artifact, sink)`` once per artifact. Anything your code prints goes to standard error,
which Exhibit records; standard output belongs to the protocol.

    def extract(artifact, sink):
        if not artifact.name.endswith(".txt"):
            raise NotMyFormat("not a text file")        # before reading past artifact.head
        text = artifact.read_all(limit=artifact.limits["max_in_memory_bytes"])
        sink.emit("text.lines", f"{text.count(b'\\n')} lines", attributes={"lines": text.count(b"\\n")})

    serve({"id": "line_count", "version": "1.0.0", "summary": "...", "rationale": "...",
           "accepts": {"name_patterns": ["*.txt"]}, "finding_kinds": [{"kind": "text.lines"}]}, extract)
"""

import json
import os
import sys
import time

PROTOCOL = "exhibit-extractor"
VERSIONS = [1]
HEAD_LENGTH = 64 * 1024
MAX_HEADER = 1 << 20


class NotMyFormat(Exception):
    """Raise before reading past ``artifact.head``: the host offers the artifact to the next extractor."""


class Corrupt(Exception):
    """Nothing more can be read from the artifact; ``locator`` says where it broke."""

    def __init__(self, message, locator=None):
        super().__init__(message)
        self.locator = locator or {}


class LimitReached(Exception):
    """A limit stopped the work (the host's budget, or the extractor's own)."""

    def __init__(self, limit, detail):
        super().__init__(detail)
        self.limit = limit


class ProtocolError(Exception):
    """The host sent something the protocol does not allow."""


class _Channel:
    def __init__(self):
        self.input = sys.stdin.buffer
        # The protocol writes to a private copy of standard output; standard output itself now
        # goes to standard error, so a stray print cannot corrupt a frame.
        self.output = os.fdopen(os.dup(1), "wb", buffering=0)
        os.dup2(2, 1)
        sys.stdout = sys.stderr

    def read_header(self):
        line = self.input.readline(MAX_HEADER + 1)
        if not line:
            return None
        if not line.endswith(b"\n") or len(line) > MAX_HEADER:
            raise ProtocolError("a header line that is too long or cut")
        header = json.loads(line)
        if not isinstance(header, dict) or not isinstance(header.get("type"), str):
            raise ProtocolError("a header that is not an object with a type")
        return header

    def read_bytes(self, count):
        data = self.input.read(count) if count else b""
        if len(data) != count:
            raise ProtocolError("the host's data ended early")
        return data

    def write(self, header, payload=b""):
        line = json.dumps(header, separators=(",", ":"), sort_keys=True, allow_nan=True).encode("utf-8") + b"\n"
        self._write_all(line + payload if len(payload) < 65536 else line)
        if len(payload) >= 65536:
            self._write_all(payload)

    def _write_all(self, data):
        view = memoryview(data)
        while view:
            written = self.output.write(view)
            view = view[written:]


class Artifact:
    """One artifact as the host describes it; its content is read from the host as you ask for it."""

    def __init__(self, channel, request):
        self._channel = channel
        self.id = request["id"]
        self.name = request["name"]
        self.evidence_path = request.get("evidence_path", [self.name])
        self.declared_size = request.get("declared_size")
        self.depth = request.get("depth", 0)
        self.limits = request.get("limits", {})
        self.options = request.get("options", {})
        seconds = self.limits.get("seconds")
        self._deadline = time.monotonic() + seconds if seconds is not None else None
        self._ended = False
        self.head = self._fetch_until(HEAD_LENGTH)
        self._replay = self.head

    def _fetch(self, count):
        if self._ended or count <= 0:
            return b""
        self._channel.write({"type": "read", "id": self.id, "max": count})
        answer = self._channel.read_header()
        if answer is None or answer.get("type") != "data" or answer.get("id") != self.id:
            raise ProtocolError(f"expected data for {self.id}, got {answer!r}"[:200])
        data = self._channel.read_bytes(int(answer.get("bytes", 0)))
        if not data:
            self._ended = True
        return data

    def _fetch_until(self, count):
        chunks, got = [], 0
        while got < count:
            chunk = self._fetch(min(count - got, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)

    def read(self, count=1 << 20):
        """Up to ``count`` bytes of the content, from the first; ``b""`` at its end."""
        if self._replay:
            data, self._replay = self._replay[:count], self._replay[count:]
            return data
        return self._fetch(count)

    def read_all(self, limit):
        """The rest of the content, refusing to hold more than ``limit`` bytes."""
        chunks, size = [], 0
        while True:
            chunk = self.read(1 << 20)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > limit:
                raise LimitReached("memory_bytes", f"content is larger than {limit} bytes")
            chunks.append(chunk)

    def lines(self, limit=None):
        """The content's lines (bytes, without their line feed), each with its number and byte offset."""
        limit = limit or self.limits.get("max_line_length", 1 << 20)
        pending, offset, number = b"", 0, 0
        while True:
            chunk = self.read(1 << 20)
            pending += chunk
            while True:
                cut = pending.find(b"\n")
                if cut < 0:
                    break
                number += 1
                yield number, offset, pending[:cut][:limit]
                offset += cut + 1
                pending = pending[cut + 1:]
            if not chunk:
                if pending:
                    yield number + 1, offset, pending[:limit]
                return
            if len(pending) > limit:
                pending = pending[:limit]

    def check_deadline(self):
        """Raises ``LimitReached`` once the host's time for this artifact is spent."""
        if self._deadline is not None and time.monotonic() > self._deadline:
            raise LimitReached("seconds_per_artifact", "the time for this original ran out")


class Sink:
    """Where findings (and, for a container, members) go."""

    def __init__(self, channel, artifact_id):
        self._channel = channel
        self._id = artifact_id

    def emit(self, kind, summary, severity="info", attributes=None, locator=None, timestamp=None, mentions=None):
        finding = {"kind": kind, "summary": summary, "severity": severity, "attributes": attributes or {},
                   "locator": locator or {}, "mentions": mentions or []}
        if timestamp is not None:
            finding["timestamp"] = timestamp
        self._channel.write({"type": "finding", "id": self._id, "finding": finding})

    def warn(self, summary, locator=None, attributes=None):
        self.emit("extraction.warning", summary, severity="warning", attributes=attributes, locator=locator)

    def limitation(self, summary, limit, locator=None):
        self.emit("limitation", summary, severity="warning", attributes={"limit": limit}, locator=locator)

    def member(self, member, content=None):
        """Hands the host one member (a dict: path, type, size, entry_index, …) and its bytes
        (an iterable of ``bytes``, or ``None``); returns once the host has read it."""
        self._channel.write({"type": "member", "id": self._id, "member": member, "content": content is not None})
        error = None
        if content is not None:
            try:
                for chunk in content:
                    if chunk:
                        self._channel.write({"type": "member_data", "id": self._id, "bytes": len(chunk)}, chunk)
            except Exception as exc:  # the member could not be read to its end
                error = str(exc)
        end = {"type": "member_end", "id": self._id}
        if error is not None:
            end["error"] = error
        self._channel.write(end)
        answer = self._channel.read_header()
        if answer is None or answer.get("type") != "member_result":
            raise ProtocolError("expected a member result")
        if answer.get("status") == "stop":
            raise LimitReached(answer.get("limit", "members_per_archive"), answer.get("detail", "stopped"))


def _end(channel, artifact_id, error):
    frame = {"type": "end", "id": artifact_id, "status": "ok"}
    if isinstance(error, NotMyFormat):
        frame.update(status="declined", reason=str(error))
    elif isinstance(error, Corrupt):
        frame.update(status="failed", error={"kind": "corrupt", "message": str(error), "locator": error.locator})
    elif isinstance(error, LimitReached):
        frame.update(status="failed", error={"kind": "limit", "limit": error.limit, "message": str(error)})
    elif error is not None:
        frame.update(status="failed", error={"kind": "error", "message": f"{type(error).__name__}: {error}"})
    channel.write(frame)


def serve(descriptor, extract, container=False):
    """Speaks the protocol until the host shuts the plugin down; never returns."""
    channel = _Channel()
    hello = channel.read_header()
    if not hello or hello.get("type") != "hello" or hello.get("protocol") != PROTOCOL:
        sys.exit("exhibit_plugin: the host did not begin with a hello")
    versions = [v for v in VERSIONS if v in hello.get("versions", [])]
    if not versions:
        sys.exit(f"exhibit_plugin: the host offers {hello.get('versions')}; this plugin speaks {VERSIONS}")
    channel.write({"type": "hello", "protocol": PROTOCOL, "version": max(versions), "descriptor": descriptor,
                   "container": container})
    while True:
        frame = channel.read_header()
        if frame is None or frame["type"] == "shutdown":
            sys.exit(0)
        if frame["type"] != "artifact":
            sys.exit(f"exhibit_plugin: a {frame['type']!r} frame where an artifact was expected")
        error = None
        try:
            artifact = Artifact(channel, frame)
            extract(artifact, Sink(channel, frame["id"]))
        except ProtocolError:
            raise
        except Exception as exc:  # the extractor's failure is this artifact's, not the plugin's
            error = exc
        _end(channel, frame["id"], error)
