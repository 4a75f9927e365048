# openlam — two commands on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.openlam-installed
DEMO_INTENT := Subscribe to the newsletter with the email alice@example.com
DEMO_PAGE := examples/newsletter.html
LLAMA := llama-cpp-python==0.3.36
# llama.cpp compiles with -march=native; on CPUs with AMX its AMX kernels crashed the first decode
# (segfault, Xeon with amx_int8 under a VM), so they are compiled out on x86 (AVX-512 and the rest
# stay). The wheel is built once per machine into a folder named after these flags.
ifeq ($(shell uname -m),x86_64)
LLAMA_CFLAGS := -mno-amx-tile -mno-amx-int8 -mno-amx-bf16
LLAMA_WHEELS := $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/openlam/wheels/llama-no-amx
else
LLAMA_CFLAGS :=
LLAMA_WHEELS := $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/openlam/wheels/llama-native
endif

.PHONY: install chromium model demo test lint typecheck unit bench clean

install: $(STAMP) chromium model

$(STAMP): pyproject.toml requirements/benchmarks-nodeps.txt Makefile
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "error: openlam needs Python >= 3.11; run make PYTHON=python3.11 (or newer)" >&2; exit 1; }
	@$(PY) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  rm -rf $(VENV); $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "error: '$(PYTHON) -m venv' failed: install the venv module (Debian: apt-get install python3-venv)" >&2; exit 1; }; }
	$(PY) -m pip install --quiet --upgrade pip
	@ls $(LLAMA_WHEELS)/llama_cpp_python-*.whl >/dev/null 2>&1 || { \
	  echo "==> compiling llama-cpp-python (once per machine: ~10 min on 2 cores)"; \
	  CFLAGS="$(LLAMA_CFLAGS)" CXXFLAGS="$(LLAMA_CFLAGS)" $(PY) -m pip wheel --quiet \
	    --no-cache-dir --no-deps $(LLAMA) -w $(LLAMA_WHEELS).part && \
	  mkdir -p $(dir $(LLAMA_WHEELS)) && rm -rf $(LLAMA_WHEELS) && mv $(LLAMA_WHEELS).part $(LLAMA_WHEELS); }
	$(PY) -m pip install --quiet --force-reinstall --no-deps $(LLAMA_WHEELS)/llama_cpp_python-*.whl
	@echo "==> installing Python packages"
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
