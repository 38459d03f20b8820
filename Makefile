# Two entry points for a fresh machine: `make run` and `make test`.
# Each creates its own virtual environment in .venv from pinned wheels.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/jixiao score demo
	$(BIN)/jixiao audit demo --exit-zero
	mkdir -p build && $(BIN)/jixiao audit demo --format html --exit-zero -o build/审核意见.html
	@echo "审核意见（HTML，可打印）：build/审核意见.html"

test: $(STAMP)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/score_bench.py
	$(BIN)/python bench/audit_bench.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
