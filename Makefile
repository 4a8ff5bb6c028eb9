# Annals: `make site` builds the site from archive/, `make test` runs every test.
# Both set up what they need on a fresh machine: a .venv/ with the pinned packages and,
# for the browser tests, Debian's chromium.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test test-fast serve check evaluate bench browser lock help clean identity identity-update

site: $(VENV)/.runtime  ## build the site from archive/ into site/ (docs/ is written on the way)
	$(BIN)/annals build

test: $(VENV)/.dev browser  ## every test, as CI runs them (real MkDocs, Pagefind, headless Chromium)
	$(BIN)/python -m pytest -n 2 -q

test-fast: $(VENV)/.dev  ## the pure stages in-process: no site built, no browser (seconds; while working)
	HYPOTHESIS_PROFILE=fast $(BIN)/python -m pytest -q -m "not slow and not site and not cli and not browser"

serve: $(VENV)/.runtime  ## preview with live reload; an edit in archive/ rebuilds what it touches
	$(BIN)/annals serve

check: $(VENV)/.runtime  ## check the archive and list what needs an editor; writes nothing
	$(BIN)/annals check

evaluate: $(VENV)/.runtime  ## score the quotation finder against the gold standard (developer tool)
	PYTHONPATH=scripts $(BIN)/annals evaluate

# `make bench` prints the tables for 100 and 1,000 articles; `make bench BENCH_SIZES=100,1000,10000` adds 10,000.
BENCH_SIZES ?= 100,1000
bench: $(VENV)/.dev browser  ## build synthetic archives and print each stage's time and memory (developer tool)
	PYTHONPATH=scripts $(BIN)/annals bench --sizes $(BENCH_SIZES)

# Byte identity of docs/ and site/ (seeds and 200 synthetic articles) against tests/fixtures/identity.txt;
# `make identity-update` records the current output as the reference (a change of output on purpose).
identity: $(VENV)/.dev  ## check that docs/ and site/ are byte-identical to tests/fixtures/identity.txt
	PYTHONPATH=scripts $(BIN)/python -m annals_dev.identity --check tests/fixtures/identity.txt

identity-update: $(VENV)/.dev  ## record the current output as the identity reference (say why in the commit)
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
browser:  ## install Debian's chromium for the browser tests, if missing
	@if ! command -v chromium >/dev/null 2>&1; then \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

# The pins: a scratch virtualenv installs the package with the ranges pyproject.toml declares, then the test
# tools of requirements-dev.in, and every version pip resolved is written down (newest that fit the ranges).
LOCK_VENV := .lock-venv
FREEZE = $(LOCK_VENV)/bin/python -m pip freeze --exclude annals --exclude pip --exclude setuptools --exclude wheel
lock:  ## regenerate requirements.txt and requirements-dev.txt from pyproject.toml and requirements-dev.in
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install -q --upgrade "pip>=24"
	$(LOCK_VENV)/bin/python -m pip install -q .
	{ echo "# Exact pins of everything \`make site\` installs (runtime). Regenerate with \`make lock\`."; \
	  $(FREEZE); } > requirements.txt
	$(LOCK_VENV)/bin/python -m pip install -q -r requirements-dev.in
	{ echo "# Exact pins of the test tools \`make test\` adds on top of requirements.txt (from requirements-dev.in)."; \
	  echo "-r requirements.txt"; \
	  $(FREEZE) | grep -vxFf <(grep -v '^#' requirements.txt); } > requirements-dev.txt
	rm -rf $(LOCK_VENV) build scripts/*.egg-info

help:  ## list these targets
	@grep -E '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## /\1\t/' | expand -t18

clean:  ## remove site/ and .venv/
	rm -rf site $(VENV)
