"""python_dependencies: Python dependency manifests, read as an external Exhibit extractor.

requirements files and `pip freeze` output, conda `environment.yml`, `pyproject.toml`
(PEP 621 `[project]`, `[dependency-groups]`, Poetry), `uv.lock` and `poetry.lock`: one finding per
declared dependency (pinned to one version, or not), one per manifest, and a `software_package`
entity for each, so that the same packages meet across exhibits. Standard library only.
"""

import re
import tomllib

from exhibit_plugin import NotMyFormat, serve

VERSION = "1.0.0"
MAX_BYTES = 16 << 20

# PEP 508, as far as a manifest needs: a name, extras, then a version specifier or a URL, then markers.
REQUIREMENT = re.compile(
    r"^\s*(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[(?P<extras>[^\]]*)\])?\s*"
    r"(?:@\s*(?P<url>\S+)|(?P<spec>(?:[<>=!~]=?|===)\s*[^;\s,]+(?:\s*,\s*(?:[<>=!~]=?|===)\s*[^;\s,]+)*))?"
    r"\s*(?:;\s*(?P<markers>.*))?$")
PINNED = re.compile(r"^===?\s*([^,*\s]+)$")

DESCRIPTOR = {
    "id": "python_dependencies",
    "version": VERSION,
    "summary": "Python dependency manifests: requirements, pip freeze, environment.yml, pyproject.toml, uv.lock, poetry.lock",
    "rationale": (
        "Reads the dependencies a manifest declares, as written: names (normalized as PEP 503 does), version "
        "specifiers, extras, markers, and whether each is pinned to one version. It does not see what was "
        "installed: a manifest can differ from the environment that ran, a range says nothing of the version "
        "resolved, and included files (-r, -c) are named, not followed."),
    "accepts": {"name_patterns": ["requirements*.txt", "*requirements.txt", "*-requirements*.txt", "pip-freeze*.txt",
                                  "environment.yml", "environment.yaml", "pyproject.toml", "uv.lock", "poetry.lock"]},
    "finding_kinds": [
        {"kind": "dependency.manifest", "summary": "a dependency manifest: its format and how many are pinned",
         "presentation": "headline"},
        {"kind": "dependency.requirement", "summary": "one declared dependency: name, specifier, pinned or not",
         "presentation": "detail"},
        {"kind": "dependency.include", "summary": "another requirements or constraints file named (-r, -c), not followed",
         "presentation": "detail"},
    ],
    "examples": [
        {"file": "examples/requirements.txt", "findings": [
            {"kind": "dependency.manifest", "attributes": {"format": "requirements", "pinned": 3, "unpinned": 3}, "count": 1},
            {"kind": "dependency.requirement", "attributes": {"name": "torch", "pinned": True, "version": "2.3.1"}, "count": 1},
            {"kind": "dependency.requirement", "attributes": {"name": "trl", "pinned": False}, "count": 1}]},
        {"file": "examples/environment.yml", "findings": [
            {"kind": "dependency.manifest", "attributes": {"format": "conda_environment"}, "count": 1},
            {"kind": "dependency.requirement", "attributes": {"name": "deepspeed", "source": "pip"}, "count": 1}]},
        {"file": "examples/pyproject.toml", "findings": [
            {"kind": "dependency.manifest", "attributes": {"format": "pyproject"}, "count": 1},
            {"kind": "dependency.requirement", "attributes": {"name": "transformers", "pinned": False}, "count": 1}]},
        {"file": "examples/uv.lock", "findings": [
            {"kind": "dependency.manifest", "attributes": {"format": "uv_lock", "pinned": 3, "unpinned": 0}, "count": 1}]},
        {"file": "examples/hostile/binary-requirements.txt", "findings": [{"kind": "extraction.warning"}]},
        {"file": "examples/not-a-manifest.txt"},
    ],
}
# The last example's file is named like nothing this extractor accepts: it must be declined.
DESCRIPTOR["examples"][-1]["must_decline"] = True


def normalized(name):
    """PEP 503: lower case, runs of -, _ and . as one -."""
    return re.sub(r"[-_.]+", "-", name).lower()


class Manifest:
    """What one file declares, in order."""

    def __init__(self, fmt, sink, text):
        self.format = fmt
        self.sink = sink
        self.lines = text.split("\n")
        self.pinned = 0
        self.unpinned = 0

    def line_of(self, needle):
        for index, line in enumerate(self.lines):
            if needle in line:
                return index + 1
        return None

    def requirement(self, text, source, line=None, pinned_version=None):
        """One dependency, from a PEP 508 string (or a locked name and version)."""
        if pinned_version is not None:
            name, spec, extras, markers, url = text, "==" + pinned_version, "", "", None
        else:
            match = REQUIREMENT.match(text)
            if not match:
                self.sink.warn(f"not a requirement: {text[:120]}", locator={"line": line} if line else None)
                return
            name, spec = match.group("name"), (match.group("spec") or "").replace(" ", "")
            extras, markers, url = match.group("extras") or "", match.group("markers") or "", match.group("url")
        pin = PINNED.match(spec)
        version = pinned_version or (pin.group(1) if pin else None)
        package = normalized(name)
        attributes = {"name": package, "declared_name": name, "specifier": spec, "pinned": version is not None,
                      "source": source, "format": self.format}
        if version:
            attributes["version"] = version
        if extras:
            attributes["extras"] = [extra.strip() for extra in extras.split(",") if extra.strip()]
        if markers:
            attributes["markers"] = markers.strip()
        if url:
            attributes["url"] = url
        if version:
            self.pinned += 1
        else:
            self.unpinned += 1
        line = line or self.line_of(name)
        summary = f"{package}{spec or (' @ ' + url if url else '')}" + ("" if version else " (not pinned)")
        self.sink.emit("dependency.requirement", summary, attributes=attributes, locator={"line": line} if line else {},
                       mentions=[{"kind": "software_package", "value": f"{package}=={version}" if version else package}])

    def finish(self):
        total = self.pinned + self.unpinned
        self.sink.emit("dependency.manifest", f"{self.format}: {total} dependencies, {self.pinned} pinned",
                       attributes={"format": self.format, "dependencies": total, "pinned": self.pinned,
                                   "unpinned": self.unpinned})


