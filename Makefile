# Exhibit — the two commands a newcomer runs: `make run` and `make test`.
SHELL := /bin/bash
SWIFT ?= swift
EXHIBIT := .build/debug/exhibit
OUT := out
CASE := $(OUT)/sample.exhibit
# System packages: libarchive (archives), ISA-L (gzip inflate), liblzma (xz with a memory limit), zlib and SQLite headers; openssl,
# python3 and the sqlite3 shell (which edits a case behind Exhibit's back) serve as independent checkers in the tests.
APT_PACKAGES := libarchive-dev libisal-dev liblzma-dev zlib1g-dev libsqlite3-dev pkg-config openssl python3 python3-venv sqlite3
# The field's own tools, from PyPI, as test oracles: bagit.py and case_validate (CASE 1.5); NumPy
# dequantizes ggml blocks in float32 for the weights oracle (Tests/WeightsExtractorTests); nbformat judges
# which notebooks are valid (Tests/NotebookExtractorTests).
VENV := .venv
ORACLES := bagit==1.9.0 case-utils==0.18.0 numpy==2.4.6 nbformat==5.11.1
# What the benchmarks compare against, besides the oracles: safetensors' own reader; SciPy's assignment
# and rank correlation (the independence test).
BENCH_TOOLS := safetensors==0.8.0 scipy==1.17.1
# plaso's log2timeline, which the log benchmark is measured against, in a venv of its own (its
# many pinned dependencies stay out of the oracles').
PLASO := plaso==20260720
PLASO_VENV := .venv-plaso
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test build deps oracles bench samples clean

## deps: install the system packages that are missing (Debian/Ubuntu).
deps: system-packages oracles

.PHONY: system-packages
system-packages:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get -o DPkg::Lock::Timeout=600 update -qq && $(SUDO) apt-get -o DPkg::Lock::Timeout=600 install -y -qq $$missing; \
	fi

## oracles: bagit.py, case_validate and NumPy in .venv (git-ignored), for the tests; installed
## again when ORACLES changes (the list installed is kept in .venv/oracles.txt).
oracles:
	@[ -x $(VENV)/bin/python3 ] || python3 -m venv $(VENV)
	@[ "$$(cat $(VENV)/oracles.txt 2>/dev/null)" = "$(ORACLES)" ] || { \
		$(VENV)/bin/pip install -q --disable-pip-version-check $(ORACLES) && echo "$(ORACLES)" > $(VENV)/oracles.txt; }

## build: a debug build of everything.
build: system-packages
	$(SWIFT) build

## run: install, build, and run the main job on samples/: ingest the sample case, summarize it,
## compare the parties, export the signed tribunal bundle, verify it, and say where it is.
run: build
	@rm -rf $(OUT) && mkdir -p $(OUT)
	$(EXHIBIT) init $(CASE) --title "Aurora Dynamics v. Borealis Labs (sample)" --examiner "Sample Examiner" --organization "Exhibit samples"
	$(EXHIBIT) add $(CASE) samples/case/claimant --party claimant --timezone Europe/London
	$(EXHIBIT) add $(CASE) samples/case/respondent --party respondent
	$(EXHIBIT) add $(CASE) samples/case/reference --party reference
	$(EXHIBIT) show $(CASE)
	$(EXHIBIT) compare $(CASE) --left claimant --right respondent
	$(EXHIBIT) key generate $(OUT)/examiner.key
	SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct 2>/dev/null || date +%s) \
		$(EXHIBIT) bundle $(CASE) --out $(OUT)/bundle --sign $(OUT)/examiner.key --tar
	$(EXHIBIT) verify $(OUT)/bundle --key $(OUT)/examiner.pub
	@echo
	@echo "case file:  $(CASE)   (try: $(EXHIBIT) findings $(CASE) --kind 'archive.*')"
	@echo "bundle:     $(OUT)/bundle/ and $(OUT)/bundle.tar — report at $(OUT)/bundle/data/report/index.html"
	@echo "public key: $(OUT)/examiner.pub (see $(OUT)/bundle/data/VERIFY.txt to check it without Exhibit)"

## test: the whole test suite (unit, examples, end to end through the binary).
test: deps
	python3 -B -m unittest discover -s samples/plugins/python/python_dependencies/tests -p 'test_*.py'
	$(SWIFT) build --build-tests
	EXHIBIT_REQUIRE_ORACLES=1 EXHIBIT_ORACLES=$(CURDIR)/$(VENV)/bin $(SWIFT) test

## bench: release build; throughput and peak memory against openssl, bsdtar (libarchive-tools),
## igzip (isal), nbformat, SciPy and plaso on the same bytes.
bench: system-packages oracles
	@$(MAKE) --no-print-directory system-packages APT_PACKAGES="libarchive-tools isal"
	@$(VENV)/bin/python3 -c "import safetensors, scipy" 2>/dev/null || $(VENV)/bin/pip install -q --disable-pip-version-check $(BENCH_TOOLS)
	@[ -x $(PLASO_VENV)/bin/log2timeline ] || { python3 -m venv $(PLASO_VENV) && $(PLASO_VENV)/bin/pip install -q --disable-pip-version-check $(PLASO); }
	$(SWIFT) build -c release
	bash scripts/bench.sh

## samples: regenerate samples/ (needs gzip bzip2 xz zstd lz4 zip 7z genisoimage ar bsdtar).
samples:
	python3 scripts/make-samples.py

clean:
	rm -rf .build $(OUT) bench-work $(VENV)
