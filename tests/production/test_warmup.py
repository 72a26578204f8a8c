"""gunicorn's master loads the application once, warmed, and forks workers from it (portfolio/warmup.py)."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# What the master process holds after importing the WSGI module, as gunicorn's preload does.
INSPECT = """
import json
import os
import portfolio.wsgi
from django.db import connections
from django.template import engines
from pagecache import store
from portfolio.warmup import site_templates

sockets = []
for fd in os.listdir("/proc/self/fd"):
    try:
        target = os.readlink(f"/proc/self/fd/{fd}")
    except FileNotFoundError:  # the listing's own descriptor, closed since
        continue
    if target.startswith("socket:"):
        sockets.append(target)
loaders = engines["django"].engine.template_loaders
compiled = {key for loader in loaders for key in getattr(loader, "get_template_cache", {})}
print(json.dumps({
    "database_connections": [alias for alias in connections if connections[alias].connection is not None],
    "sockets": sockets,
    "code_version_known": store.code_version.cache_info().currsize,
    "templates_compiled": sorted(compiled),
    "site_templates": site_templates(),
}))
"""


def test_the_application_loads_warmed_without_opening_a_connection():
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portfolio.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",  # a connection attempt would fail
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "ALLOWED_HOSTS": "portfolio.example.org",
    }
    result = subprocess.run(
        [sys.executable, "-c", INSPECT], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    state = json.loads(result.stdout.splitlines()[-1])
    # No socket a forked worker would share with the master or its siblings.
    assert state["database_connections"] == []
    assert state["sockets"] == []
    # What the first page of every new worker used to spend its time on, already done.
    assert state["code_version_known"] == 1
    assert "base.html" in state["site_templates"]
    assert set(state["site_templates"]) <= set(state["templates_compiled"])
