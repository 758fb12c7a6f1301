# sheetgen: `make sheet week=3 variants=30` builds a week; `make test` runs the suite.
# Both set everything up first (.venv with the package, TeX Live from Debian when missing).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

week     ?= 3
variants ?= 30
lang     ?= ru
out      ?= build
seed     ?=
sheet    ?=
jobs     ?=

TARGET = $(if $(sheet),--sheet $(sheet),--week $(week))
BUILD_ARGS = $(TARGET) --variants $(variants) --lang $(lang) --out $(out) \
	$(if $(seed),--seed $(seed)) $(if $(jobs),--jobs $(jobs))

.PHONY: sheet test lint golden bench clean setup tex

sheet: setup tex
	$(BIN)/sheetgen build $(BUILD_ARGS)

test: setup tex
	$(BIN)/python -m pytest -n 2 --dist load

lint: setup
	$(BIN)/ruff check generator tests

golden: setup
	SHEETGEN_UPDATE_GOLDEN=1 $(BIN)/python -m pytest tests/test_golden.py -q
	@git --no-pager diff --stat -- tests/golden || true
	@echo "Review the diff of tests/golden before committing it."

bench: setup tex
	$(BIN)/python bench/bench_diff.py
	$(BIN)/python bench/bench.py

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -e '.[test]'
	touch $@

tex:
	@scripts/ensure-tex.sh

clean:
	rm -rf build .pytest_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
