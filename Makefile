# Everyday commands. `make run` takes a fresh clone to a running demo site; `make test` runs every check;
# `make serve` runs the site with the production settings (see README, "Production").
VENV ?= .venv
PYTHON := $(VENV)/bin/python
ADDRESS ?= 127.0.0.1:8000
SYSTEM_PYTHON ?= python3

SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: install install-runtime browser nginx fonts run demo serve test lint format messages benchmark load-fault clean

# What the site needs to run; the test tools (pytest, Playwright…) come with `make install`.
$(VENV)/.runtime: requirements.txt
	$(SYSTEM_PYTHON) -m venv $(VENV)
	$(PYTHON) -m pip install --upgrade pip
	$(PYTHON) -m pip install -r requirements.txt
	touch $@

$(VENV)/.installed: $(VENV)/.runtime requirements-dev.txt
	$(PYTHON) -m pip install -r requirements-dev.txt
	touch $@

install-runtime: $(VENV)/.runtime
install: $(VENV)/.installed

# The browser tests drive Debian's Chromium (Playwright's own browser download is not used).
browser:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# The demo's placeholder logos and PDFs are drawn in DejaVu Sans, which has every French glyph
# (accents, « », ’); without it they carry no text.
fonts:
	@fc-list 2>/dev/null | grep -q DejaVuSans || [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core; }

# The production-stack test puts Debian's nginx in front of gunicorn; brotli and the page cache's
# PURGE (docs/caching.md) are separate modules.
nginx:
	@{ command -v nginx && [ -f /usr/lib/nginx/modules/ngx_http_cache_purge_module.so ]; } >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light libnginx-mod-http-brotli-filter libnginx-mod-http-cache-purge; }

# wagtail-modeltranslation adds its columns to Wagtail's page table outside migrations:
# --noinput keeps that step from stopping to ask for confirmation.
# load_demo refuses a database holding content it did not create: the site is served anyway.
demo: install-runtime fonts
	$(PYTHON) manage.py migrate --noinput
	-$(PYTHON) manage.py load_demo --address $(ADDRESS)

run: demo
	$(PYTHON) manage.py runserver $(ADDRESS)

# Production: gunicorn with the production settings (SECRET_KEY, ALLOWED_HOSTS… from the
# environment), after migrations and collectstatic; workers from the CPU count, bound to ADDRESS.
serve: export DJANGO_SETTINGS_MODULE = portfolio.settings.production
serve: install-runtime
	$(PYTHON) manage.py migrate --noinput
	$(PYTHON) manage.py collectstatic --noinput
	ADDRESS=$(ADDRESS) $(VENV)/bin/gunicorn -c portfolio/gunicorn.conf.py portfolio.wsgi

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: lint browser nginx fonts
	$(PYTHON) manage.py check
	$(PYTHON) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refresh both catalogues after changing UI strings, translate, then compile.
# Source strings are English: the English catalogue translates only key-style msgids (whose
# msgid is not the English text); every other English msgstr stays empty, fuzzy guesses included.
messages: install
	$(PYTHON) manage.py makemessages -l fr -l en --ignore=.venv --ignore=tests --no-obsolete
	msgattrib --clear-fuzzy --empty -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po
	$(PYTHON) manage.py compilemessages --ignore=.venv

# Response time, SQL queries and memory of the main pages, then rendered vs cached, on the demo site.
benchmark: demo
	$(PYTHON) benchmarks/pages.py
	$(PYTHON) benchmarks/page_cache.py

# Cached pages through the shipped nginx as a share of a static file from the same nginx (target
# ≥ 95 %; loopback only, about two minutes). Prints the figures.
.PHONY: benchmark-throughput
benchmark-throughput: install nginx
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
	$(PYTHON) benchmarks/throughput.py

# 60 s at 32 connections on the production stack, with a PostgreSQL restart and a Redis stop
# in the middle (loopback only; its own PostgreSQL cluster and Redis server). Prints the figures.
load-fault: install nginx
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
	$(PYTHON) benchmarks/load_fault.py

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache .ruff_cache

# Back up the database and media into var/backups (or BACKUP_DIR), keeping the newest 14;
# restore the newest archive (asks first; RESTORE_ARGS=--noinput to skip the question).
.PHONY: backup restore
backup: install
	$(PYTHON) manage.py backup_site

restore: install
	$(PYTHON) manage.py restore_site $(RESTORE_ARGS)
# The same figures at 300, 3,000 and 10,000 generated projects, on PostgreSQL, in a database
# of its own (SCALE_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/portfolio_scale),
# rebuilt on each run. SIZES="300 3000" measures fewer sizes.
.PHONY: benchmark-scale
benchmark-scale: install
	$(PYTHON) benchmarks/scale.py $(SIZES)

# The search page alone at 3,000 and 10,000 generated projects on PostgreSQL (target: 50 ms median).
.PHONY: benchmark-search-scale
benchmark-search-scale: install
	$(PYTHON) benchmarks/scale.py 3000 10000 --search
