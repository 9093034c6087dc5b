# Two commands: `make run` and `make test`. Both create .venv and install what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test lint migrations bench

$(VENV)/.run-deps: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.test-deps: $(VENV)/.run-deps sdk/python/pyproject.toml
	$(PY) -m pip install --quiet -e '.[test]' -e ./sdk/python
	touch $@

run: $(VENV)/.run-deps
	$(PY) main.py run

# npm writes node_modules/.package-lock.json on install: a stamp that follows the lock file.
sdk/js/node_modules/.package-lock.json: sdk/js/package-lock.json
	cd sdk/js && npm ci --no-audit --no-fund

test: $(VENV)/.test-deps sdk/js/node_modules/.package-lock.json
	$(PY) -m ruff check . sdk/python
	$(PY) -m pytest

lint: $(VENV)/.test-deps
	$(PY) -m ruff check . sdk/python

# After changing models/: write a migration for SQLite and one for PostgreSQL.
migrations: $(VENV)/.run-deps
	$(PY) scripts/make_migrations.py $(or $(NAME),update)

# Throughput and latency figures (see docs/BENCHMARKS.md for the method).
bench: $(VENV)/.test-deps
	$(PY) bench/run.py
