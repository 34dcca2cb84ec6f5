# Vernier — `make run` runs the main job on the embedded default; `make test` runs the tests; `make fuzz` fuzzes.
# Each first installs the system libraries Vernier links (apt; sudo only when not root).

SWIFT        ?= swift
APT_PACKAGES := pkg-config libopenblas-dev libmodbus-dev libsqlite3-dev libnlopt-dev zlib1g-dev libpq-dev postgresql chromium socat \
                verilator iverilog yosys nextpnr-ice40 fpga-icestorm
VERNIER      := .build/release/vernier
PYTHON       ?= python3
PYTHON_VENV  := python/.venv
AP_TYPES     := .build/ap_types/hls4ml/templates/vivado/ap_types

.PHONY: all deps build run test test-python fuzz clean

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

## run: the main job on the embedded default (simulated plant), then its report (an HTML page; path printed)
run: build
	$(VERNIER) tune awake/Steering-v1 --optimizer bo --budget 30 --seed 1
	$(VERNIER) report latest --out report.html

## test: every test (Swift Testing, then the Python package's pytest suite). Serial: many suites start processes
## (vernier, device servers, Verilator, Chromium) through Foundation's Process, and two full parallel runs of ~10
## crashed with heap corruption while several threads polled Process.isRunning at once.
test: deps $(AP_TYPES)/ap_fixed.h
	VERNIER_AP_TYPES=$(CURDIR)/$(AP_TYPES) $(SWIFT) test --no-parallel
	$(MAKE) test-python

## Xilinx's open ap_fixed headers, for the HLS C-simulation tests: the copy in hls4ml's wheel (PyPI), unpacked
$(AP_TYPES)/ap_fixed.h:
	mkdir -p .build/ap_types
	$(PYTHON) -m pip download --quiet --disable-pip-version-check --no-deps hls4ml==1.3.0 -d .build/ap_types
	$(PYTHON) -c "import glob, zipfile; zipfile.ZipFile(glob.glob('.build/ap_types/hls4ml-*.whl')[0]).extractall('.build/ap_types')"
	test -f $@

## test-python: the Python package (python/) in a venv of its own, tested with pytest against the debug build
test-python: deps
	$(SWIFT) build --product vernier
	@[ -x $(PYTHON_VENV)/bin/python ] || $(PYTHON) -m venv $(PYTHON_VENV)
	$(PYTHON_VENV)/bin/pip install -q --disable-pip-version-check cernml-coi==0.9.6 scipy pytest ./python
	VERNIER_BIN=$(CURDIR)/.build/debug/vernier $(PYTHON_VENV)/bin/python -m pytest -q python/tests

## fuzz: every fuzz target (Fuzz/, libFuzzer + AddressSanitizer) for FUZZ_SECONDS each; see RELIABILITY.md
FUZZ_SECONDS ?= 60
fuzz: deps
	cd Fuzz && $(SWIFT) build --product vernier-fuzz --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address
	FUZZ_SECONDS=$(FUZZ_SECONDS) Fuzz/run.sh

clean:
	rm -rf .build Fuzz/.build
