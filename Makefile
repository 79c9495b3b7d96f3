# Exhibit — the two commands a newcomer runs: `make run` and `make test`.
SHELL := /bin/bash
SWIFT ?= swift
EXHIBIT := .build/debug/exhibit
OUT := out
CASE := $(OUT)/sample.exhibit
# System packages: libarchive (archives), zlib and SQLite headers; python3 serves as a test oracle.
APT_PACKAGES := libarchive-dev zlib1g-dev libsqlite3-dev pkg-config python3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test build deps bench samples clean

## deps: install the system packages that are missing (Debian/Ubuntu).
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; \
	fi

## build: a debug build of everything.
build: deps
	$(SWIFT) build

## run: install, build, and run the main job on samples/: the sample case, ingested and summarized.
run: build
	@rm -rf $(OUT) && mkdir -p $(OUT)
	$(EXHIBIT) init $(CASE) --title "Aurora Dynamics v. Borealis Labs (sample)" --examiner "Sample Examiner" --organization "Exhibit samples"
	$(EXHIBIT) add $(CASE) samples/case/claimant/internal-drop.tar.xz --party claimant --timezone Europe/London
	$(EXHIBIT) add $(CASE) samples/case/respondent/release-v2.tar.gz samples/case/respondent/code-drop.zip --party respondent
	$(EXHIBIT) show $(CASE)
	@echo
	@echo "case file: $(CASE)   (try: $(EXHIBIT) findings $(CASE) --kind 'archive.*')"

## test: the whole test suite (unit, examples, end to end through the binary).
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test

## bench: release build; throughput and peak memory against openssl and bsdtar on the same bytes.
bench: deps
	$(SWIFT) build -c release
	bash scripts/bench.sh

## samples: regenerate samples/ (needs gzip bzip2 xz zstd lz4 zip 7z genisoimage ar bsdtar).
samples:
	python3 scripts/make-samples.py

clean:
	rm -rf .build $(OUT) bench-work
