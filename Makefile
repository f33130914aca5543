# The README's two commands are `make demo` and `make test`; everything else is a step of those.
SWIFT ?= swift
VOUCH := .build/release/vouch

.PHONY: setup setup-system build demo test bench clean

setup:
	scripts/setup.sh

setup-system:
	scripts/setup.sh --system-only

# Release builds link the Swift runtime statically, as the Dockerfile ships it: `vouch` then starts in
# ~5 ms instead of ~12 (no symbol binding of libswiftCore and Foundation at every start).
build: setup-system
	$(SWIFT) build -c release --static-swift-stdlib --product vouch

demo: build
	Fixtures/example/demo.sh $(VOUCH)

test: setup
	$(SWIFT) test

bench: build
	Benchmarks/digest.sh

clean:
	rm -rf .build .venv-peers Fixtures/generated Benchmarks/work

# Every fuzz target (Fuzz/README.md) for FUZZ_SECONDS each, under libFuzzer and AddressSanitizer; the fuzz
# package has its own build directory (Fuzz/.build), so `make test` never compiles it.
FUZZ_SECONDS ?= 60
.PHONY: fuzz
fuzz: setup-system
	FUZZ_SECONDS=$(FUZZ_SECONDS) Fuzz/run.sh
