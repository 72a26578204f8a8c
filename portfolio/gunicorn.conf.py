"""Gunicorn's settings for `make serve`: every value can be changed from the environment.

Gunicorn reads this file with `gunicorn -c portfolio/gunicorn.conf.py portfolio.wsgi`.
"""

import multiprocessing
import os

# The address nginx (or a load balancer) proxies to; never exposed directly.
bind = os.environ.get("ADDRESS", "127.0.0.1:8000")

# Pages spend their time in Python and the database: one process per core, plus one so a
# core is never idle while another worker waits on the database.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
# One request at a time per worker (gunicorn's sync worker), as gunicorn advises behind a
# buffering proxy such as nginx: the page's Python never waits for another thread's, and each
# connection goes to whichever worker is free. Threaded workers (GUNICORN_THREADS=2 or more)
# keep a client's keep-alive connections: with few clients, one worker got them all and the
# site used one core (measured: rendered pages' throughput halved in about one run in two).
threads = int(os.environ.get("GUNICORN_THREADS", "1"))

# A worker whose memory grows (a leak, a huge image) is replaced after this many requests;
# the jitter keeps workers from restarting all at once. A worker serves a cached page in well
# under a millisecond: at 1,000, busy workers were replaced every second.
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