def read_requirements(manifest):
    logical, start = "", None
    for number, raw in enumerate(manifest.lines, 1):
        line = raw.rstrip("\r")
        if start is None:
            start = number
        if line.endswith("\\"):
            logical += line[:-1] + " "
            continue
        logical += line
        text, logical, first = logical.split(" #")[0].strip(), "", start
        start = None
        if not text or text.startswith("#"):
            continue
        if text.startswith("-"):
            option = text.split()[0]
            if option in ("-r", "--requirement", "-c", "--constraint"):
                manifest.sink.emit("dependency.include", f"includes {text}", attributes={"format": manifest.format,
                                   "option": option, "file": text.split(None, 1)[-1]}, locator={"line": first})
            elif option in ("-e", "--editable"):
                manifest.requirement(text.split(None, 1)[-1].split("#egg=")[-1], "editable", first)
            continue
        manifest.requirement(text.split(" --hash")[0].strip(), "requirements", first)


def read_environment(manifest):
    """A conda environment: `dependencies:` items, and the pip list inside it."""
    in_dependencies, pip_indent = False, None
    for number, raw in enumerate(manifest.lines, 1):
        line = raw.split("#")[0].rstrip()
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        if indent == 0:
            in_dependencies = line.startswith("dependencies:")
            pip_indent = None
            continue
        if not in_dependencies or not line.lstrip().startswith("- "):
            continue
        item = line.lstrip()[2:].strip().strip("'\"")
        if pip_indent is not None and indent > pip_indent:
            manifest.requirement(item, "pip", number)
            continue
        pip_indent = None
        if item == "pip:" or item.startswith("pip:"):
            pip_indent = indent
            continue
        parts = item.split("=")
        if len(parts) >= 2 and parts[1] and not re.search(r"[<>!~]", item):
            manifest.requirement(parts[0], "conda", number, pinned_version=parts[1])
        else:
            manifest.requirement(re.sub(r"^([A-Za-z0-9_.-]+)=(?!=)", r"\1==", item), "conda", number)


def read_pyproject(manifest, data):
    project = data.get("project", {})
    for text in project.get("dependencies", []):
        manifest.requirement(text, "project.dependencies", manifest.line_of(text))
    for group, items in sorted(project.get("optional-dependencies", {}).items()):
        for text in items:
            manifest.requirement(text, f"project.optional-dependencies.{group}", manifest.line_of(text))
    for group, items in sorted(data.get("dependency-groups", {}).items()):
        for text in items:
            if isinstance(text, str):
                manifest.requirement(text, f"dependency-groups.{group}", manifest.line_of(text))
    poetry = data.get("tool", {}).get("poetry", {})
    for name, spec in poetry.get("dependencies", {}).items():
        if name.lower() == "python":
            continue
        version = spec.get("version", "") if isinstance(spec, dict) else str(spec)
        pinned = re.fullmatch(r"==?\s*([0-9][^,*\s]*)", version)
        if pinned:
            manifest.requirement(name, "tool.poetry.dependencies", manifest.line_of(name), pinned_version=pinned.group(1))
        else:
            manifest.requirement(f"{name}{'' if version in ('', '*') else ' ' + version.replace('^', '>=').replace('~', '~=')}",
                                 "tool.poetry.dependencies", manifest.line_of(name))


def read_lock(manifest, data):
    for package in data.get("package", []):
        if isinstance(package, dict) and "name" in package and "version" in package:
            manifest.requirement(package["name"], "lock", manifest.line_of(f'name = "{package["name"]}"'),
                                 pinned_version=str(package["version"]))


def extract(artifact, sink):
    name = artifact.name.lower()
    if b"\0" in artifact.head[:8192]:
        sink.warn("binary content in a file named like a dependency manifest: not read", locator={"byte_offset": 0})
        return
    data = artifact.read_all(limit=min(MAX_BYTES, artifact.limits.get("max_in_memory_bytes", MAX_BYTES)))
    text = data.decode("utf-8", errors="replace")
    if "\ufffd" in text:
        sink.warn("not valid UTF-8: invalid bytes shown as U+FFFD", locator={"byte_offset": 0})
    if name.endswith(".txt"):
        manifest = Manifest("pip_freeze" if "freeze" in name else "requirements", sink, text)
        read_requirements(manifest)
    elif name.startswith("environment."):
        manifest = Manifest("conda_environment", sink, text)
        read_environment(manifest)
    elif name.endswith(".toml") or name.endswith(".lock"):
        try:
            parsed = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            sink.warn(f"not TOML: {error}")
            return
        manifest = Manifest({"pyproject.toml": "pyproject", "uv.lock": "uv_lock", "poetry.lock": "poetry_lock"}.get(name, "toml"),
                            sink, text)
        if name == "pyproject.toml":
            read_pyproject(manifest, parsed)
        else:
            read_lock(manifest, parsed)
    else:
        raise NotMyFormat("not a dependency manifest")
    manifest.finish()


if __name__ == "__main__":
    serve(DESCRIPTOR, extract)
