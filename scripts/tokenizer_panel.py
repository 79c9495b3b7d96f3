#!/usr/bin/env python3
"""Writes Sources/CaseAnalyses/Comparison/PublicTokenizers.swift: the public tokenizer panel of
compare.tokenizer, as MinHash sketches computed by Exhibit itself.

Usage: python3 scripts/tokenizer_panel.py PANEL_DIR [EXHIBIT]
PANEL_DIR holds one folder per public tokenizer, each with its vocabulary file (tokenizer.json,
vocab.json or encoder.json, vocab.txt, *.tiktoken, or a SentencePiece *.model) and a SOURCE.txt
whose first line is the tokenizer's public name and whose other lines say where the file was
read (repository, path, commit, licence). Each file is turned into a vocab.json when it is not
one (vocab.txt: a token per line, its id the line; *.tiktoken: base64 bytes and rank, spelled as
GPT-2 spells bytes; *.model: the SentencePiece pieces in order), then read by `exhibit extract`,
whose ml.tokenizer_vocabulary finding gives the sketch. The vocabulary files are not committed.
"""
import base64, json, os, subprocess, sys, tempfile

from tokenizer_samples import byte_to_unicode

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "Sources", "CaseAnalyses", "Comparison", "PublicTokenizers.swift")


def varint(data, i):
    shift = result = 0
    while True:
        b = data[i]
        i += 1
        result |= (b & 0x7F) << shift
        if b < 0x80:
            return result, i
        shift += 7


def sentencepiece_pieces(data):
    """ModelProto field 1 (repeated SentencePiece, whose field 1 is the piece), read by hand."""
    pieces, i = [], 0
    while i < len(data):
        key, i = varint(data, i)
        field, wire = key >> 3, key & 7
        if wire == 0:
            _, i = varint(data, i)
        elif wire == 1:
            i += 8
        elif wire == 5:
            i += 4
        elif wire == 2:
            length, i = varint(data, i)
            body = data[i:i + length]
            i += length
            if field == 1:
                j = 0
                while j < len(body):
                    k, j = varint(body, j)
                    f, w = k >> 3, k & 7
                    if w == 2:
                        n, j = varint(body, j)
                        if f == 1:
                            pieces.append(body[j:j + n].decode("utf-8"))
                        j += n
                    elif w == 0:
                        _, j = varint(body, j)
                    elif w == 5:
                        j += 4
                    elif w == 1:
                        j += 8
        else:
            raise ValueError("wire type %d" % wire)
    return pieces


