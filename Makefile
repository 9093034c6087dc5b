# Two commands: `make run` and `make test`. Both create .venv and install what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test lint lock migrations bench docs

# Installs come from the lock files (exact versions, checked by hash), then the app itself
# (editable, without resolving anything again). `make lock` refreshes the locks from
# pyproject.toml's ranges (docs/operations.md).
RUN_LOCK := requirements.lock
TEST_LOCK := requirements-test.lock
PIP_INSTALL := $(PY) -m pip install --quiet
LOCKED := $(PIP_INSTALL) --require-hashes -r
EDITABLE := $(PIP_INSTALL) --no-deps --no-build-isolation -e

$(VENV)/.run-deps: pyproject.toml $(RUN_LOCK)
	$(PYTHON) -m venv $(VENV)
	$(LOCKED) $(RUN_LOCK)
	$(EDITABLE) .
	touch $@

$(VENV)/.test-deps: $(VENV)/.run-deps $(TEST_LOCK) sdk/python/pyproject.toml
	$(LOCKED) $(TEST_LOCK)
	$(EDITABLE) . -e ./sdk/python
	touch $@

# pip-compile (pip-tools, pinned here: the one tool not in a lock) resolves pyproject.toml's
# ranges for this Python (3.11) and records every file's hash. The test lock is constrained by
# the run lock, so both install the same versions of what they share. No index or find-links
# lines: the locks name no registry host (pip's own configuration says where to download).
PIP_TOOLS := pip-tools>=7.7,<8
COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/pip-compile --quiet --generate-hashes \
	--allow-unsafe --build-deps-for editable --strip-extras \
	--no-emit-index-url --no-emit-find-links --no-emit-trusted-host
lock: $(VENV)/.run-deps
	$(PIP_INSTALL) '$(PIP_TOOLS)'
	$(COMPILE) $(UPGRADE) -o $(RUN_LOCK) pyproject.toml
	$(COMPILE) $(UPGRADE) --extra test -c $(RUN_LOCK) -o $(TEST_LOCK) pyproject.toml

# The app is installed without its dependencies (they come from the lock), so a dependency
# added to or narrowed in pyproject.toml without `make lock` would go unnoticed until an import
# fails or an old version misbehaves: pip check says so first (make test's lock test does too).
LOCK_FITS := $(PY) -m pip check >/dev/null || { $(PY) -m pip check; \
	echo "pyproject.toml asks for what $(RUN_LOCK) does not hold: run make lock"; exit 1; }

run: $(VENV)/.run-deps
	@$(LOCK_FITS)
	$(VENV)/bin/error-monitor run

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
