# Two entry points for a fresh machine: `make run` and `make test`.
# Each creates its own virtual environment in .venv from pinned wheels.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run serve demo-cli web-test test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The web application on an embedded SQLite (var/jixiao.sqlite3) with the seed documents as demo data.
# The demo says so (JIXIAO_DEMO=1: plain HTTP on this computer); another port: make run PORT=8001.
# The background-job worker (batch re-audit) runs beside the server and stops with it.
PORT ?= 8000
run: export JIXIAO_DEMO = 1
run: $(STAMP)
	$(BIN)/python -m jixiao.web migrate --noinput -v 0
	$(BIN)/python -m jixiao.web load_demo
	@echo "打开 http://127.0.0.1:$(PORT)/ 用上面的演示账号登录（按 Ctrl+C 停止）"
	$(BIN)/python -m jixiao.web worker -v 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python -m jixiao.web serve --host 127.0.0.1 --port $(PORT)

# A deployment: the settings from the environment (JIXIAO_SECRET_KEY, JIXIAO_DEBUG=0, DATABASE_URL,
# JIXIAO_ALLOWED_HOSTS, JIXIAO_HTTPS=0 on plain HTTP), waitress on JIXIAO_HOST:JIXIAO_PORT.
serve: $(STAMP)
	$(BIN)/python -m jixiao.web migrate --noinput
	$(BIN)/python -m jixiao.web serve --host $${JIXIAO_HOST:-127.0.0.1} --port $${JIXIAO_PORT:-8000} --threads $${JIXIAO_THREADS:-8}

# The command-line demo: score and audit the seed documents, write build/审核意见.html.
demo-cli: $(STAMP)
	$(BIN)/jixiao score demo
	$(BIN)/jixiao audit demo --exit-zero
	mkdir -p build && $(BIN)/jixiao audit demo --format html --exit-zero -o build/审核意见.html
	@echo "审核意见（HTML，可打印）：build/审核意见.html"

# The web tests against PostgreSQL (DATABASE_URL, default the local development server).
web-test: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test} $(BIN)/pytest tests/web

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
