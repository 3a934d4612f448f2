# The two commands README.md opens with: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)

# axe-core for the console's accessibility tests (tests/console/axe.py), pinned by package-lock.json.
AXE := node_modules/axe-core/axe.min.js

.PHONY: demo test test-sqlite test-postgres lint

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.installed-* && touch $(STAMP)

$(AXE): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $(AXE)

demo: $(STAMP)
	$(PY) -m miniapp_api serve --demo

lint: $(STAMP)
	$(PY) -m ruff check .

# The suite runs twice: on the embedded default, then on PostgreSQL + Redis.
test: lint test-sqlite test-postgres

test-sqlite: $(STAMP) $(AXE)
	MINIAPP_TEST_BACKEND=sqlite $(PY) -m pytest -q

test-postgres: $(STAMP) $(AXE)
	MINIAPP_TEST_BACKEND=postgres $(PY) -m pytest -q
