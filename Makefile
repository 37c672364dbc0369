# The two commands of the README: `make run` and `make test`. Both set up .venv on first use.
VENV ?= .venv
PY := $(VENV)/bin/python
PG_URL = $(shell scripts/test-postgres start 2>/dev/null)

ASSETS := webforms/static/vendor/.installed

.PHONY: run test browser mailserver fuzz screenshots

$(VENV)/.installed: setup.cfg pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,postgres]'
	touch $@

# bpmn-js and its properties panel, pinned in package-lock.json, served by the app itself.
$(ASSETS): package.json package-lock.json scripts/vendor-assets.mjs
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent vendor
	touch $@

run: $(VENV)/.installed $(ASSETS)
	$(VENV)/bin/klacht serve

# Browser tests drive Debian's Chromium; install it when it is missing and we may.
browser:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
		{ echo "Install Chromium (apt-get install chromium) to run the browser tests." >&2; exit 1; }

# The mail tests run a real IMAP server (Debian's Dovecot, started by the tests on loopback).
mailserver:
	@command -v dovecot >/dev/null || [ -x /usr/sbin/dovecot ] || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd >/dev/null; } || \
		{ echo "Install Dovecot (apt-get install dovecot-imapd) to run the mail tests." >&2; exit 1; }

# Runs the linter and the whole suite, on SQLite and, when a PostgreSQL server is installed,
# on a throw-away PostgreSQL server as well.
test: $(VENV)/.installed $(ASSETS) browser mailserver
	$(VENV)/bin/ruff check .
	KLACHT_TEST_POSTGRES_URL="$(PG_URL)" $(PY) -m pytest; status=$$?; scripts/test-postgres stop; exit $$status

# The property-based tests with new random examples, ten times as many (a few minutes). What it
# finds becomes an @example of the failing test, so `make test` (always the same examples) keeps it.
fuzz: $(VENV)/.installed
	KLACHT_HYPOTHESIS_PROFILE=fuzz KLACHT_HOSTILE_SCALE=10 KLACHT_TEST_POSTGRES_URL="$(PG_URL)" \
		$(PY) -m pytest tests/hostile tests/api/test_properties.py; status=$$?; scripts/test-postgres stop; exit $$status

# Renews the README's screenshots in docs/screenshots from the browser walks (tests never write
# into the repository on their own).
screenshots: $(VENV)/.installed $(ASSETS) browser
	KLACHT_SCREENSHOTS=docs/screenshots $(PY) -m pytest -q tests/web/test_browser.py \
		tests/audit/web/test_diagram_browser.py tests/modeler/web/test_modeler_browser.py
