# Two commands on a fresh machine: `make build` (the example report into dist/) and
# `make test`. Both create the virtual environment in .venv on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test check lint bench clean fuzz

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/kamerbrief build

check: $(STAMP)
	$(BIN)/kamerbrief check

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

test: $(STAMP) lint check
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py --scale 10 --scale-only check,html,pdf,docx,weasyprint
	$(BIN)/python benchmarks/docx_phases.py

# Not part of `make test`: tens of thousands of generated inputs (docs/reliability.md).
fuzz: $(STAMP)
	$(BIN)/python benchmarks/fuzz_readers.py --render 500

clean:
	rm -rf dist .pytest_cache .ruff_cache
