#!/usr/bin/env bash
# make bench: generated inputs (never committed), release build, figures and ratios printed.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 scripts/bench.py "$@"
