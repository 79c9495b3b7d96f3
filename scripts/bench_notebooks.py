"""make bench, notebooks (issue 17): 10,000 generated notebooks and one 500 MB notebook, read by
`exhibit add` next to nbformat's `read` + `validate` over the same files (target: at least 5x
faster, flat memory). Run by scripts/bench.py, or alone: python3 scripts/bench.py --notebooks-only.
Inputs are generated under bench-work/ and never committed."""
import base64, json, os, random, sys

import bench

NOTEBOOKS = 10_000
LARGE_MIB = 500


def small_notebook(index):
    cells = [{"cell_type": "markdown", "id": f"m{index}", "metadata": {}, "source": [f"# Run {index}\n", "SFT with TRL."]}]
    for count in range(1, 5):
        cells.append({"cell_type": "code", "execution_count": count, "id": f"c{index}-{count}", "metadata": {},
                      "source": ["from trl import SFTConfig\n", f"args = SFTConfig(learning_rate={count}e-5, num_train_epochs=3)\n"],
                      "outputs": [{"name": "stdout", "output_type": "stream",
                                   "text": [f"2024-06-0{count} 10:00:00 step {count * 10} loss {2.0 / count:.3f}\n"]}]})
    return {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
            "nbformat": 4, "nbformat_minor": 5}


def make_notebooks():
    folder = os.path.join(bench.WORK, "notebooks")
    if not os.path.exists(folder):
        os.makedirs(folder)
        for index in range(NOTEBOOKS):
            with open(os.path.join(folder, f"run-{index:05d}.ipynb"), "w") as f:
                json.dump(small_notebook(index), f, indent=1)
    large = os.path.join(bench.WORK, f"large-{LARGE_MIB}m.ipynb")
    if not os.path.exists(large):
        rng = random.Random(17)
        with open(large, "w") as f:
            f.write('{"cells": [{"cell_type": "code", "execution_count": 1, "id": "big", "metadata": {}, "source": ["plot()"], '
                    '"outputs": [{"output_type": "display_data", "metadata": {}, "data": {"image/png": "')
            chunk = 3 * (1 << 20)
            for _ in range(LARGE_MIB // 4):   # 3 MiB decoded, 4 MiB of base64, each
                f.write(base64.b64encode(rng.randbytes(chunk)).decode())
            f.write('"}}]}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n')
    return folder, large


NBFORMAT = """import nbformat, sys
paths = open(sys.argv[2]).read().split() if sys.argv[1] == "--list" else sys.argv[1:]
for path in paths:
    nbformat.validate(nbformat.read(path, as_version=nbformat.NO_CONVERT))"""


def bench_notebooks():
    folder, large = make_notebooks()
    python = os.path.join(bench.ROOT, ".venv", "bin", "python3")
    have_nbformat = os.path.exists(python) and os.system(f"{python} -c 'import nbformat' 2>/dev/null") == 0
    files = sorted(os.path.join(folder, name) for name in os.listdir(folder))
    listing = os.path.join(bench.WORK, "notebooks.txt")
    with open(listing, "w") as f:
        f.write("\n".join(files))
    script = os.path.join(bench.WORK, "nbformat_read.py")
    with open(script, "w") as f:
        f.write(NBFORMAT)
    small_bytes = sum(os.path.getsize(p) for p in files)
    rows = []
    if have_nbformat:
        rows.append(("nbformat read + validate (10,000)", small_bytes, *bench.best_of(3, lambda: bench.measure(f"{python} {script} --list {listing}"))))
    rows.append(("exhibit add (10,000 notebooks, folder)", small_bytes, *bench.best_of(3, lambda: bench.exhibit_add(folder))))
    large_bytes = os.path.getsize(large)
    if have_nbformat:
        rows.append((f"nbformat read + validate ({LARGE_MIB} MB)", large_bytes,
                     *bench.best_of(1, lambda: bench.measure(f"{python} {script} {large}"))))
    rows.append((f"exhibit add ({LARGE_MIB} MB notebook)", large_bytes, *bench.best_of(1, lambda: bench.exhibit_add(large))))
    print(f"\nnotebooks: {NOTEBOOKS:,} notebooks ({small_bytes / bench.MIB:.0f} MiB) and one of {large_bytes / bench.MIB:.0f} MiB\n")
    bench.print_rows(rows)
    if have_nbformat:
        print(f"\nratio nbformat/exhibit: 10,000 notebooks {rows[0][2] / rows[1][2]:.2f}, large {rows[2][2] / rows[3][2]:.2f} (target >= 5)")
    else:
        print("\nnbformat: skipped (run `make oracles` for .venv with nbformat)")
