# Two commands on a fresh machine: `make build` (the example report into dist/) and
# `make test`. Both create the virtual environment in .venv on first use; `build` installs
# only kamerbrief and what it needs to run, `test` adds the dev extra (linters, test tools).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
# Every core; modules whose fixtures build something costly go whole to one worker
# (tests/conftest.py, WORKER_GROUPS).
PYTEST_ARGS ?= -n auto --dist loadgroup
# axe-core for the HTML accessibility tests, pinned in tests/axe/package-lock.json. Without npm
# the tests skip (they fail in CI, which installs npm: .ci/run).
AXE := tests/axe/node_modules/axe-core/axe.min.js

.PHONY: build test check lint typecheck bench clean fuzz test-floor

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(STAMP)

$(DEV_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(DEV_STAMP)

build: $(STAMP)
	$(BIN)/kamerbrief build

check: $(STAMP)
	$(BIN)/kamerbrief check

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests benchmarks

# Settings in pyproject.toml, [tool.mypy] (docs/architecture.md).
typecheck: $(DEV_STAMP)
	$(BIN)/mypy

test: $(DEV_STAMP) lint typecheck check $(AXE)
	$(BIN)/pytest $(PYTEST_ARGS)

$(AXE): tests/axe/package.json tests/axe/package-lock.json
	-command -v npm >/dev/null && npm ci --prefix tests/axe --no-audit --no-fund --silent && touch $(AXE)

# Every runtime dependency at its declared floor, in a virtual environment of its own, with
# the tests that exercise each of them (docs/architecture.md, "Floors are tested").
FLOOR_VENV ?= .venv-floor
FLOOR_TESTS := tests/test_pdf_output.py tests/test_docx_output.py tests/test_html_output.py \
	tests/test_output_agreement.py tests/test_example_report.py tests/test_xlsx_tables.py \
	tests/test_cli_check.py tests/test_front_matter.py tests/test_numbers.py tests/test_preview.py \
	tests/test_spelling.py
test-floor:
	rm -rf $(FLOOR_VENV)
	$(PYTHON) -m venv $(FLOOR_VENV)
	$(FLOOR_VENV)/bin/pip install --quiet --upgrade pip
	$(PYTHON) .ci/floor_constraints.py pyproject.toml > $(FLOOR_VENV)/floors.txt
	$(FLOOR_VENV)/bin/pip install --quiet -r $(FLOOR_VENV)/floors.txt
	$(FLOOR_VENV)/bin/pip install --quiet --no-deps -e .
	$(FLOOR_VENV)/bin/pip install --quiet pytest pytest-xdist pikepdf hypothesis
	$(FLOOR_VENV)/bin/pip check
	$(FLOOR_VENV)/bin/python -m pytest -p no:cacheprovider -W ignore::DeprecationWarning \
		$(PYTEST_ARGS) $(FLOOR_TESTS)

bench: $(DEV_STAMP)
	$(BIN)/python benchmarks/run.py --scale 10 --scale-only check,html,pdf,docx,weasyprint
	$(BIN)/python benchmarks/docx_phases.py
	$(BIN)/python benchmarks/check_phases.py

# Not part of `make test`: tens of thousands of generated inputs (docs/reliability.md).
fuzz: $(DEV_STAMP)
	$(BIN)/python benchmarks/fuzz_readers.py --render 500

clean:
	rm -rf dist .pytest_cache .ruff_cache .mypy_cache .venv-floor
