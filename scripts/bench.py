#!/usr/bin/env python3
"""Exhibit benchmarks: throughput and peak memory of `exhibit add` next to standard tools on the
same bytes, printed as figures and ratios. Inputs are generated under bench-work/ (git-ignored).

  1 GiB tar of mixed members (one large blob, many small files) and its tar.gz, plus a 100 MiB
  tar of the same shape to show memory stays flat as inputs grow.
"""
import io, json, os, random, resource, shutil, subprocess, sys, tarfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "bench-work")
EXHIBIT = os.path.join(ROOT, ".build", "release", "exhibit")
MIB = 1 << 20


def weights_like(noise, n):
    """Bytes shaped like bf16 weights: random mantissas, exponents from a narrow range,
    so gzip finds a little to compress (as it does on real checkpoints)."""
    block = bytearray(noise.read(n))
    block[1::2] = block[1::2].translate(bytes(0x38 + (i % 8) for i in range(256)))
    return bytes(block)


def make_tar(path, total_mib, small_files):
    """One large blob (like weights) plus many small text files (like code)."""
    if os.path.exists(path):
        return
    rng = random.Random(42)
    small_size = 8 * 1024
    blob_size = total_mib * MIB - small_files * (small_size + 512) - 4 * MIB
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as tar, open("/dev/urandom", "rb") as noise:
        info = tarfile.TarInfo("release/model.safetensors")
        info.size = blob_size

        class Weights:
            def __init__(self, n): self.left = n
            def read(self, n=-1):
                n = self.left if n < 0 else min(n, self.left)
                self.left -= n
                return weights_like(noise, n)
        tar.addfile(info, Weights(blob_size))
        line = b"def step(batch):\n    return model(batch) * 0.5  # padding text\n"
        for index in range(small_files):
            info = tarfile.TarInfo(f"release/src/module_{index:05d}.py")
            data = (line * (small_size // len(line) + 1))[:small_size]
            data = data[:-8] + b"%08d" % rng.randrange(10**8)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def make_code_drop(path, files):
    """A tar.gz of many small source files of varied sizes and little redundancy (like an
    internal code drop): the per-member cost, not the per-byte cost, decides its time."""
    if os.path.exists(path):
        return
    rng = random.Random(7)
    alphabet = b"abcdefghijklmnopqrstuvwxyz_(): =+.,0123456789\n    "
    with tarfile.open(path, "w:gz", compresslevel=6) as tar:
        for index in range(files):
            data = bytes(rng.choice(alphabet) for _ in range(rng.randint(200, 6000)))
            info = tarfile.TarInfo(f"drop/pkg{index % 97}/module_{index:05d}.py")
            info.size, info.mtime = len(data), 1_700_000_000 + index
            tar.addfile(info, io.BytesIO(data))


MEASURE = ("import resource,subprocess,sys,time;s=time.perf_counter();"
           "r=subprocess.run(sys.argv[1],shell=True,stdout=subprocess.DEVNULL,stderr=subprocess.PIPE);"
           "sys.exit(r.stderr.decode()) if r.returncode else None;"
           "print(time.perf_counter()-s, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss*1024)")


def measure(command):
    """Wall seconds and peak RSS (bytes) of one shell command, measured in a fresh process so
    that peaks of earlier commands do not carry over."""
    out = subprocess.run([sys.executable, "-c", MEASURE, command], check=True, capture_output=True, text=True)
    seconds, rss = out.stdout.split()
    return float(seconds), int(rss)


def exhibit_add(path):
    case = os.path.join(WORK, "bench.exhibit")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(case + suffix):
            os.remove(case + suffix)
    subprocess.run([EXHIBIT, "init", case, "--title", "bench", "--examiner", "bench"], check=True,
                   stdout=subprocess.DEVNULL)
    return measure(f"{EXHIBIT} add {case} {path} --jobs 1")


def best_of(runs, fn):
    results = [fn() for _ in range(runs)]
    return min(r[0] for r in results), max(r[1] for r in results)


def main():
    if not os.path.exists(EXHIBIT):
        sys.exit("build first: swift build -c release")
    os.makedirs(WORK, exist_ok=True)
    big, small = os.path.join(WORK, "mixed-1g.tar"), os.path.join(WORK, "mixed-100m.tar")
    print("generating inputs under bench-work/ …", flush=True)
    make_tar(big, 1024, 20_000)
    make_tar(small, 100, 2_000)
    blob_only = os.path.join(WORK, "blob-1g.tar")
    make_tar(blob_only, 1024, 0)
    drop = os.path.join(WORK, "code-drop.tar.gz")
    make_code_drop(drop, 50_000)
    gz = big + ".gz"
    if not os.path.exists(gz):
        subprocess.run(f"gzip -1 -c {big} > {gz}", shell=True, check=True)
    size, gz_size = os.path.getsize(big), os.path.getsize(gz)
    subprocess.run(f"cat {big} {gz} > /dev/null", shell=True, check=True)  # warm the page cache

    rows = []
    def row(name, nbytes, seconds, rss):
        rows.append((name, nbytes / MIB / seconds, seconds, rss / MIB))
        return nbytes / MIB / seconds

    openssl = row("openssl dgst -sha256 (tar)", size, *best_of(3, lambda: measure(f"openssl dgst -sha256 {big}")))
    ex_tar = row("exhibit add (tar)", size, *best_of(3, lambda: exhibit_add(big)))
    bsdtar_x = row("bsdtar -xOf (tar.gz) | cat > /dev/null", size, *best_of(3, lambda: measure(f"bsdtar -xOf {gz} | cat > /dev/null")))
    row("bsdtar -xOf (tar.gz) | sha256sum", size, *best_of(3, lambda: measure(f"bsdtar -xOf {gz} | sha256sum")))
    ex_gz = row("exhibit add (tar.gz)", size, *best_of(3, lambda: exhibit_add(gz)))
    # Exhibit inflates gzip with ISA-L, not zlib: its own cost shows against igzip (Debian: isal).
    igzip = shutil.which("igzip") and row("igzip -dc (tar.gz) | cat > /dev/null", size,
                                          *best_of(3, lambda: measure(f"igzip -dc {gz} | cat > /dev/null")))
    row("openssl dgst -sha256 (blob-only tar)", size, *best_of(3, lambda: measure(f"openssl dgst -sha256 {blob_only}")))
    ex_blob = row("exhibit add (blob-only tar)", size, *best_of(3, lambda: exhibit_add(blob_only)))
    drop_size = int(subprocess.run(f"gzip -dc {drop} | wc -c", shell=True, check=True, capture_output=True).stdout)
    bsdtar_drop_run = best_of(3, lambda: measure(f"bsdtar -xOf {drop} | cat > /dev/null"))
    ex_drop_run = best_of(3, lambda: exhibit_add(drop))
    bsdtar_drop = row("bsdtar -xOf (code drop) | cat > /dev/null", drop_size, *bsdtar_drop_run)
    ex_drop = row("exhibit add (code drop)", drop_size, *ex_drop_run)
    _, rss_small = exhibit_add(small)
    _, rss_big = exhibit_add(big)

    print(f"\ninputs: {size / MIB:.0f} MiB tar (1 blob + 20,000 small files), {gz_size / MIB:.0f} MiB tar.gz; "
          f"code drop: {drop_size / MIB:.0f} MiB tar.gz of 50,000 source files; "
          f"throughput in MiB of uncompressed tar per second; best of 3; peak RSS per command\n")
    print(f"{'command':42} {'MiB/s':>9} {'seconds':>9} {'peak RSS MiB':>13}")
    for name, rate, seconds, rss in rows:
        print(f"{name:42} {rate:9.0f} {seconds:9.2f} {rss:13.1f}")
    print("\nratios (target ≥ 0.90):")
    print(f"  exhibit add tar    / openssl dgst -sha256 : {ex_tar / openssl:.2f}")
    print(f"  exhibit add tar.gz / bsdtar -xOf          : {ex_gz / bsdtar_x:.2f}")
    if igzip:
        print(f"  exhibit add tar.gz / igzip -dc           : {ex_gz / igzip:.2f}  (the same inflate: Exhibit's own cost)")
    print(f"  exhibit add blob-only tar / openssl       : {ex_blob / openssl:.2f}  (per-byte cost without 20,000 members)")
    print(f"  exhibit add code drop / bsdtar -xOf       : {ex_drop / bsdtar_drop:.2f}  "
          f"(50,000 members: {(ex_drop_run[0] - bsdtar_drop_run[0]) / 50_000 * 1e6:.0f} µs a member more)")
    print(f"peak RSS of exhibit add: {rss_small / MIB:.1f} MiB on 100 MiB, {rss_big / MIB:.1f} MiB on 1 GiB (target < 100, flat)")
    least_work(os.path.join(WORK, "bench.exhibit"), big, rows[0][2])


def read_seconds(path):
    """Reading the bytes at all: cat's CPU time (user + system) from the page cache, least of 3."""
    reads = []
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(f"cat {path} > /dev/null", shell=True, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        reads.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return min(reads)


def storing_rows(case):
    """SQLite storing the rows exhibit wrote into `case`, in the case's schema: copied by SQLite
    itself (INSERT … SELECT in write order: no values bound from outside) into an empty case of
    the same schema, less the same SELECTs into plain tables (reading the source rows is not the
    case's work). Returns the CPU seconds, the row counts and the size of the copy."""
    import sqlite3
    copy = os.path.join(WORK, "rows-only.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(copy + suffix):
            os.remove(copy + suffix)
    source = sqlite3.connect(case)
    schema = [sql for (sql,) in source.execute(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid")]
    counts = {table: source.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in ("artifact", "finding")}
    source.close()
    db = sqlite3.connect(copy, isolation_level=None)
    for pragma in ("page_size = 16384", "journal_mode = WAL", "synchronous = NORMAL", "cache_size = -8192",
                   "temp_store = MEMORY"):
        db.execute(f"PRAGMA {pragma}")
    for sql in schema:
        db.execute(sql)
    db.execute("ATTACH DATABASE ? AS source", (case,))
    tables = ("artifact", "finding", "entity", "mention")
    # The appends themselves are taken off with the reading, so the figure stays below what
    # storing the rows costs.
    for table in tables:
        db.execute(f"CREATE TEMP TABLE plain_{table} AS SELECT * FROM source.{table} WHERE 0")
    started = time.process_time()
    db.execute("BEGIN")
    for table in tables:
        db.execute(f"INSERT INTO temp.plain_{table} SELECT * FROM source.{table} ORDER BY rowid")
    db.execute("COMMIT")
    reading_rows = time.process_time() - started
    started = time.process_time()
    db.execute("BEGIN")
    for table in tables:
        # ORDER BY keeps exhibit's write order and turns off SQLite's transfer optimization (a
        # plain SELECT * into an empty table copies records and index entries without inserting).
        db.execute(f"INSERT INTO main.{table} SELECT * FROM source.{table} ORDER BY rowid")
    db.execute("COMMIT")
    seconds = max(time.process_time() - started - reading_rows, 0)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return seconds, counts, os.path.getsize(copy)


def least_work(case, tar, sha_seconds):
    """What `exhibit add` of the tar cannot avoid, whatever tool does it: SHA-256 over the tar and
    over each member (two streams: a stream cannot be split between cores), and SQLite storing
    the rows in the case's schema (`storing_rows`); the member hash is timed at openssl's rate.
    Their CPU time over the cores is the least wall time any such tool needs here, and so the
    best ratio it could reach."""
    with tarfile.open(tar) as archive:
        member_bytes = sum(member.size for member in archive if member.isfile())
    members_seconds = member_bytes / (os.path.getsize(tar) / sha_seconds)
    read = read_seconds(tar)
    rows_seconds, counts, _ = storing_rows(case)
    cores = os.cpu_count() or 1
    least = max(sha_seconds, members_seconds, (sha_seconds + members_seconds + rows_seconds + read) / cores)
    print(f"\nleast work for the tar, whatever the tool (CPU seconds): reading it {read:.2f} (cat), SHA-256 of it "
          f"{sha_seconds:.2f} (openssl) and of its members {members_seconds:.2f} (at openssl's rate), SQLite storing the "
          f"{counts['artifact']:,} artifact and {counts['finding']:,} finding rows {rows_seconds:.2f} (INSERT … SELECT "
          f"into the same schema, less the same SELECT into plain tables); on {cores} cores at least {least:.2f} s, so a ratio of at most {sha_seconds / least:.2f} "
          f"against openssl before parsing the tar or making a single row")


def make_configs():
    """A 50 MB tokenizer.json and a folder of 10,000 small config.json files."""
    tokenizer = os.path.join(WORK, "tokenizer.json")
    if not os.path.exists(tokenizer):
        vocab = {f"tok_{i:07d}": i for i in range(1_400_000)}
        merges = [f"t{i % 977} k{i % 131}" for i in range(400_000)]
        with open(tokenizer, "w") as f:
            json.dump({"version": "1.0", "added_tokens": [], "model": {"type": "BPE", "vocab": vocab, "merges": merges}}, f)
    folder = os.path.join(WORK, "configs")
    if not os.path.exists(folder):
        os.makedirs(folder)
        for i in range(10_000):
            with open(os.path.join(folder, f"config-{i:05d}.json"), "w") as f:
                json.dump({"architectures": ["BenchForCausalLM"], "model_type": "llama", "hidden_size": 1024 + i,
                           "num_hidden_layers": 16, "num_attention_heads": 16, "intermediate_size": 4096,
                           "rms_norm_eps": 1e-5, "vocab_size": 32000, "learning_rate": 3e-4}, f)
    return tokenizer, folder


def bench_configs():
    tokenizer, folder = make_configs()
    size = os.path.getsize(tokenizer)
    python_one = f"{sys.executable} -c \"import json; json.load(open('{tokenizer}'))\""
    rows = []
    t_py, rss_py = best_of(3, lambda: measure(python_one))
    t_ex, rss_ex = best_of(3, lambda: exhibit_add(tokenizer))
    rows += [("python json.load (tokenizer.json)", size, t_py, rss_py), ("exhibit add (tokenizer.json)", size, t_ex, rss_ex)]
    print(f"\nconfigs: {size / MIB:.0f} MiB tokenizer.json (1.4M vocabulary, 400k merges)\n")
    print_rows(rows)
    print(f"\nratio: tokenizer.json exhibit/python {t_py / t_ex:.2f}")
    bench_config_folder(folder)


def print_rows(rows):
    print(f"{'command':48} {'MiB/s':>9} {'seconds':>9} {'peak RSS MiB':>13}")
    for name, nbytes, seconds, rss in rows:
        print(f"{name:48} {nbytes / MIB / seconds:9.1f} {seconds:9.2f} {rss / MIB:13.1f}")


def bench_config_folder(folder=None):
    """The 10,000 small config.json files: exhibit add (given as paths, and as their folder)
    next to Python reading, hashing (SHA-256) and parsing each, with the cost per file."""
    folder = folder or make_configs()[1]
    files = sorted(os.path.join(folder, name) for name in os.listdir(folder))
    listing = os.path.join(WORK, "configs.txt")
    with open(listing, "w") as f:
        f.write("\n".join(files))
    small_bytes = sum(os.path.getsize(p) for p in files)
    python_many = (f"{sys.executable} -c \"import hashlib, json\nfor p in open('{listing}').read().split():\n"
                   f"    b = open(p, 'rb').read(); hashlib.sha256(b).hexdigest(); json.loads(b)\"")
    t_pym, rss_pym = best_of(3, lambda: measure(python_many))
    t_exm, rss_exm = best_of(3, lambda: exhibit_add(f"$(cat {listing})"))
    t_exf, rss_exf = best_of(3, lambda: exhibit_add(folder))
    n = len(files)
    print(f"\nconfigs: {n:,} config.json files, {small_bytes / 1024:.0f} KiB\n")
    print_rows([("python json.loads + hashlib.sha256 (10,000 configs)", small_bytes, t_pym, rss_pym),
                ("exhibit add (10,000 configs as paths)", small_bytes, t_exm, rss_exm),
                ("exhibit add (their folder)", small_bytes, t_exf, rss_exf)])
    print(f"\nper file: python {t_pym / n * 1000:.3f} ms; exhibit {t_exm / n * 1000:.3f} ms as paths, {t_exf / n * 1000:.3f} ms "
          f"as a folder (acquisition, hashing, extraction and the case's rows); exhibit/python {t_exf / t_pym:.1f}x")


def fresh_case(name, original):
    """A new case under bench-work/ holding one original (not timed)."""
    case = os.path.join(WORK, name)
    for path in [case, case + "-wal", case + "-shm"]:
        if os.path.exists(path):
            os.remove(path)
    subprocess.run([EXHIBIT, "init", case, "--title", "bench", "--examiner", "bench"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([EXHIBIT, "add", case, original], check=True, stdout=subprocess.DEVNULL)
    return case


def bench_bundle():
    """Export and verify a bundle with a 1 GiB payload, next to bagit.py making and validating a
    bag of the same file with the same two algorithms."""
    blob = os.path.join(WORK, "blob-1g.tar")
    make_tar(blob, 1024, 0)
    bagit = os.path.join(ROOT, ".venv", "bin", "bagit.py")
    if not os.path.exists(bagit):
        print("\nbundle: skipped (run `make oracles` for bagit.py)")
        return
    case = fresh_case("bundle-bench.exhibit", blob)
    out = os.path.join(WORK, "bundle-out")
    bag = os.path.join(WORK, "bagit-out")
    def export():
        subprocess.run(f"rm -rf {out} {out}.tar", shell=True, check=True)
        return measure(f"{EXHIBIT} bundle {case} --out {out}")
    def make_bag():
        subprocess.run(f"rm -rf {bag} && mkdir -p {bag} && cp {blob} {bag}/", shell=True, check=True)
        return measure(f"{bagit} --quiet --sha256 --sha512 {bag}")
    t_export, rss_export = best_of(2, export)
    t_verify, rss_verify = best_of(2, lambda: measure(f"{EXHIBIT} verify {out}"))
    t_bag, rss_bag = best_of(2, make_bag)
    t_validate, rss_validate = best_of(2, lambda: measure(f"{bagit} --quiet --validate {bag}"))
    size = os.path.getsize(blob)
    print(f"\nbundle: 1 GiB payload, SHA-256 and SHA-512 manifests\n")
    print(f"{'command':42} {'MiB/s':>9} {'seconds':>9} {'peak RSS MiB':>13}")
    for name, seconds, rss in [("exhibit bundle", t_export, rss_export), ("bagit.py --sha256 --sha512 (make)", t_bag, rss_bag),
                               ("exhibit verify", t_verify, rss_verify), ("bagit.py --validate", t_validate, rss_validate)]:
        print(f"{name:42} {size / MIB / seconds:9.0f} {seconds:9.2f} {rss / MIB:13.1f}")
    print(f"\nratios (bagit.py time / exhibit time): bundle {t_bag / t_export:.2f}, verify {t_validate / t_verify:.2f}")


def bench_export():
    """Export, verify and print the graph of a case of 50,000 members (the code drop), next to
    Python's own JSON parser and pretty printer over the graph it writes: exports stream from the
    case, so their memory must not grow with the members."""
    drop = os.path.join(WORK, "code-drop.tar.gz")
    make_code_drop(drop, 50_000)
    case = fresh_case("export-bench.exhibit", drop)
    out = os.path.join(WORK, "export-out")
    def export():
        subprocess.run(f"rm -rf {out}", shell=True, check=True)
        return measure(f"{EXHIBIT} bundle {case} --out {out} --exhibits none")
    rows = [("exhibit bundle --exhibits none", *best_of(2, export)),
            ("exhibit verify", *best_of(2, lambda: measure(f"{EXHIBIT} verify {out}"))),
            ("exhibit graph --format json", *best_of(2, lambda: measure(f"{EXHIBIT} graph {case} --format json"))),
            ("python3 -m json.tool graph.json", *best_of(2, lambda: measure(
                f"{sys.executable} -m json.tool {out}/data/graph/graph.json")))]
    graph = os.path.getsize(os.path.join(out, "data", "graph", "graph.json"))
    print(f"\nexport: a case of 50,000 members (graph.json {graph / MIB:.0f} MiB)\n")
    print(f"{'command':42} {'seconds':>9} {'peak RSS MiB':>13}")
    for name, seconds, rss in rows:
        print(f"{name:42} {seconds:9.2f} {rss / MIB:13.1f}")
    print(f"\nratio (json.tool time / exhibit graph time): {rows[3][1] / rows[2][1]:.2f}")


HASH_PLUGIN = """import hashlib, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from exhibit_plugin import serve
def extract(artifact, sink):
    digest, total = hashlib.sha256(), 0
    while True:
        chunk = artifact.read(1 << 20)
        if not chunk:
            break
        digest.update(chunk)
        total += len(chunk)
    sink.emit("bench.hash", digest.hexdigest(), attributes={"bytes": total})
serve({"id": "hash_only", "version": "1.0.0", "summary": "hashes", "rationale": "hashes; sees nothing",
       "accepts": {"name_patterns": ["*.safetensors"]}, "finding_kinds": [{"kind": "bench.hash"}]}, extract)
"""


def bench_external():
    """External extractors: the per-artifact cost of running an extractor out of process (the
    config extractor on 10,000 small files, in process and --isolate), and the throughput of
    streaming a 1 GiB archive member to a plugin that only hashes it, next to openssl."""
    _, folder = make_configs()
    blob = os.path.join(WORK, "blob-1g.tar")
    make_tar(blob, 1024, 0)
    plugin = os.path.join(WORK, "hash-plugin")
    os.makedirs(plugin, exist_ok=True)
    shutil.copy(os.path.join(ROOT, "samples", "plugins", "python", "python_dependencies", "exhibit_plugin.py"), plugin)
    with open(os.path.join(plugin, "hash_only.py"), "w") as f:
        f.write(HASH_PLUGIN)
    with open(os.path.join(plugin, "extractor.json"), "w") as f:
        json.dump({"id": "hash_only", "version": "1.0.0", "protocol": 1, "command": ["python3", "hash_only.py"]}, f)
    def add(path, extra):
        case = os.path.join(WORK, "external.exhibit")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(case + suffix):
                os.remove(case + suffix)
        subprocess.run([EXHIBIT, "init", case, "--title", "bench", "--examiner", "bench"], check=True, stdout=subprocess.DEVNULL)
        return measure(f"{EXHIBIT} add {case} {path} {extra}")
    t_in, rss_in = best_of(1, lambda: add(folder, "--extractors config"))
    t_out, rss_out = best_of(1, lambda: add(folder, "--extractors config --isolate"))
    size = os.path.getsize(blob)
    t_ssl, rss_ssl = best_of(3, lambda: measure(f"openssl dgst -sha256 {blob}"))
    t_hash, rss_hash = best_of(3, lambda: add(blob, f"--extractors archive,hash_only --plugin-dir {plugin} --jobs 1"))
    print(f"\nexternal extractors: 10,000 config.json files; a 1 GiB tar whose one member is hashed by a plugin\n")
    print(f"{'command':48} {'seconds':>9} {'peak RSS MiB':>13}")
    for name, seconds, rss in [("exhibit add (10,000 configs, in process)", t_in, rss_in),
                               ("exhibit add (10,000 configs, --isolate)", t_out, rss_out),
                               ("openssl dgst -sha256 (1 GiB tar)", t_ssl, rss_ssl),
                               ("exhibit add (1 GiB member to a hashing plugin)", t_hash, rss_hash)]:
        print(f"{name:48} {seconds:9.2f} {rss / MIB:13.1f}")
    print(f"\nper-artifact cost out of process: {(t_out - t_in) / 10_000 * 1e6:.0f} µs more an artifact "
          f"({t_in / 10_000 * 1e3:.2f} ms in process, {t_out / 10_000 * 1e3:.2f} ms isolated)")
    print(f"streaming to a plugin: {size / MIB / t_hash:.0f} MiB/s, {t_ssl / t_hash:.2f} of openssl (target ≥ 0.5; "
          f"the host hashes the member too, and the plugin hashes it again, on 2 cores)")


NUMPY_STATS = """
import json, sys, time
import numpy as np
from safetensors import safe_open
figures = {}
with safe_open(sys.argv[1], framework="numpy") as f:   # memory-maps the file
    for name in f.keys():
        x = f.get_tensor(name)
        figures[name] = (x.size, float(np.mean(x, dtype=np.float64)), float(np.std(x, dtype=np.float64)),
                         float(x.min()), float(x.max()), float(np.sqrt(np.dot(x.astype(np.float64), x.astype(np.float64)))))
print(len(figures))
"""


def make_weights(path, gib=2):
    """A safetensors file of `gib` GiB: 64 F32 tensors of normal values (σ 0.02), seeded."""
    if os.path.exists(path):
        return
    import numpy as np
    rng = np.random.default_rng(18)
    count = 64
    per = gib * (1 << 30) // count // 4
    header, offset = {}, 0
    for i in range(count):
        header["model.layers.%d.mlp.up_proj.weight" % i] = {"dtype": "F32", "shape": [per], "data_offsets": [offset, offset + per * 4]}
        offset += per * 4
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(len(text).to_bytes(8, "little") + text)
        for _ in range(count):
            f.write((rng.standard_normal(per, dtype=np.float32) * np.float32(0.02)).tobytes())


def bench_weights():
    """The weights extractor on a generated 2 GiB safetensors file: the header-only path (bytes the
    extractor reads), the full pass (file hash, per-tensor hashes, statistics) next to `openssl dgst
    -sha256` and next to NumPy computing the same statistics alone over safetensors' memory map."""
    path = os.path.join(WORK, "weights-2g.safetensors")
    make_weights(path)
    size = os.path.getsize(path)
    header = 8 + int.from_bytes(open(path, "rb").read(8), "little")
    subprocess.run(f"cat {path} > /dev/null", shell=True, check=True)
    python = os.path.join(ROOT, ".venv", "bin", "python3")
    out = subprocess.run([EXHIBIT, "extract", path, "--json", "--extractor-option", "weights.tensor_data=false"],
                         check=True, capture_output=True, text=True).stdout
    summary = next(f for f in json.loads(out)["findings"] if f["kind"] == "weights.summary")["attributes"]
    rows = [("openssl dgst -sha256", *best_of(3, lambda: measure(f"openssl dgst -sha256 {path}"))),
            ("exhibit extract (weights: full pass)", *best_of(3, lambda: measure(f"{EXHIBIT} extract {path}"))),
            ("exhibit extract (header only)", *best_of(3, lambda: measure(
                f"{EXHIBIT} extract {path} --extractor-option weights.tensor_data=false")))]
    if os.path.exists(python):
        rows.append(("numpy statistics over safe_open (mmap)", *best_of(3, lambda: measure(
            f"env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE {python} -c '{NUMPY_STATS}' {path}"))))
    print(f"\nweights: a {size / MIB:.0f} MiB safetensors file of 64 F32 tensors\n")
    print(f"{'command':42} {'MiB/s':>9} {'seconds':>9} {'peak RSS MiB':>13}")
    for name, seconds, rss in rows:
        print(f"{name:42} {size / MIB / seconds:9.0f} {seconds:9.2f} {rss / MIB:13.1f}")
    print(f"\nheader-only: the extractor read {summary['bytes_read']:,} bytes for a {header:,}-byte header "
          f"(bound: header + 65,536 = {header + 65536:,}); the host still hashes the whole file")
    full = rows[1][1]
    print(f"ratios: exhibit full pass / openssl {rows[0][1] / full:.2f} (time of openssl / time of exhibit)"
          + (f", numpy / exhibit {rows[-1][1] / full:.2f} (target > 1: faster than NumPy while also hashing)"
             if len(rows) > 3 else ""))


def make_syslog(path, mib):
    """A syslog-style log of about `mib` MiB (RFC 3164 lines, ~100 bytes each), seeded, with its
    modification time set so that the inferred year is fixed."""
    if os.path.exists(path) and os.path.getsize(path) >= mib * MIB:
        return
    rng = random.Random(16)
    hosts = ["aurora-gpu-%02d" % i for i in range(8)]
    programs = ["sshd[2211]", "kernel", "CRON[3001]", "trainer[4711]", "systemd[1]"]
    messages = ["Accepted publickey for alice from 10.20.30.%d port 52144 ssh2", "step %d done, loss 2.31",
                "checkpoint saved to /home/alice/ckpt/step-%d", "GPU %d temperature normal"]
    seconds = 0
    with open(path, "w") as f:
        written = 0
        while written < mib * MIB:
            block = []
            for _ in range(10_000):
                seconds += rng.randint(0, 3)
                day, rest = divmod(seconds, 86400)
                line = "May %2d %02d:%02d:%02d %s %s: %s\n" % (1 + day % 28, rest // 3600, rest % 3600 // 60, rest % 60,
                                                           rng.choice(hosts), rng.choice(programs),
                                                           rng.choice(messages) % rng.randint(1, 250))
                block.append(line)
            text = "".join(block)
            f.write(text)
            written += len(text)
    os.utime(path, (1_717_200_000, 1_717_200_000))  # 2024-06-01


def make_trainer_state(path, mib):
    """A trainer_state.json of about `mib` MiB: log_history entries of loss, grad_norm, learning_rate."""
    if os.path.exists(path) and os.path.getsize(path) >= mib * MIB:
        return
    rng = random.Random(16)
    with open(path, "w") as f:
        f.write('{"global_step": 0, "max_steps": 0, "log_history": [\n')
        step, written = 0, 0
        while written < mib * MIB:
            step += 1
            entry = '  {"epoch": %.6f, "grad_norm": %.6f, "learning_rate": %.9f, "loss": %.6f, "step": %d},\n' % (
                step / 1000, rng.random() * 3, 5e-5 * (1 - step / 1e9), 3 * rng.random(), step)
            f.write(entry)
            written += len(entry)
        f.write('  {"epoch": 1.0, "step": %d, "train_runtime": 1.0}\n]}\n' % step)


def plaso_events_per_second(log, mib=10):
    """plaso's log2timeline on the first `mib` MiB of `log` (whole lines), with its syslog parser
    only: events stored (pinfo's count) per second of wall time. None when plaso is not in
    .venv-plaso (make bench installs it there)."""
    venv = os.path.join(ROOT, ".venv-plaso", "bin")
    if not os.path.exists(os.path.join(venv, "log2timeline")):
        return None
    cut = os.path.join(WORK, "syslog-plaso-%dm.log" % mib)
    with open(log, "rb") as source, open(cut, "wb") as out:
        out.write(source.read(mib * MIB).rsplit(b"\n", 1)[0] + b"\n")
    os.utime(cut, (1_717_200_000, 1_717_200_000))
    storage = os.path.join(WORK, "plaso.plaso")
    if os.path.exists(storage):
        os.remove(storage)
    seconds, _ = measure(f"{venv}/log2timeline --status_view none --parsers text/syslog_traditional "
                         f"--storage_file {storage} {cut}")
    report = subprocess.run([f"{venv}/pinfo", storage], capture_output=True, text=True).stdout
    totals = [int(line.split(":")[1]) for line in report.splitlines() if line.strip().startswith("Total :")]
    events = max(totals) if totals else 0
    return events, seconds


def bench_logs(mib=None):
    """The log extractor: `exhibit add` of a generated syslog-style file (and a tenth of it) and of
    a trainer_state.json, with events per second and peak RSS, next to plaso's log2timeline on a
    cut of the same syslog file and to the least work the events need (reading and SHA-256 of the
    bytes, and SQLite storing the same rows in the case's schema)."""
    mib = mib or int(os.environ.get("LOG_BENCH_MIB", "1024"))
    syslog = os.path.join(WORK, "syslog-%dm.log" % mib)
    make_syslog(syslog, mib)
    small = os.path.join(WORK, "syslog-%dm.log" % max(1, mib // 10))
    make_syslog(small, max(1, mib // 10))
    state = os.path.join(WORK, "trainer_state.json")
    make_trainer_state(state, max(1, mib // 10))
    rows = []
    least = {}
    cores = os.cpu_count() or 1
    for path in (small, syslog, state):
        size = os.path.getsize(path)
        lines = sum(1 for _ in open(path, "rb"))
        subprocess.run(f"cat {path} > /dev/null", shell=True, check=True)
        sha_seconds, _ = measure(f"sha256sum {path}")
        seconds, rss = exhibit_add(path)
        case = os.path.join(WORK, "bench.exhibit")
        rows.append((os.path.basename(path), size, lines, seconds, rss, sha_seconds, os.path.getsize(case)))
        if path == small:
            # The least work, on the smaller syslog file (the copy of a 1 GiB log's rows is as long as its ingest).
            stored, counts, copy_size = storing_rows(case)
            read = read_seconds(path)
            # Each is one stream (one hash, one SQLite writer): none goes faster than its own time.
            least[path] = (read, sha_seconds, stored, counts, copy_size,
                           max(sha_seconds, stored, (read + sha_seconds + stored) / cores))
    print(f"\nlogs: exhibit add (release, --jobs 1)\n")
    print(f"{'file':24} {'MiB':>7} {'lines':>11} {'seconds':>8} {'lines/s':>10} {'peak RSS MiB':>13} "
          f"{'sha256sum s':>11} {'case MiB':>9}")
    for name, size, lines, seconds, rss, sha, case in rows:
        print(f"{name:24} {size / MIB:7.0f} {lines:11,} {seconds:8.2f} {lines / seconds:10,.0f} {rss / MIB:13.1f} "
              f"{sha:11.2f} {case / MIB:9.0f}")
    read, sha, stored, counts, copy_size, floor = least[small]
    seconds = rows[0][3]
    print(f"\nleast work for {os.path.basename(small)} (CPU seconds): reading it {read:.2f} (cat), SHA-256 {sha:.2f}, SQLite "
          f"storing its {counts['finding']:,} finding rows {stored:.2f} (INSERT … SELECT into the same schema, less the same "
          f"SELECT into plain tables; {copy_size / MIB:.0f} MiB, against the case's {rows[0][6] / MIB:.0f}): on {cores} cores at least {floor:.2f} s; exhibit add "
          f"{seconds:.2f} s, {seconds / floor:.2f}x the least work (target: within 2x)")
    plaso = plaso_events_per_second(syslog)
    if plaso is None:
        print("plaso's log2timeline is not in .venv-plaso (make bench installs it)")
    else:
        events, plaso_seconds = plaso
        ours = rows[1][2] / rows[1][3]
        print(f"plaso log2timeline (text/syslog_traditional) on the first 10 MiB of the same file: {events:,} events in "
              f"{plaso_seconds:.2f} s, {events / plaso_seconds:,.0f} events/s; exhibit on the whole file {ours:,.0f} lines/s, "
              f"{ours / (events / plaso_seconds):.1f}x plaso (target: at least 20x)")


if __name__ == "__main__":
    os.makedirs(WORK, exist_ok=True)
    if "--weights-only" in sys.argv:
        bench_weights()
        sys.exit(0)
    if "--compare-only" in sys.argv:
        from bench_compare import bench_compare
        bench_compare()
        sys.exit(0)
    if "--config-folder-only" in sys.argv:
        bench_config_folder()
        sys.exit(0)
    if "--external-only" in sys.argv:
        bench_external()
        sys.exit(0)
    if "--logs-only" in sys.argv:
        bench_logs()
        sys.exit(0)
    if "--export-only" in sys.argv:
        bench_export()
        sys.exit(0)
    if "--notebooks-only" in sys.argv:
        from bench_notebooks import bench_notebooks
        bench_notebooks()
        sys.exit(0)
    if "--configs-only" not in sys.argv and "--bundle-only" not in sys.argv:
        main()
    if "--archives-only" in sys.argv:
        sys.exit(0)
    if "--bundle-only" not in sys.argv:
        bench_configs()
    bench_bundle()
    if "--bundle-only" not in sys.argv and "--configs-only" not in sys.argv:
        bench_export()
        bench_external()
        bench_weights()
        from bench_notebooks import bench_notebooks
        bench_notebooks()
        bench_logs()
        from bench_compare import bench_compare
        bench_compare()
