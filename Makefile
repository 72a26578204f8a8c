# Everyday commands. `make run` takes a fresh clone to a running demo site; `make test` runs every check.
VENV ?= .venv
PYTHON := $(VENV)/bin/python
ADDRESS ?= 127.0.0.1:8000
SYSTEM_PYTHON ?= python3

SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: install browser run demo test lint format messages benchmark clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(SYSTEM_PYTHON) -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# The browser tests drive Debian's Chromium (Playwright's own browser download is not used).
browser:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# wagtail-modeltranslation adds its columns to Wagtail's page table outside migrations:
# --noinput keeps that step from stopping to ask for confirmation.
demo: install
	$(PYTHON) manage.py migrate --noinput
	$(PYTHON) manage.py load_demo

run: demo
	$(PYTHON) manage.py runserver $(ADDRESS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: lint browser
	$(PYTHON) manage.py check
	$(PYTHON) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refresh both catalogues after changing UI strings, translate, then compile.
messages: install
	$(PYTHON) manage.py makemessages -l fr -l en --ignore=.venv --ignore=tests --no-obsolete
	$(PYTHON) manage.py compilemessages --ignore=.venv

# Response time, SQL queries and memory of the main pages, then rendered vs cached, on the demo site.
benchmark: demo
	$(PYTHON) benchmarks/pages.py
	$(PYTHON) benchmarks/page_cache.py

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache .ruff_cache
