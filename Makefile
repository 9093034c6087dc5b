# Two commands: `make run` and `make test`. Both create .venv and install what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test lint migrations bench docs

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

# The browser tests drive Debian's chromium, never a browser of Playwright's own (`playwright
# install` downloads one). Installed where it is missing; once there, this step does nothing.
# Without apt-get (not Debian) the browser tests skip, saying why.
CHROMIUM := /usr/bin/chromium
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
$(CHROMIUM):
	@if command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	else echo "No apt-get: the browser tests will skip (they need $@)"; fi

test: $(VENV)/.test-deps sdk/js/node_modules/.package-lock.json $(CHROMIUM)
	$(PY) -m ruff check . sdk/python
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m mypy
	$(PY) -m pytest

lint: $(VENV)/.test-deps
	$(PY) -m ruff check . sdk/python

# After changing models/: write a migration for SQLite and one for PostgreSQL.
migrations: $(VENV)/.run-deps
	$(PY) scripts/make_migrations.py $(or $(NAME),update)

# docs/configuration.md from the settings model (tests/unit/test_configuration_doc.py fails
# when it is stale).
docs: $(VENV)/.run-deps
	$(PY) scripts/config_doc.py

# Throughput and latency figures (see docs/BENCHMARKS.md for the method).
bench: $(VENV)/.test-deps
	$(PY) bench/run.py
