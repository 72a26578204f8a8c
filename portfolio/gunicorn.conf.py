"""Gunicorn's settings for `make serve`: every value can be changed from the environment.

Gunicorn reads this file with `gunicorn -c portfolio/gunicorn.conf.py portfolio.wsgi`.
"""

import multiprocessing
import os

# The address nginx (or a load balancer) proxies to; never exposed directly.
bind = os.environ.get("ADDRESS", "127.0.0.1:8000")

# One process per core, plus one so a core is never idle while a worker waits on the database.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
# One request at a time per worker (gunicorn's sync worker) behind nginx: why, in docs/deploy.md.
threads = int(os.environ.get("GUNICORN_THREADS", "1"))

# A worker whose memory grows is replaced after this many requests, not all at once (jitter);
# at 1,000, busy workers serving cached pages in under a millisecond were replaced every second.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "500"))

# A request that takes longer than this is stuck: its worker is killed and replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Threaded workers only: sync workers close each connection after its answer.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))

# Load the application once in the master: workers start faster and share memory.
preload_app = True

# nginx is the only client; the addresses it forwards are trusted for X-Forwarded-*.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

loglevel = os.environ.get("LOG_LEVEL", "warning").lower()
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
