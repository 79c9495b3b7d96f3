"""make bench, comparison (issue 19): the independence test on a generated pair of FFN layers
(4096 hidden units of 1536 inputs) through `exhibit compare`, next to SciPy on the same matrices
(row cosines with NumPy's BLAS, `scipy.optimize.linear_sum_assignment`, `scipy.stats.spearmanr`);
then the whole `compare` of two generated ~500 MB models with its peak RSS; then a 7B-shaped slice
of each model (Llama 2 7B's 32,000 × 4096 embedding and one 11,008-unit FFN layer, BF16, each with a
32,000-token tokenizer, the right one's re-ordered) compared by every method. Run by
scripts/bench.py, or alone: python3 scripts/bench.py --compare-only. Inputs are generated under
bench-work/ and never committed."""
import json, os, struct, subprocess, sys

import bench

UNITS, INPUTS = 4096, 1536

SCIPY = """import json, struct, sys, time
import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.stats import spearmanr
def load(path):
    with open(path, "rb") as f:
        size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(size))
        meta = header["model.layers.0.mlp.up_proj.weight"]
        start, end = meta["data_offsets"]
        f.seek(8 + size + start)
        return np.frombuffer(f.read(end - start), dtype=np.float32).reshape(meta["shape"])
a, b = load(sys.argv[1]), load(sys.argv[2])
a = a / np.linalg.norm(a, axis=1, keepdims=True)
b = b / np.linalg.norm(b, axis=1, keepdims=True)
rows, cols = linear_sum_assignment(a @ b.T, maximize=True)
print(spearmanr(np.arange(len(cols)), cols).pvalue)"""


def safetensors(path, tensors, dtype="F32"):
    """A safetensors file of F32 or BF16 tensors (name, numpy float32 array), written in order
    (BF16: each value's upper 16 bits)."""
    header, offset, width = {}, 0, 4 if dtype == "F32" else 2
    for name, array in tensors:
        header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [offset, offset + array.size * width]}
        offset += array.size * width
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text)
        for _, array in tensors:
            data = array.astype("<f4")
            f.write(data.tobytes() if dtype == "F32" else (data.view("<u4") >> 16).astype("<u2").tobytes())


def make_pair(np, kind):
    """One FFN layer on each side: `derived` (the right one is the left plus noise) or
    `independent` (two initializations)."""
    left = os.path.join(bench.WORK, f"ffn-{kind}-left.safetensors")
    right = os.path.join(bench.WORK, f"ffn-{kind}-right.safetensors")
    if not os.path.exists(right):
        rng = np.random.default_rng(19)
        a = rng.normal(0, 0.02, (UNITS, INPUTS)).astype(np.float32)
        b = a + rng.normal(0, 0.02, a.shape).astype(np.float32) if kind == "derived" else rng.normal(0, 0.02, a.shape).astype(np.float32)
        safetensors(left, [("model.layers.0.mlp.up_proj.weight", a)])
        safetensors(right, [("model.layers.0.mlp.up_proj.weight", b)])
    return left, right


def make_models(np):
    """Two ~500 MB Llama-shaped models: 7 layers of gate, up and down projections (4096 × 1536,
    F32) and norms; the right one the left plus noise."""
    left = os.path.join(bench.WORK, "model-500m-left.safetensors")
    right = os.path.join(bench.WORK, "model-500m-right.safetensors")
    if not os.path.exists(right):
        rng = np.random.default_rng(500)
        mine, theirs = [], []
        for layer in range(7):
            for role, shape in (("gate_proj", (UNITS, INPUTS)), ("up_proj", (UNITS, INPUTS)), ("down_proj", (INPUTS, UNITS))):
                weight = rng.normal(0, 0.02, shape).astype(np.float32)
                name = f"model.layers.{layer}.mlp.{role}.weight"
                mine.append((name, weight))
                theirs.append((name, weight + rng.normal(0, 0.01, shape).astype(np.float32)))
            norm = (1 + rng.normal(0, 0.05, (INPUTS,))).astype(np.float32)
            mine.append((f"model.layers.{layer}.input_layernorm.weight", norm))
            theirs.append((f"model.layers.{layer}.input_layernorm.weight", norm))
        safetensors(left, mine)
        safetensors(right, theirs)
    return left, right


def tokenizer_json(path, tokens):
    """A byte-level BPE tokenizer.json holding `tokens` (id order), no merges: enough to read back."""
    with open(path, "w") as f:
        json.dump({"version": "1.0", "added_tokens": [], "model": {"type": "BPE", "vocab": {t: i for i, t in enumerate(tokens)},
                                                                   "merges": []}}, f)


