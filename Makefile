# Everyday commands: `make` (or `make help`) lists them. `make run` takes a fresh clone to a running
# demo site; `make test` runs every check; docs/deploy.md is the production guide.
VENV ?= .venv
PYTHON := $(VENV)/bin/python
ADDRESS ?= 127.0.0.1:8000
# The Python that creates .venv (3.11 or newer), e.g. `make SYSTEM_PYTHON=python3.12 run`.
SYSTEM_PYTHON ?= python3
# Extra pytest arguments, e.g. `make test PYTEST_ARGS="-x tests/projects"`.
PYTEST_ARGS ?=
# pytest-xdist workers for `make test` and `make test-fast`: one per core, at most 4 (0: one
# process, e.g. `make test TEST_WORKERS=0` to debug with pdb). See docs/deploy.md, "Tests".
TEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); if [ $$n -ge 4 ]; then echo 4; elif [ $$n -ge 2 ]; then echo $$n; else echo 0; fi)

SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
# Where the server answers when ADDRESS listens on every interface.
LOCAL_ADDRESS := $(patsubst 0.0.0.0:%,127.0.0.1:%,$(patsubst [::]:%,127.0.0.1:%,$(ADDRESS)))
# The test database snapshot, hypothesis' examples and pytest's folders stay out of the clone.
TEST_CACHE := $(or $(PORTFOLIO_TEST_CACHE),$(or $(XDG_CACHE_HOME),$(HOME)/.cache)/portfolio-tests)
export HYPOTHESIS_STORAGE_DIRECTORY ?= $(TEST_CACHE)/hypothesis

.DEFAULT_GOAL := help
.PHONY: help install install-runtime browser nginx fonts run demo serve test test-fast test-db lint format \
	messages benchmark load-fault clean python-version

help: ## List the targets (this text)
	@echo "Usage: make TARGET [VARIABLE=value …]   (Python 3.11+: SYSTEM_PYTHON=$(SYSTEM_PYTHON))"
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  %-22s %s\n", $$1, $$2}'
	@echo "Variables: ADDRESS=$(ADDRESS)  SYSTEM_PYTHON=$(SYSTEM_PYTHON)  DATABASE_URL=…  PYTEST_ARGS=…"

# The whole install fails deep inside a dependency on an older Python: say so first.
define check_python
	@$(SYSTEM_PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
		echo "Python 3.11 or newer is needed to create $(VENV); SYSTEM_PYTHON=$(SYSTEM_PYTHON) is" \
			"$$($(SYSTEM_PYTHON) --version 2>/dev/null | head -n 1 | grep Python || echo 'not a Python found')."; \
		echo "Install one (e.g. apt-get install python3.11-venv) and point at it:" \
			"make SYSTEM_PYTHON=python3.11 $(or $(MAKECMDGOALS),run)"; \
		exit 1; }
endef

python-version: ## Check that SYSTEM_PYTHON is Python 3.11 or newer
	$(check_python)
	@echo "$$($(SYSTEM_PYTHON) --version): fine."

# What the site needs to run; the test tools (pytest, Playwright…) come with `make install`.
$(VENV)/.runtime: requirements.txt
	$(check_python)
	$(SYSTEM_PYTHON) -m venv $(VENV)
	$(PYTHON) -m pip install --upgrade pip
	$(PYTHON) -m pip install -r requirements.txt
	touch $@

$(VENV)/.installed: $(VENV)/.runtime requirements-dev.txt
	$(PYTHON) -m pip install -r requirements-dev.txt
	touch $@

install-runtime: $(VENV)/.runtime ## Create .venv with what the site needs to run
install: $(VENV)/.installed ## Create .venv with the site's and the tests' requirements

# The browser tests drive Debian's Chromium (Playwright's own browser download is not used).
browser: ## Install Debian's chromium for the browser tests (apt-get, through sudo)
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# The demo's placeholder logos and PDFs are drawn in DejaVu Sans, which has every French glyph
# (accents, « », ’); without it they carry no text.
fonts: ## Install the DejaVu fonts the demo's logos and PDFs are drawn with
	@fc-list 2>/dev/null | grep -q DejaVuSans || [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core; }

