# openlam — two commands on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.openlam-installed
DEMO_INTENT := Subscribe to the newsletter with the email alice@example.com
DEMO_PAGE := examples/newsletter.html

.PHONY: install chromium model demo test lint typecheck unit bench clean

install: $(STAMP) chromium model

$(STAMP): pyproject.toml requirements/benchmarks-nodeps.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "error: openlam needs Python >= 3.11; run make PYTHON=python3.11 (or newer)" >&2; exit 1; }
	@$(PY) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  rm -rf $(VENV); $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "error: '$(PYTHON) -m venv' failed: install the venv module (Debian: apt-get install python3-venv)" >&2; exit 1; }; }
	@echo "==> installing Python packages (the first time, llama-cpp-python compiles from source: ~10 min on 2 cores)"
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,ray,agentdojo,train]'
	$(PY) -m pip install --quiet --no-deps -r requirements/benchmarks-nodeps.txt
	@touch $@

chromium:
	@scripts/ensure-chromium.sh

model: $(STAMP)
	@$(PY) -m openlam setup

demo: install
	$(VENV)/bin/openlam run "$(DEMO_INTENT)" --url $(DEMO_PAGE) --max-steps 6

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench

typecheck: $(STAMP)
	$(VENV)/bin/mypy

test: install lint typecheck
	$(PY) -m pytest -q -ra

unit: $(STAMP)
	$(PY) -m pytest -q tests/unit

bench: install
	$(PY) bench/step_overhead.py
	$(PY) bench/observation_size.py --out bench/results/observation_size.json

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
