"""Throughput of the main pages as a share of a static file's, rendered by Django; prints figures.

    .venv/bin/python benchmarks/throughput.py [--duration 3] [--rounds 5] [--connections 8] [--workers N]

On this machine's loopback only, bounded in time (duration × pages × rounds × 2: about
5 minutes). Builds a PostgreSQL cluster and a Redis server of its own and the demo site in a
temporary folder (removed at the end), then serves it with gunicorn under the production
settings, every request rendering the page from the database ("cold"; the application keeps
no page cache: nginx does, see deploy/nginx.conf). `wrk` measures each page in rounds, with
a static file served by the same gunicorn (WhiteNoise) just before and just after each page;
each page's requests per second are printed as a share of the static file's, the median over
the rounds with the lowest and highest. Every request offers gzip and brotli, as
browsers do. Target: home, listing and project ≥ 5 %.

Needs PostgreSQL's server binaries, redis-server, nginx and wrk (Debian packages).
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.load_fault import PrivatePostgres, PrivateRedis  # noqa: E402
from deploy import local_stack  # noqa: E402

STATIC = "/static/css/site.css"
# As browsers ask: the static file (WhiteNoise's .br copy) and the pages are sent compressed.
ACCEPT_ENCODING = "Accept-Encoding: gzip, deflate, br"
PAGES = {
    "home": "/fr/",
    "listing": "/en/projects/",
    "listing, filtered": "/fr/projets/?country=VN&status=archived",
    "program": "/fr/migrations-et-integration/",
    "project": "/en/migration-and-integration/migraction/",
    "partners": "/en/partners/",
    "search": "/en/search/?q=Vietnam",
    "feed": "/fr/feed/",
    "sitemap": "/sitemap.xml",
}


def requests_per_second(url, duration, connections):
    """wrk on one URL; its requests per second (non-2xx answers make the figure invalid)."""
    result = subprocess.run(
        # One thread: it sends tens of thousands of requests a second, and a second one would
        # only take a core from the server it measures (the machine may have two).
        ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "30s", "-H", ACCEPT_ENCODING, url],
        capture_output=True,
        text=True,
        check=True,
    )
    if "Non-2xx" in result.stdout or "Socket errors" in result.stdout:
        raise RuntimeError(f"{url}: errors during the run\n{result.stdout}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))


def measure(stack, duration, connections, rounds):
    """Rounds of: the static file, a page, the static file, the next page… on the app server itself.

    Each page's share is its rate over the mean of the static file's rates measured just before
    and just after it: the machine's speed changes from one second to the next (other processes,
    a virtual machine's neighbours), and it weighs on the reference as on the page. Returns the
    static file's median rate and, per page, the median rate and the median, lowest and highest
    share over the rounds.
    """
    base = stack.app_url
    for path in [STATIC, *PAGES.values()]:  # warm: renditions drawn, cache filled
        request = urllib.request.Request(base + path, headers=dict([ACCEPT_ENCODING.split(": ")]))
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
    statics = [requests_per_second(base + STATIC, duration, connections)]
    rates = {name: [] for name in PAGES}
    shares = {name: [] for name in PAGES}
    for _round in range(rounds):
        for name, path in PAGES.items():
            rate = requests_per_second(base + path, duration, connections)
            statics.append(requests_per_second(base + STATIC, duration, connections))
            rates[name].append(rate)
            shares[name].append(rate / ((statics[-2] + statics[-1]) / 2))
    pages = {
        name: (
            statistics.median(rates[name]),
            statistics.median(shares[name]),
            min(shares[name]),
            max(shares[name]),
        )
        for name in PAGES
    }
    return statistics.median(statics), pages


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # Five rounds: on a small machine other processes come and go; the median of five moves
    # less from one benchmark to the next than the median of three.
    parser.add_argument("--duration", type=int, default=3, help="seconds per URL (max 30)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--rounds", type=int, default=5, help="measurements of each page (the median is printed)"
    )
    parser.add_argument("--workers", type=int, default=os.cpu_count() + 1)
    args = parser.parse_args()
    duration = min(args.duration, 30)

    workdir = Path(tempfile.mkdtemp(prefix="portfolio-throughput-"))
    workdir.chmod(0o755)  # the postgres user must reach its cluster's folder
    postgres = redis = None
    try:
        print("Setting up: PostgreSQL and Redis of its own, the demo site…", flush=True)
        postgres = PrivatePostgres(workdir / "pg")
        redis = PrivateRedis()
        env = {
            "DATABASE_URL": postgres.url,
            "REDIS_URL": redis.url,
            "MEDIA_ROOT": str(workdir / "media"),
            "CONN_MAX_AGE": "60",
            "LOG_LEVEL": "WARNING",
            "REQUEST_LOG_LEVEL": "WARNING",
            # wrk talks to gunicorn directly, over plain HTTP, as nginx would after ending TLS.
            "SECURE_SSL_REDIRECT": "0",
        }
        static_root = workdir / "static"
        collecting = local_stack.collectstatic(env, static_root)
        manage_env = {**os.environ, **env, "DJANGO_SETTINGS_MODULE": "portfolio.settings.test"}
        for command in (["migrate", "--noinput"], ["load_demo"]):
            subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=manage_env, check=True,
                           capture_output=True)  # fmt: skip
        collecting.wait(timeout=300)

        results = {}
        # cold: every request renders the page from the database.
        runs = (("cold",),)
        for (label,) in runs:
            stack = local_stack.start(
                workdir / f"stack-{label}",
                env,
                static_root=static_root,
                media_root=workdir / "media",
                workers=args.workers,
            )
            try:
                count = args.rounds * len(PAGES) * 2 + 1
                print(f"Measuring {label} ({count} runs × {duration} s)…", flush=True)
                results[label] = measure(stack, duration, args.connections, args.rounds)
            finally:
                stack.stop()

        print(
            f"\ngunicorn, {args.workers} workers, production settings, PostgreSQL + Redis; wrk -t1 "
            f"-c{args.connections} -d{duration}s, {args.rounds} rounds (median share, lowest–highest); "
            f"machine load {os.getloadavg()[0]:.2f} (1 min), {os.cpu_count()} cores"
        )
        labels = [label for (label,) in runs]
        for label in labels:
            print(f"  static file ({label}): {results[label][0]:.0f} req/s")
        print(f"{'':20}" + "".join(f" {label + ' req/s':>13} {'share':>7} {'range':>13}" for label in labels))
        for name in PAGES:
            figures = ""
            for label in labels:
                rate, share, lowest, highest = results[label][1][name]
                figures += f" {rate:13.0f} {share:7.1%} {f'{lowest:.1%}–{highest:.1%}':>13}"
            print(f"{name:20}{figures}")
        return 0
    finally:
        if redis:
            redis.stop()
        if postgres:
            postgres.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
