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


def build(text, merges_wanted, specials, spelling, reorder=False):
    merges = train_bpe(text, merges_wanted)
    spell = byte_level if spelling == "byte_level" else sentencepiece
    tokens = [bytes([b]) for b in range(256)]
    merged = [a + b for a, b in merges]
    if reorder:
        merged = sorted(merged, key=lambda t: (len(t), t))
    vocab = {}
    for s in specials:
        vocab[s] = len(vocab)
    for t in tokens + merged:
        name = spell(t)
        if name not in vocab:
            vocab[name] = len(vocab)
    merge_text = [spell(a) + " " + spell(b) for a, b in merges]
    return tokenizer_json(vocab, merge_text, specials, spelling)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def tokenizers():
    write(os.path.join(CASE, "claimant", "aurora-tokenizer", "tokenizer.json"),
          build(AURORA_TEXT, 120, ["<|endoftext|>", "<|aurora_user|>", "<|aurora_assistant|>"], "byte_level"))
    write(os.path.join(CASE, "respondent", "borealis-tokenizer", "tokenizer.json"),
          build(AURORA_TEXT, 120, ["<s>", "</s>", "<|aurora_user|>", "<|aurora_assistant|>"], "sentencepiece", reorder=True))
    write(os.path.join(CASE, "reference", "cirrus-tokenizer", "tokenizer.json"),
          build(CIRRUS_TEXT, 120, ["<|endoftext|>"], "byte_level"))
