"""Tokenizer samples for compare.tokenizer (imported by make-samples.py).

Everything here is written for Exhibit. Aurora Dynamics' (claimant) byte-level BPE tokenizer is
trained here on a few fictional sentences; Borealis Labs' (respondent) tokenizer holds the same
vocabulary spelled as SentencePiece writes it (▁ for a space, <0xNN> for a byte), its merged
tokens re-ordered, with special tokens of its own; the reference lab's is trained on other text.
"""
import json
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "samples")
CASE = os.path.join(ROOT, "case")

AURORA_TEXT = """the aurora policy samples a response and the reward model scores the response
the value head predicts the return and the advantage is the return minus the value
the clipped objective keeps the new policy near the old policy during training
"""
AURORA_SPECIALS = ["<|endoftext|>", "<|aurora_user|>", "<|aurora_assistant|>"]
BOREALIS_SPECIALS = ["<s>", "</s>", "<|aurora_user|>", "<|aurora_assistant|>"]
CIRRUS_TEXT = """cirrus models forecast clouds over mountains while winds carry moisture north
pressure falls ahead of fronts and rainfall totals rise along coastal ranges
"""


def byte_to_unicode():
    """GPT-2's table: printable bytes as themselves, the other 68 from U+0100 in byte order."""
    printable = list(range(0x21, 0x7F)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    table, extra = {}, 0
    for b in range(256):
        if b in printable:
            table[b] = chr(b)
        else:
            table[b] = chr(0x100 + extra)
            extra += 1
    return table


def train_bpe(text, merges_wanted):
    """A plain byte-pair trainer over words with their leading space: returns merges as byte pairs."""
    words = [(" " + w).encode() for w in text.split()]
    sequences = [[bytes([b]) for b in w] for w in words]
    merges = []
    for _ in range(merges_wanted):
        counts = {}
        for seq in sequences:
            for a, b in zip(seq, seq[1:]):
                counts[(a, b)] = counts.get((a, b), 0) + 1
        if not counts:
            break
        best = max(sorted(counts), key=lambda pair: counts[pair])
        if counts[best] < 2:
            break
        merges.append(best)
        merged = best[0] + best[1]
        for i, seq in enumerate(sequences):
            out, j = [], 0
            while j < len(seq):
                if j + 1 < len(seq) and (seq[j], seq[j + 1]) == best:
                    out.append(merged)
                    j += 2
                else:
                    out.append(seq[j])
                    j += 1
            sequences[i] = out
    return merges


def byte_level(token):
    table = byte_to_unicode()
    return "".join(table[b] for b in token)


def sentencepiece(token):
    if len(token) == 1 and (token[0] < 0x21 or token[0] > 0x7E):
        return "<0x%02X>" % token[0]
    return token.decode("utf-8", errors="strict").replace(" ", "\u2581")


def tokenizer_json(vocab, merges, specials, spelling):
    added = [{"id": vocab[s], "content": s, "single_word": False, "lstrip": False, "rstrip": False,
              "normalized": False, "special": True} for s in specials]
    decoder = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True} if spelling == "byte_level" \
        else {"type": "Sequence", "decoders": [{"type": "Replace", "pattern": {"String": "\u2581"}, "content": " "},
                                               {"type": "ByteFallback"}, {"type": "Fuse"}]}
    return json.dumps({"version": "1.0", "truncation": None, "padding": None, "added_tokens": added,
                       "normalizer": None, "pre_tokenizer": None, "post_processor": None, "decoder": decoder,
                       "model": {"type": "BPE", "dropout": None, "unk_token": None, "byte_fallback": spelling != "byte_level",
                                 "vocab": vocab, "merges": merges}}, indent=1, ensure_ascii=False) + "\n"


def numbered(text, merges_wanted, specials, spelling, reorder=False):
    """The tokens in id order, each as (its bytes, or a special's text; its spelling), specials
    first; and the merges, as byte pairs."""
    merges = train_bpe(text, merges_wanted)
    spell = byte_level if spelling == "byte_level" else sentencepiece
    tokens = [bytes([b]) for b in range(256)]
    merged = [a + b for a, b in merges]
    if reorder:
        merged = sorted(merged, key=lambda t: (len(t), t))
    named, seen = [(s, s) for s in specials], set(specials)
    for t in tokens + merged:
        if spell(t) not in seen:
            seen.add(spell(t))
            named.append((t, spell(t)))
    return named, merges


def vocabulary(text, merges_wanted, specials, spelling, reorder=False):
    """The vocabulary (token -> id, specials first) and merges `build` writes."""
    named, merges = numbered(text, merges_wanted, specials, spelling, reorder)
    spell = byte_level if spelling == "byte_level" else sentencepiece
    return {name: i for i, (_, name) in enumerate(named)}, [spell(a) + " " + spell(b) for a, b in merges]


def ids_by_token(text, merges_wanted, specials, spelling, reorder=False):
    """Each token's id keyed by its bytes (a special by its text), whatever its spelling: what
    lines up two vocabularies' embedding rows."""
    named, _ = numbered(text, merges_wanted, specials, spelling, reorder)
    return {token: i for i, (token, _) in enumerate(named)}


