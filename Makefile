# The provenance desk: `make demo` to try it, `make test` to test it.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
HOST ?= 127.0.0.1
PORT ?= 8000
# The seed articles, when present, are attached to the demo as source snapshots.
SEEDS ?= ../shared/seeds
DEMO_PASSWORD ?=
# The demo keeps its audit log in a file, not on the console (README, Security and operations).
DEMO := DJANGO_DEBUG=1 DJANGO_AUDIT_STDERR=0 DJANGO_AUDIT_LOG=$(CURDIR)/audit.log

.PHONY: demo setup migrate load-demo serve browser-deps test test-postgres check schema lint format lock clean

demo: setup migrate load-demo serve

setup: $(VENV)/.installed

$(VENV)/.installed: requirements/dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	VIRTUAL_ENV=$(CURDIR)/$(VENV) $(BIN)/uv pip sync --quiet requirements/dev.txt
	touch $@

migrate: setup
	$(DEMO) $(BIN)/python manage.py migrate --no-input

load-demo: setup
	$(DEMO) $(BIN)/python manage.py load_demo \
		$(if $(wildcard $(SEEDS)/gold.json),--with-text $(SEEDS)) \
		$(if $(DEMO_PASSWORD),--password "$(DEMO_PASSWORD)")

serve: setup
	$(DEMO) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The browser tests drive Debian's Chromium, never a browser Playwright downloads. As root with
# apt-get it is installed when missing; elsewhere the browser tests are skipped, except in CI
# (CI set), where a missing browser fails.
CHROMIUM := /usr/bin/chromium

browser-deps:
	@if [ ! -x $(CHROMIUM) ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's Chromium for the browser tests (apt-get install chromium)."; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq && apt-get install -y -qq chromium >/dev/null || true; \
	fi
	@if [ ! -x $(CHROMIUM) ]; then \
		if [ -n "$$CI" ]; then \
			echo "$(CHROMIUM) is missing and could not be installed (needs root and apt-get)." >&2; \
			exit 1; \
		fi; \
		echo "$(CHROMIUM) is missing (as root: apt-get install chromium); browser tests skipped." >&2; \
	fi

# Full-page PNGs of the main public pages (desktop, and phone width) in screenshots/, from the
# demo in a temporary SQLite database served on a free port.
.PHONY: screenshots
screenshots: setup browser-deps
	$(BIN)/python scripts/screenshots.py $(if $(wildcard $(SEEDS)/gold.json),--seeds $(SEEDS))

# wrk against gunicorn on production settings: the public pages and the API lists, on the demo
# and on the demo with 100,000 generated quotes, in a temporary SQLite database (README,
# "Benchmarks"). As root with apt-get, Debian's wrk is installed when missing.
# `make load LOAD_ARGS="--duration 10"` for a quick run, `LOAD_ARGS=--postgres` on PostgreSQL.
LOAD_ARGS ?=

.PHONY: load
load: setup
	@if ! command -v wrk >/dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's wrk for the load test (apt-get install wrk)."; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq && apt-get install -y -qq wrk >/dev/null || true; \
	fi
	$(BIN)/python scripts/load_test.py $(if $(wildcard $(SEEDS)/gold.json),--seeds $(SEEDS)) $(LOAD_ARGS)

# Browser tests run on their own: a live server's transactional tests empty the database when
# they end, data migrations (the role groups) included, which other tests rely on.
test: setup browser-deps
	$(BIN)/pytest -m "not browser"
	$(BIN)/pytest -m browser

test-postgres: setup
	scripts/with-postgres $(MAKE) test

# The API's OpenAPI schema, committed so that a change of shape or permissions is seen in review.
schema: setup
	$(DEMO) $(BIN)/python manage.py spectacular --validate --fail-on-warn --file docs/openapi.yaml

check: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(DEMO) $(BIN)/python manage.py makemigrations --check --dry-run

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Re-pin the dependencies after changing pyproject.toml.
lock: setup
	$(BIN)/uv pip compile --quiet pyproject.toml -o requirements/base.txt --python-version 3.11
	$(BIN)/uv pip compile --quiet pyproject.toml --extra dev -o requirements/dev.txt --python-version 3.11

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