def is_tiktoken(path):
    """A tiktoken file (Llama 3 ships one as tokenizer.model): lines of base64 bytes and a rank."""
    with open(path, "rb") as f:
        first = f.readline().split()
    return len(first) == 2 and first[1].isdigit() and all(c in b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=" for c in first[0])


def source_of(lines):
    """The tokenizer's name and where its file was read, from SOURCE.txt (`Key: value` lines, or
    the name alone on the first line)."""
    fields = {}
    for line in lines:
        key, _, value = line.partition(":")
        if value and key.strip() in ("Tokenizer", "GitHub repo", "File", "Commit", "Licence"):
            fields.setdefault(key.strip(), value.strip())
    if "Tokenizer" not in fields:
        return lines[0], "; ".join(lines[1:])
    parts = [fields.get("GitHub repo", "")]
    if "File" in fields:
        parts.append("file " + fields["File"].split("->")[0].strip())
    if "Commit" in fields:
        commits = [word for word in fields["Commit"].split() if len(word) == 40 and all(c in "0123456789abcdef" for c in word)]
        parts.append("commit " + (commits[0] if commits else fields["Commit"].split()[0]))
    if "Licence" in fields:
        parts.append("licence: " + fields["Licence"])
    return fields["Tokenizer"], "; ".join(p for p in parts if p)


def as_vocabulary(folder, scratch):
    names = os.listdir(folder)
    for name in ("tokenizer.json", "vocab.json", "encoder.json"):
        if name in names:
            if name == "tokenizer.json":
                return os.path.join(folder, name)
            target = os.path.join(scratch, "vocab.json")
            with open(os.path.join(folder, name), "rb") as src, open(target, "wb") as dst:
                dst.write(src.read())
            return target
    vocab = None
    model_type, spelling = "BPE", "ByteLevel"
    for name in names:
        path = os.path.join(folder, name)
        if name == "vocab.txt":
            model_type, spelling = "WordPiece", "WordPiece"
            with open(path, encoding="utf-8") as f:
                vocab = {line.rstrip("\n"): i for i, line in enumerate(f)}
        elif name == "tokens.tsv":
            spelling = "Metaspace"  # the GGUF listings used here are SentencePiece models
            # id, the token as a JSON string, type, score (a vocabulary listed from a GGUF file).
            with open(path, encoding="utf-8") as f:
                next(f)
                vocab = {json.loads(row.split("\t")[1]): int(row.split("\t")[0]) for row in f if row.strip()}
        elif name.endswith(".tiktoken") or (name.endswith(".model") and is_tiktoken(path)):
            table = byte_to_unicode()
            vocab = {}
            with open(path) as f:
                for line in f:
                    token, rank = line.split()
                    vocab["".join(table[b] for b in base64.b64decode(token))] = int(rank)
        elif name.endswith(".model") and vocab is None:
            spelling = "Metaspace"
            with open(path, "rb") as f:
                vocab = {piece: i for i, piece in enumerate(sentencepiece_pieces(f.read()))}
    if vocab is None:
        return None
    # Written as a tokenizer.json that declares its spelling, as the real ones do, rather than
    # leaving it to be guessed from the first tokens.
    target = os.path.join(scratch, "tokenizer.json")
    with open(target, "w", encoding="utf-8") as f:
        json.dump({"decoder": {"type": spelling}, "model": {"type": model_type, "vocab": vocab}}, f, ensure_ascii=False)
    return target


def swift_string(text):
    out = []
    for ch in text:
        if ch in "\\\"":
            out.append("\\" + ch)
        elif ord(ch) < 0x20:
            out.append("\\u{%x}" % ord(ch))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def main():
    panel_dir = sys.argv[1]
    exhibit = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, ".build", "release", "exhibit")
    entries = []
    for short in sorted(os.listdir(panel_dir)):
        folder = os.path.join(panel_dir, short)
        source_file = os.path.join(folder, "SOURCE.txt")
        if not os.path.isdir(folder) or not os.path.exists(source_file):
            continue
        with open(source_file, encoding="utf-8") as f:
            lines = [line.strip() for line in f if line.strip()]
        with tempfile.TemporaryDirectory() as scratch:
            path = as_vocabulary(folder, scratch)
            if path is None:
                print("skipped (no vocabulary file):", short, file=sys.stderr)
                continue
            out = subprocess.run([exhibit, "extract", path, "--json"], check=True, capture_output=True).stdout
        found = [f for f in json.loads(out)["findings"] if f["kind"] == "ml.tokenizer_vocabulary"]
        if not found:
            print("skipped (no vocabulary read):", short, file=sys.stderr)
            continue
        a = found[0]["attributes"]
        name, source = source_of(lines)
        entries.append((name, source, a["vocab_size"], a["spelling"], a["token_sketch"]))
        print(short, a["vocab_size"], a["spelling"], file=sys.stderr)
    rows = []
    for name, source, size, spelling, sketch in entries:
        hashes = ",\n".join("                      " + ", ".join('"%s"' % h for h in sketch[i:i + 6]) for i in range(0, len(sketch), 6))
        rows.append("        Tokenizer(name: %s,\n                  source: %s,\n                  vocabularySize: %d, spelling: %s,\n"
                    "                  tokenSketch: [\n%s,\n                  ])," % (swift_string(name), swift_string(source), size,
                                                                                swift_string(spelling), hashes))
    with open(OUT) as f:
        text = f.read()
    head = text[:text.index("    static let tokenizers: [Tokenizer] = [")]
    with open(OUT, "w") as f:
        f.write(head + "    static let tokenizers: [Tokenizer] = [\n" + "\n".join(rows) + "\n    ]\n}\n")


if __name__ == "__main__":
    main()