# The production-stack test puts Debian's nginx in front of gunicorn; brotli and the page cache's
# PURGE (docs/caching.md) are separate modules.
nginx: ## Install nginx-light with its brotli and cache-purge modules (production-stack tests)
	@{ command -v nginx && [ -f /usr/lib/nginx/modules/ngx_http_cache_purge_module.so ]; } >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light libnginx-mod-http-brotli-filter libnginx-mod-http-cache-purge; }

# wagtail-modeltranslation adds its columns to Wagtail's page table outside migrations:
# --noinput keeps that step from stopping to ask for confirmation.
# load_demo refuses a database holding content it did not create: the site is served anyway.
# "ready" is said by `make run` once the server answers, not here.
demo: install-runtime fonts ## Migrate and load the demo content (SQLite db.sqlite3 unless DATABASE_URL)
	$(PYTHON) manage.py migrate --noinput
	-@$(PYTHON) manage.py load_demo --address $(ADDRESS) | sed 's/^Demo site ready: /Demo content loaded for /'

# Listening on every interface: other machines use this one's name or address, which
# ALLOWED_HOSTS must then list; for the demo it is set here unless you set it yourself.
run: demo ## Serve the demo site on ADDRESS (default 127.0.0.1:8000); "ready" once it answers
	@case "$(ADDRESS)" in 127.0.0.1:*|localhost:*|\[::1\]:*) ;; *) \
		if [ -z "$$ALLOWED_HOSTS" ]; then \
			echo "ADDRESS=$(ADDRESS): Django answers only the host names listed in ALLOWED_HOSTS; for this demo:"; \
			echo "  ALLOWED_HOSTS=$$(echo localhost 127.0.0.1 $$(hostname) $$(hostname -I 2>/dev/null) | tr ' ' ',')"; \
			echo "  To choose them: ALLOWED_HOSTS=my.host.name,192.0.2.10 ADDRESS=$(ADDRESS) make run"; \
		fi ;; esac
	@( for _ in $$(seq 1 240); do \
		if $(PYTHON) -c "import socket; host, port = '$(LOCAL_ADDRESS)'.rsplit(':', 1);\
		socket.create_connection((host.strip('[]'), int(port)), 1)" 2>/dev/null; then \
			echo "Demo site ready: http://$(LOCAL_ADDRESS)/ (admin: http://$(LOCAL_ADDRESS)/admin/, admin / portfolio-demo)"; exit 0; \
		fi; sleep 0.5; done; echo "The server did not answer within 2 minutes: see the lines above." ) &
	@case "$(ADDRESS)" in 127.0.0.1:*|localhost:*|\[::1\]:*) ;; *) [ -n "$$ALLOWED_HOSTS" ] || \
		export ALLOWED_HOSTS="$$(echo localhost 127.0.0.1 $$(hostname) $$(hostname -I 2>/dev/null) | tr ' ' ',')";; esac; \
		exec $(PYTHON) manage.py runserver $(ADDRESS)

# Production: gunicorn with the production settings (SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL
# from the environment), after migrations and collectstatic; see docs/deploy.md.
serve: export DJANGO_SETTINGS_MODULE = portfolio.settings.production
serve: install-runtime ## Production: migrate, collectstatic, gunicorn on ADDRESS (docs/deploy.md)
	$(PYTHON) manage.py migrate --noinput
	$(PYTHON) manage.py collectstatic --noinput
	ADDRESS=$(ADDRESS) $(VENV)/bin/gunicorn -c portfolio/gunicorn.conf.py portfolio.wsgi

lint: install ## ruff check and ruff format --check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# DATABASE_URL's PostgreSQL database must exist for the migrations check: made when missing,
# and a clear error when the server cannot be reached (the tests make their own databases).
test-db: install
	@$(PYTHON) -m tests.sites --ensure-database