def make_7b_slices(np):
    """Two folders, each a 7B-shaped slice of a model (Llama 2 7B's embedding, 32,000 × 4096, and
    its first FFN layer, 11,008 units; BF16) with its tokenizer: the right one derived from the
    left (FFN plus noise, hidden units in place; vocabulary re-ordered and the embedding's rows
    moved with it)."""
    vocab, hidden, units = 32000, 4096, 11008
    left, right = os.path.join(bench.WORK, "slice-7b-left"), os.path.join(bench.WORK, "slice-7b-right")
    if not os.path.exists(os.path.join(right, "tokenizer.json")):
        rng = np.random.default_rng(7)
        os.makedirs(left, exist_ok=True)
        os.makedirs(right, exist_ok=True)
        tokens = ["Ġt%d" % i for i in range(vocab)]
        order = rng.permutation(vocab)   # right id -> left id
        embedding = rng.normal(0, 0.02, (vocab, hidden)).astype(np.float32)
        mine = [("model.embed_tokens.weight", embedding)]
        theirs = [("model.embed_tokens.weight", embedding[order])]
        for role, shape in (("gate_proj", (units, hidden)), ("up_proj", (units, hidden)), ("down_proj", (hidden, units))):
            weight = rng.normal(0, 0.02, shape).astype(np.float32)
            mine.append((f"model.layers.0.mlp.{role}.weight", weight))
            theirs.append((f"model.layers.0.mlp.{role}.weight", weight + rng.normal(0, 0.01, shape).astype(np.float32)))
        safetensors(os.path.join(left, "model.safetensors"), mine, "BF16")
        safetensors(os.path.join(right, "model.safetensors"), theirs, "BF16")
        tokenizer_json(os.path.join(left, "tokenizer.json"), tokens)
        tokenizer_json(os.path.join(right, "tokenizer.json"), [tokens[i] for i in order])
    return left, right


def compare_case(name, left, right):
    """A case with `left` as party a and `right` as party b (not timed)."""
    case = os.path.join(bench.WORK, name)
    for path in [case, case + "-wal", case + "-shm"]:
        if os.path.exists(path):
            os.remove(path)
    subprocess.run([bench.EXHIBIT, "init", case, "--title", "bench", "--examiner", "bench"], check=True, stdout=subprocess.DEVNULL)
    for party, path in (("a", left), ("b", right)):
        subprocess.run([bench.EXHIBIT, "add", case, path, "--party", party], check=True, stdout=subprocess.DEVNULL)
    return case


def bench_compare():
    python = os.path.join(bench.ROOT, ".venv", "bin", "python3")
    have_scipy = os.path.exists(python) and os.system(f"{python} -c 'import scipy, numpy' 2>/dev/null") == 0
    if not have_scipy:
        print("\ncompare: skipped (needs NumPy and SciPy in .venv: make bench installs them)")
        return
    sys.path.insert(0, os.path.join(bench.ROOT, ".venv", "lib", f"python{sys.version_info.major}.{sys.version_info.minor}", "site-packages"))
    import numpy as np
    script = os.path.join(bench.WORK, "scipy_independence.py")
    with open(script, "w") as f:
        f.write(SCIPY)
    print(f"\ncompare: the independence test on one FFN layer pair ({UNITS} units × {INPUTS} inputs, F32)\n")
    print(f"{'command':58} {'seconds':>9} {'peak RSS MiB':>13}")
    for kind in ("derived", "independent"):
        left, right = make_pair(np, kind)
        case = compare_case(f"compare-{kind}.exhibit", left, right)
        t_sc, rss_sc = bench.best_of(3, lambda: bench.measure(f"{python} {script} {left} {right}"))
        t_ex, rss_ex = bench.best_of(3, lambda: bench.measure(
            f"{bench.EXHIBIT} compare {case} --left a --right b --methods compare.weights.independence"))
        print(f"{'scipy (cosines, linear_sum_assignment, spearmanr), ' + kind:58} {t_sc:9.2f} {rss_sc / bench.MIB:13.1f}")
        print(f"{'exhibit compare --methods independence, ' + kind:58} {t_ex:9.2f} {rss_ex / bench.MIB:13.1f}")
    left, right = make_models(np)
    size = os.path.getsize(left) + os.path.getsize(right)
    case = compare_case("compare-500m.exhibit", left, right)
    t_all, rss_all = bench.best_of(1, lambda: bench.measure(f"{bench.EXHIBIT} compare {case} --left a --right b"))
    print(f"\nexhibit compare, every method, two models of {size / 2 / bench.MIB:.0f} MiB each: {t_all:.2f} s, peak RSS {rss_all / bench.MIB:.1f} MiB")
    left, right = make_7b_slices(np)
    size = sum(os.path.getsize(os.path.join(left, name)) for name in os.listdir(left))
    case = compare_case("compare-7b.exhibit", left, right)
    for methods in ("compare.weights.embedding_alignment", "compare.weights.independence", None):
        t, rss = bench.best_of(1, lambda: bench.measure(f"{bench.EXHIBIT} compare {case} --left a --right b"
                                                        + (f" --methods {methods}" if methods else "")))
        print(f"exhibit compare, {methods or 'every method'}, 7B-shaped slices of {size / bench.MIB:.0f} MiB each: "
              f"{t:.2f} s, peak RSS {rss / bench.MIB:.1f} MiB")
