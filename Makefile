# Annals: `make site` builds the site from archive/, `make test` runs every test.
# Both set up what they need on a fresh machine: a .venv/ with the pinned packages and,
# for the browser tests, Debian's chromium.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test serve check evaluate bench browser lock clean identity identity-update

site: $(VENV)/.runtime
	$(BIN)/annals build

test: $(VENV)/.dev browser
	$(BIN)/python -m pytest -n 2 -q

serve: $(VENV)/.runtime
	$(BIN)/annals serve

check: $(VENV)/.runtime
	$(BIN)/annals check

evaluate: $(VENV)/.runtime
	PYTHONPATH=scripts $(BIN)/annals evaluate

# `make bench` prints the tables for 100 and 1,000 articles; `make bench BENCH_SIZES=100,1000,10000` adds 10,000.
BENCH_SIZES ?= 100,1000
bench: $(VENV)/.dev browser
	PYTHONPATH=scripts $(BIN)/annals bench --sizes $(BENCH_SIZES)

# Byte identity of docs/ and site/ (seeds and 200 synthetic articles) against tests/fixtures/identity.txt;
# `make identity-update` records the current output as the reference (a change of output on purpose).
identity: $(VENV)/.dev
	PYTHONPATH=scripts $(BIN)/python -m annals_dev.identity --check tests/fixtures/identity.txt

identity-update: $(VENV)/.dev
	PYTHONPATH=scripts $(BIN)/python -m annals_dev.identity --write tests/fixtures/identity.txt.new
	{ grep '^#' tests/fixtures/identity.txt; cat tests/fixtures/identity.txt.new; } > tests/fixtures/identity.txt.tmp
	mv tests/fixtures/identity.txt.tmp tests/fixtures/identity.txt && rm tests/fixtures/identity.txt.new

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip>=24"

$(VENV)/.runtime: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -r requirements.txt
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(BIN)/python -m pip install -q -r requirements-dev.txt
	touch $@

# Debian's Chromium for the real-browser tests (installed once; needs root or sudo).
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

lock:
	@echo "Regenerate requirements*.txt from a fresh venv: see README (Dependencies)."

clean:
	rm -rf site $(VENV)