# Every check, then the whole suite; prints how long it took. The test database is a snapshot
# built once per change of migrations or demo content (tests/sites.py), so a run starts at once.
test: lint browser nginx fonts test-db ## Lint, Django checks, migrations check, the whole suite; prints the time
	@start=$$(date +%s); \
	$(PYTHON) manage.py check && \
	$(PYTHON) manage.py makemigrations --check --dry-run && \
	$(VENV)/bin/pytest $(if $(filter-out 0,$(TEST_WORKERS)),-n $(TEST_WORKERS)) $(PYTEST_ARGS); status=$$?; \
	elapsed=$$(( $$(date +%s) - start )); \
	echo "make test: $$((elapsed / 60)) min $$((elapsed % 60)) s on $(if $(DATABASE_URL),PostgreSQL,SQLite), exit status $$status"; \
	exit $$status

test-fast: install fonts ## The suite without browsers, production stack nor long end-to-end paths (inner loop)
	@start=$$(date +%s); \
	$(VENV)/bin/pytest $(if $(filter-out 0,$(TEST_WORKERS)),-n $(TEST_WORKERS)) -m "not browser and not production_stack and not end_to_end" $(PYTEST_ARGS); status=$$?; \
	elapsed=$$(( $$(date +%s) - start )); \
	echo "make test-fast: $$((elapsed / 60)) min $$((elapsed % 60)) s, exit status $$status"; exit $$status

format: install ## ruff: fix what it can and format
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refresh both catalogues after changing UI strings, translate, then compile.
# Source strings are English: the English catalogue translates only key-style msgids (whose
# msgid is not the English text); every other English msgstr stays empty, fuzzy guesses included.
messages: install ## Refresh and compile the French and English catalogues
	$(PYTHON) manage.py makemessages -l fr -l en --ignore=.venv --ignore=tests --no-obsolete
	msgattrib --clear-fuzzy --empty -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po
	$(PYTHON) manage.py compilemessages --ignore=.venv

# Response time, SQL queries and memory of the main pages rendered without any cache, on the demo site.
benchmark: demo ## Response time, queries and memory of the main pages, without any cache
	$(PYTHON) benchmarks/pages.py

# Cached pages through the shipped nginx as a share of a static file from the same nginx (target
# ≥ 95 %; loopback only, about two minutes). Prints the figures.
.PHONY: benchmark-throughput
benchmark-throughput: install nginx ## Cached pages through nginx vs a static file (requests per second)
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
	$(PYTHON) benchmarks/throughput.py

# 60 s at 32 connections on the production stack, with a PostgreSQL restart and a Redis stop
# in the middle (loopback only; its own PostgreSQL cluster and Redis server). Prints the figures.
load-fault: install nginx ## 60 s of load on the production stack with a database restart
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
	$(PYTHON) benchmarks/load_fault.py

clean: ## Remove .venv, the SQLite database, media, collected files, caches and test leftovers
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache .ruff_cache .hypothesis "$(TEST_CACHE)"
	rm -rf /tmp/pytest-of-$$(id -un)

# Back up the database and media into var/backups (or BACKUP_DIR), keeping the newest 14;
# restore the newest archive (asks first; RESTORE_ARGS=--noinput to skip the question).
.PHONY: backup restore
backup: install-runtime ## Back up the database and media into var/backups (or BACKUP_DIR)
	$(PYTHON) manage.py backup_site

restore: install-runtime ## Restore the newest backup (asks first; RESTORE_ARGS=--noinput)
	$(PYTHON) manage.py restore_site $(RESTORE_ARGS)

# The same figures at 300, 3,000 and 10,000 generated projects, on PostgreSQL, in a database
# of its own (SCALE_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/portfolio_scale),
# rebuilt on each run. SIZES="300 3000" measures fewer sizes.
.PHONY: benchmark-scale
benchmark-scale: install ## benchmark's figures at 300, 3,000 and 10,000 projects (PostgreSQL)
	$(PYTHON) benchmarks/scale.py $(SIZES)

# The search page alone at 3,000 and 10,000 generated projects on PostgreSQL (target: 50 ms median).
.PHONY: benchmark-search-scale
benchmark-search-scale: install ## The search page at 3,000 and 10,000 projects (PostgreSQL)
	$(PYTHON) benchmarks/scale.py 3000 10000 --search

.PHONY: deploy-walk
deploy-walk: install nginx ## Walk docs/deploy.md on loopback (throwaway PostgreSQL database, nginx, TLS)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres} \
		$(VENV)/bin/pytest -p no:cacheprovider -q -rA tests/production/test_deploy_walk.py
