# Thrive — one entry point for developers and CI. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

TOOLS := .tools
UV := $(TOOLS)/bin/uv
UV_VERSION := 0.13.9
RUN := $(UV) run --locked
export UV_PYTHON ?= python3
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE ?= copy
export SPARK_LOCAL_IP ?= 127.0.0.1
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/postgres
PYTEST_ARGS ?=

.PHONY: help demo test install assets system-deps lint format typecheck test-sqlite test-postgres \
        postgres-up docs bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

demo: install ## Set up the demo council and people, print the sign-ins, serve on 127.0.0.1:8000
	$(RUN) thrive demo

test: system-deps install lint typecheck test-sqlite test-postgres ## Lint, type-check, whole suite on SQLite and PostgreSQL

$(UV):
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

install: $(UV) assets ## Create .venv with the locked dependencies (dev tools included)
	$(UV) sync --locked

assets: src/thrive/static/thrive/css/thrive.css ## Build the GOV.UK Frontend stylesheet (pinned, served locally)

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { apt-get update && apt-get install -y nodejs npm; }
	npm ci --no-audit --no-fund --loglevel=error

src/thrive/static/thrive/css/thrive.css: node_modules/.package-lock.json src/thrive/static/thrive/scss/thrive.scss
	npx --no-install sass --quiet --no-source-map --style=compressed --load-path=node_modules \
	  src/thrive/static/thrive/scss/thrive.scss $@

system-deps: ## Install Debian's chromium and fonts for browser tests (if missing)
	@if ! command -v chromium >/dev/null; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-liberation; \
	fi

lint: ## ruff lint and format check
	$(RUN) ruff check .
	$(RUN) ruff format --check .

format: ## Apply ruff formatting and safe fixes
	$(RUN) ruff check --fix .
	$(RUN) ruff format .

typecheck: ## mypy with django-stubs (strict for the pure cores)
	$(RUN) mypy

test-sqlite: ## The whole suite on SQLite (browser tests included)
	$(RUN) pytest $(PYTEST_ARGS)

test-postgres: postgres-up ## Every database test again on PostgreSQL 127.0.0.1:5432
	DATABASE_URL=$(POSTGRES_URL) $(RUN) pytest -m database $(PYTEST_ARGS)

postgres-up: ## Start the machine's PostgreSQL cluster if it is not accepting connections
	@if ! pg_isready -q -h 127.0.0.1 -p 5432; then \
	  echo "PostgreSQL is down: starting it"; \
	  pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | sort -V | tail -1) main start; \
	  for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; \
	fi
	@pg_isready -h 127.0.0.1 -p 5432

docs: install ## Regenerate the docs built from code (rules, measures)
	$(RUN) thrive rules --format markdown > docs/rules.md

bench: install ## Run every benchmark and append the results to docs/benchmarks.md
	$(RUN) thrive bench all

clean: ## Remove the virtualenv, built assets and local data
	rm -rf .venv $(TOOLS) node_modules src/thrive/static/thrive/css var