def build(text, merges_wanted, specials, spelling, reorder=False):
    vocab, merge_text = vocabulary(text, merges_wanted, specials, spelling, reorder)
    return tokenizer_json(vocab, merge_text, specials, spelling)


def varint(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def field(number, wire, payload):
    """One protocol-buffer field: its key, then a varint, or a length and the bytes."""
    key = varint(number << 3 | wire)
    if wire == 0:
        return key + varint(payload)
    if wire == 5:
        return key + payload
    return key + varint(len(payload)) + payload


def sentencepiece_model(vocab, specials, model_type=2):
    """A SentencePiece ModelProto (sentencepiece_model.proto's field numbers) holding `vocab` in id
    order: specials as CONTROL (3) or USER_DEFINED (4) pieces, <0xNN> pieces as BYTE (6), the rest
    NORMAL (1) with descending scores; the trainer's model type and size, an identity normalizer."""
    import struct
    out = bytearray()
    for index, piece in enumerate(sorted(vocab, key=vocab.get)):
        kind = (3 if piece in ("<s>", "</s>") else 4) if piece in specials else 6 if piece.startswith("<0x") else 1
        body = field(1, 2, piece.encode()) + field(2, 5, struct.pack("<f", -float(index))) + (field(3, 0, kind) if kind != 1 else b"")
        out += field(1, 2, body)
    out += field(2, 2, field(3, 0, model_type) + field(4, 0, len(vocab)))
    out += field(3, 2, field(1, 2, b"identity"))
    return bytes(out)


def write_bytes(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def tokenizers():
    write(os.path.join(CASE, "claimant", "aurora-tokenizer", "tokenizer.json"),
          build(AURORA_TEXT, 120, AURORA_SPECIALS, "byte_level"))
    write(os.path.join(CASE, "respondent", "borealis-tokenizer", "tokenizer.json"),
          build(AURORA_TEXT, 120, BOREALIS_SPECIALS, "sentencepiece", reorder=True))
    write(os.path.join(CASE, "reference", "cirrus-tokenizer", "tokenizer.json"),
          build(CIRRUS_TEXT, 120, ["<|endoftext|>"], "byte_level"))


FORMATS = os.path.join(ROOT, "formats", "tokenizer")


def tokenizer_formats():
    """samples/formats/tokenizer/: the respondent's vocabulary as a SentencePiece model, the
    claimant's as tiktoken ranks, a WordPiece vocab.txt, and hostile files."""
    vocab, _ = vocabulary(AURORA_TEXT, 120, BOREALIS_SPECIALS, "sentencepiece", reorder=True)
    model = sentencepiece_model(vocab, BOREALIS_SPECIALS)
    write_bytes(os.path.join(FORMATS, "borealis-spiece.model"), model)
    # Hostile: cut in the middle of a piece; a piece whose length runs far past the end.
    write_bytes(os.path.join(FORMATS, "hostile", "truncated.model"), model[:len(model) * 3 // 5])
    pieces = b"".join(field(1, 2, field(1, 2, p.encode())) for p in ["<unk>", "\u2581a", "\u2581b"])
    write_bytes(os.path.join(FORMATS, "hostile", "lying-length.model"), pieces + b"\x0a\xff\xff\xff\xff\x0f" + b"\x0a\x02ab")
    write_bytes(os.path.join(FORMATS, "hostile", "invalid-utf8.model"),
                b"".join(field(1, 2, field(1, 2, p)) for p in [b"<unk>", b"\xe2\x96\x81ok", b"\xff\xfebad"]))
    write(os.path.join(FORMATS, "hostile", "text.model"), "this is a model card, not a model\n")

    # The claimant's byte-level BPE as tiktoken writes one: base64 of the raw bytes, then the rank.
    import base64
    claimant, _ = vocabulary(AURORA_TEXT, 120, [], "byte_level")
    inverse = {v: k for k, v in byte_to_unicode().items()}
    lines = ["%s %d" % (base64.b64encode(bytes(inverse[c] for c in token)).decode(), rank)
             for token, rank in sorted(claimant.items(), key=lambda item: item[1])]
    write(os.path.join(FORMATS, "aurora.tiktoken"), "\n".join(lines) + "\n")
    write(os.path.join(FORMATS, "hostile", "bad-lines.tiktoken"),
          "IQ== 0\nIg== 1\nnot base64! 2\nIw==\n\nJA== 4\n")

    # A small WordPiece vocabulary, as BERT writes one: specials in brackets, words, ## pieces.
    words = sorted(set(AURORA_TEXT.split()))
    tokens = ["[PAD]", "[unused0]", "[unused1]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + \
        [chr(c) for c in range(ord("a"), ord("z") + 1)] + words + ["##s", "##ing", "##ed", "##ly"]
    write(os.path.join(FORMATS, "bert-mini", "vocab.txt"), "\n".join(tokens) + "\n")
    write_bytes(os.path.join(FORMATS, "hostile", "binary", "vocab.txt"), b"[PAD]\n\x00\x01\x02\n")
