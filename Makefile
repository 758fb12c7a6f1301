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

.PHONY: sheet test lint golden bench clean setup tex layout

sheet: setup tex
	$(BIN)/sheetgen build $(BUILD_ARGS)

# The layout report over many variants (the suite's tests/test_layout.py runs 50): every sheet of
# the week in both languages; lists each overfull box, bare heading and short tail, and fails
# when there is one.
layout_variants ?= 1000
layout: setup tex
	@for l in ru en; do \
	  $(BIN)/sheetgen build --week $(week) --variants $(layout_variants) --lang $$l \
	    --out $(out)/layout-$$l $(if $(jobs),--jobs $(jobs)) || exit 1; \
	done
	$(BIN)/python -m generator.layout $(out)/layout-ru $(out)/layout-en

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
