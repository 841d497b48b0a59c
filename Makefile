# HipCare: `make run` serves the app on SQLite; `make test` runs ruff and the whole test suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
HOST ?= 127.0.0.1
PORT ?= 8000
# make test runs the tests in this many processes (pytest-xdist); TEST_WORKERS=0 runs them in one.
TEST_WORKERS ?= 2
# ... and then the browser tests (tests/e2e) in this many.
E2E_WORKERS ?= 2

.PHONY: screenshots run test test-no-browser lint check-python system-packages bench lighthouse soak clean faults backup restore

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "HipCare needs Python 3.11 or newer; found " + sys.version.split()[0])'

$(VENV)/bin/python: | check-python
	$(PYTHON) -m venv $(VENV)

# Reinstall when pyproject.toml changes; the stamp files remember what was installed.
$(VENV)/.installed-run: pyproject.toml | $(VENV)/bin/python
	$(PIP) install -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(PIP) install -e '.[test]'
	@touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_catalogue
	$(PY) manage.py create_demo_coach --only-if-debug
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .

system-packages:
	@bash scripts/ensure-system-packages

# --dist loadgroup: tests marked xdist_group (those that collect static files) share a process.
# The tests without a browser, then the browser tests; exit status 5 is "no test selected"
# (HIPCARE_TESTS=backend-free leaves out every browser test).
test: test-no-browser
	$(VENV)/bin/pytest -n $(E2E_WORKERS) --dist loadgroup tests/e2e || [ $$? -eq 5 ]

# Every test but the browser tests (CI's PostgreSQL runs).
test-no-browser: $(VENV)/.installed-test lint system-packages
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadgroup --ignore=tests/e2e

# The README's screenshots, taken from the running app by its browser test, into docs/screenshots/.
screenshots: $(VENV)/.installed-test system-packages
	HIPCARE_README_SCREENSHOTS=docs/screenshots $(VENV)/bin/pytest -n 0 tests/e2e/test_readme_screenshots_e2e.py -q

bench: $(VENV)/.installed-test
	$(PY) bench/run.py

# Lighthouse on the public pages with Debian's Chromium (installs Lighthouse from npm locally).
lighthouse: $(VENV)/.installed-test
	$(PY) bench/lighthouse.py

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 .pytest_cache

# Reliability: mixed load for 60 s with a lost-write check, the database going away under
# traffic, and backups. Each prints its figures; SOAK_ARGS/FAULTS_ARGS pass options through.
soak: $(VENV)/.installed-run
	$(PY) bench/soak.py $(SOAK_ARGS)

faults: $(VENV)/.installed-run
	$(PY) bench/faults.py $(FAULTS_ARGS)

backup: $(VENV)/.installed-run
	$(PY) manage.py backup_data

restore: $(VENV)/.installed-run
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/hipcare-<time>.json" >&2; exit 2; }
	$(PY) manage.py migrate --noinput
	$(PY) manage.py restore_data "$(FILE)"
