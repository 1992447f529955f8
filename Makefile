# planpress: the commands a person types.
#   make serve   install what is needed, then preview the site at http://127.0.0.1:8000
#   make test    install what is needed, then run the whole test suite
#   make test-fast  the unit tests only (tests/unit: pure, no MkDocs, git or browser; seconds)
#   make bench   measure check, build, serve, PDF and publish for 100 to 10,000 actions (~20 min)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install serve build check test test-fast lint schema clean bench bench-quick

# The virtual environment is rebuilt whenever the lock file or pyproject.toml changes.
$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

serve: $(STAMP)
	$(BIN)/planpress serve

build: $(STAMP)
	$(BIN)/planpress build

check: $(STAMP)
	$(BIN)/planpress check

test: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist loadfile

test-fast: $(STAMP)
	$(BIN)/python -m pytest tests/unit

lint: $(STAMP)
	$(BIN)/ruff check src macros tests benchmarks
	$(BIN)/ruff format --check src macros tests benchmarks
	$(BIN)/mypy

schema: $(STAMP)
	$(BIN)/planpress schema

# Writes benchmarks/results.json and docs/performance.md; bench-quick (run by CI) writes neither,
# and fails if a target it measures is missed (the plan loaded once per build; under 2 minutes).
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

bench-quick: $(STAMP)
	$(BIN)/python benchmarks/bench.py --quick --fail-on-miss

clean:
	rm -rf $(VENV) site .pytest_cache
