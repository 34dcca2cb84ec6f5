# Vernier — `make run` runs the main job on the embedded default; `make test` runs the tests; `make fuzz` fuzzes.
# Each first installs the system libraries Vernier links (apt; sudo only when not root).

SWIFT        ?= swift
APT_PACKAGES := pkg-config libopenblas-dev libmodbus-dev libsqlite3-dev
VERNIER      := .build/release/vernier

.PHONY: all deps build run test fuzz clean

all: build

## deps: install missing system packages (OpenBLAS, libmodbus) with apt
deps:
	@missing=""; \
	for package in $(APT_PACKAGES); do \
	  dpkg -s $$package >/dev/null 2>&1 || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  sudo=""; [ "$$(id -u)" -ne 0 ] && sudo="sudo"; \
	  echo "Installing system packages:$$missing"; \
	  $$sudo apt-get update -qq && \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

## build: release build of the vernier tool
build: deps
	$(SWIFT) build -c release --product vernier

## run: the main job on the embedded default (simulated plant)
run: build
	$(VERNIER) tune awake/Steering-v1 --optimizer bo --budget 30 --seed 1

## test: every test (Swift Testing)
test: deps
	$(SWIFT) test

## fuzz: every fuzz target (Fuzz/, libFuzzer + AddressSanitizer) for FUZZ_SECONDS each; see RELIABILITY.md
FUZZ_SECONDS ?= 60
fuzz: deps
	cd Fuzz && $(SWIFT) build --product vernier-fuzz --sanitize=fuzzer --sanitize=address
	FUZZ_SECONDS=$(FUZZ_SECONDS) Fuzz/run.sh

clean:
	rm -rf .build Fuzz/.build
