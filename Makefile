# Two commands for a new user:
#   make run   - set everything up (virtualenv, packages, front-end assets, database, demo data) and serve
#   make test  - set everything up and run the whole test suite (ruff, import-linter, mypy, pytest)
# Everything else here is a step those two take.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := app
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test venv venv-dev assets db demo lint serve benchmarks clean \
	translations-extract translations-init translations-compile

run: venv assets translations-compile db demo serve

# The suite runs on TEST_WORKERS processes (pytest-xdist), each with a database of its own (tests/conftest.py).
TEST_WORKERS ?= 2

# The first run is on SQLite, the default, whatever TEST_DATABASE_URL says (CI exports it for the second).
test: venv-dev assets translations-compile lint
	env -u TEST_DATABASE_URL $(BIN)/python -m pytest -q -n $(TEST_WORKERS)
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== again on $$TEST_DATABASE_URL =="; \
		$(BIN)/python -m pytest -q -n $(TEST_WORKERS) tests; \
	else \
		echo "TEST_DATABASE_URL is not set: PostgreSQL run skipped"; \
	fi

venv: $(VENV)/.stamp-runtime
venv-dev: $(VENV)/.stamp-dev

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.stamp-runtime: requirements.txt | $(VENV)/bin/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.stamp-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.stamp-runtime $@

# Front-end: GOV.UK Frontend, Leaflet and plugins come from npm and are built into app/static.
node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.stamp
	npm run --silent build

# Translations: the words people read are marked in the code and templates; pybabel collects them into
# app/translations/messages.pot and each language's catalogue (app/translations/<lang>/LC_MESSAGES/messages.po)
# is updated from it. The compiled .mo files are build outputs (git-ignored), made by translations-compile.
TRANSLATIONS := app/translations
CATALOGUES = $(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po)

translations-extract: venv
	$(BIN)/pybabel --quiet extract --mapping-file babel.cfg --keywords "_l _n:1,2" \
		--add-comments Translators: --project Weave --copyright-holder "Weave contributors" --sort-by-file \
		--ignore-dirs ".* ._ node_modules tests" --output-file $(TRANSLATIONS)/messages.pot .
	$(if $(CATALOGUES),$(BIN)/pybabel --quiet update --input-file $(TRANSLATIONS)/messages.pot \
		--output-dir $(TRANSLATIONS))

# Start a language's catalogue: make translations-init LOCALE=cy
translations-init: venv
	@test -n "$(LOCALE)" || { echo "Say which language: make translations-init LOCALE=cy"; exit 1; }
	$(BIN)/pybabel init --input-file $(TRANSLATIONS)/messages.pot --output-dir $(TRANSLATIONS) --locale $(LOCALE)

translations-compile: venv
	$(if $(CATALOGUES),$(BIN)/pybabel compile --statistics --directory $(TRANSLATIONS),@echo "No translations to compile")

lint: venv-dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

db: venv
	$(BIN)/flask db upgrade

# Seeds the small Ealing demo only into a database with no council data at all (wards, categories, groups,
# people...), and prints the demo accounts; on a council's database it seeds nothing.
demo: venv
	$(BIN)/flask demo seed --scale small --seed 1 --if-empty

serve: venv
	$(BIN)/flask run --host $(HOST) --port $(PORT)

benchmarks: venv-dev
	@ls benchmarks/*.py | grep -v '/_' | while read f; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) node_modules app/static/build app/static/govuk app/static/vendor
