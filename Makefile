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
# load_demo refuses a database holding content it did not create: the site is served anyway.
demo: install
	$(PYTHON) manage.py migrate --noinput
	-$(PYTHON) manage.py load_demo --address $(ADDRESS)

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

# Response time, SQL queries and memory of the main pages, on the demo site.
benchmark: demo
	$(PYTHON) benchmarks/pages.py

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache .ruff_cache

# Back up the database and media into var/backups (or BACKUP_DIR), keeping the newest 14;
# restore the newest archive (asks first; RESTORE_ARGS=--noinput to skip the question).
.PHONY: backup restore
backup: install
	$(PYTHON) manage.py backup_site

restore: install
	$(PYTHON) manage.py restore_site $(RESTORE_ARGS)
