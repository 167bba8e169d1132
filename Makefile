# Safetymap: `make run` serves the demo, `make test` runs everything. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
CSS := build/static/css/app.css

.PHONY: run test lint format deps css bench load lock clean

## Python and front-end dependencies, reinstalled only when their lists change.
$(VENV)/.installed: pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Safetymap needs Python 3.11 or newer: install python3.11")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[test]"
	@touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "Safetymap needs Node.js and npm to build its styles: install nodejs and npm"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(CSS): node_modules/.installed $(wildcard safetymap/core/scss/*.scss)
	npm run --silent build:css

deps: $(VENV)/.installed node_modules/.installed
css: $(CSS)

run: deps css
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py load_demo --if-empty
	@echo "Safetymap is at http://127.0.0.1:$(PORT)/ (Ctrl+C stops it and its background worker)"
	@PORT=$(PORT) $(PY) scripts/serve.py

test: deps css
	$(PY) scripts/run_tests.py

lint: deps
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: deps
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

## Benchmarks (figures, not timed tests): GOV.UK rendering, then search recall and time, then
## the case pages beside their raw-SQL floors, at the council tier (BENCH_DATABASE_URL=postgres://…
## for a database of your own, else a throwaway PostgreSQL server; see docs/performance.md).
bench: deps css
	$(PY) bench/render_forms.py
	$(PY) bench/search.py $(if $(BENCH_DATABASE_URL),--database-url '$(BENCH_DATABASE_URL)')
	$(PY) bench/pages.py $(if $(BENCH_DATABASE_URL),--database-url '$(BENCH_DATABASE_URL)')
	$(PY) bench/audit_appends.py $(if $(BENCH_DATABASE_URL),--database-url '$(BENCH_DATABASE_URL)')

## The bounded load run (about 10 minutes): SQLite as `make run` serves it, then gunicorn with
## PostgreSQL (LOAD_DATABASE_URL=postgres://… for a server of your own, else a throwaway one).
LOAD_CLIENTS ?= 8,16
LOAD_SECONDS ?= 60
load: deps css
	$(PY) bench/load.py --clients $(LOAD_CLIENTS) --seconds $(LOAD_SECONDS) \
	  $(if $(LOAD_DATABASE_URL),--database-url '$(LOAD_DATABASE_URL)')

## Rewrite requirements.lock from a fresh resolve of pyproject.toml.
lock:
	rm -rf /tmp/safetymap-lock && $(PYTHON) -m venv /tmp/safetymap-lock
	/tmp/safetymap-lock/bin/pip install --quiet -e ".[test]"
	{ echo '# Exact versions for a reproducible install: pip install -c requirements.lock -e ".[test]"'; \
	  echo '# Regenerate with: make lock'; \
	  /tmp/safetymap-lock/bin/pip freeze --exclude-editable; } > requirements.lock

clean:
	rm -rf $(VENV) node_modules build staticfiles
