# Netwerkkaart: the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMPS := .make
DATA_DIR ?= $(abspath ../shared/data)
SYNTHETIC ?= 200
HOST_PORT ?= 127.0.0.1:8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres
# Test processes (pytest-xdist): one per core; each has its own test database, each test file runs in one.
TEST_WORKERS ?= auto
PYTEST := $(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help run test install lint typecheck migrations-check test-sqlite test-postgres \
	demo-data postgres-up lock bench messages

help:
	@echo "make run   - install everything, load regions and demo data, serve on http://$(HOST_PORT)/"
	@echo "make test  - lint, type check, migrations check, tests on SQLite and PostgreSQL"

$(STAMPS):
	@mkdir -p $(STAMPS) var

# --- installation -----------------------------------------------------------------------------
$(STAMPS)/venv: pyproject.toml constraints.txt | $(STAMPS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip>=24"
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $@

$(STAMPS)/npm: package.json package-lock.json | $(STAMPS)
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Debian packages: gettext to compile translations, chromium for the browser tests.
$(STAMPS)/apt-base: | $(STAMPS)
	@command -v msgfmt >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext; }
	@touch $@

$(STAMPS)/apt-browser: | $(STAMPS)
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	@touch $@

# WeasyPrint's libraries (Pango) and the font embedded in the PDF profiles (ADR 15).
$(STAMPS)/apt-pdf: | $(STAMPS)
	@dpkg -s libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; }
	@touch $@

$(STAMPS)/messages: $(STAMPS)/venv $(STAMPS)/apt-base $(wildcard src/netwerkkaart/locale/*/LC_MESSAGES/*.po)
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0
	@touch $@

install: $(STAMPS)/venv $(STAMPS)/npm $(STAMPS)/messages $(STAMPS)/apt-pdf

# --- the platform with demo data --------------------------------------------------------------
demo-data: install
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) import_regions $(if $(wildcard $(DATA_DIR)/reference),--from-dir $(DATA_DIR),--fallback-only)
	$(MANAGE) load_demo $(if $(wildcard $(DATA_DIR)/pps),--facts $(DATA_DIR)/pps/ict_pps_facts.csv) --synthetic $(SYNTHETIC) --seed 1
	$(MANAGE) rebuild_search_index
	$(if $(and $(wildcard $(DATA_DIR)/reference),$(wildcard $(DATA_DIR)/education/duo_ingeschrevenen_hbo_2020-2024.csv)),$(MANAGE) import_duo_hbo $(DATA_DIR)/education/duo_ingeschrevenen_hbo_2020-2024.csv)

run: demo-data
	$(MANAGE) runserver $(HOST_PORT)

# --- quality and tests ------------------------------------------------------------------------
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint --check src/netwerkkaart
	$(BIN)/djlint --lint src/netwerkkaart

typecheck: install
	$(BIN)/mypy src config bench

migrations-check: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py api_schema --check

postgres-up:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && exit 0; sleep 1; done; \
		echo "PostgreSQL did not come up on 127.0.0.1:5432" >&2; exit 1

test-sqlite: install $(STAMPS)/apt-browser
	env -u DATABASE_URL NETWERKKAART_EXPECT_DB_VENDOR=sqlite $(PYTEST)

test-postgres: install $(STAMPS)/apt-browser postgres-up
	DATABASE_URL=$(PG_URL) NETWERKKAART_EXPECT_DB_VENDOR=postgresql $(PYTEST)

test: lint typecheck migrations-check test-sqlite test-postgres

# --- maintenance ------------------------------------------------------------------------------
lock: $(STAMPS)/venv
	{ echo "# Pinned versions of every Python package (direct and indirect). Regenerate with \`make lock\`."; \
	  $(BIN)/pip freeze --exclude-editable | grep -v '^netwerkkaart'; } > constraints.txt

bench: install
	$(BIN)/python bench/run.py
