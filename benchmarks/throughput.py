"""Throughput of cached pages through the shipped nginx, as a share of a static file's; prints figures.

    .venv/bin/python benchmarks/throughput.py [--duration 3] [--rounds 5] [--connections 8] [--workers N]

On this machine's loopback only, bounded in time (duration × pages × rounds × 2: about two
minutes). Builds the demo site in a temporary folder (SQLite, or DATABASE_URL's PostgreSQL:
a database `<name>_site` of its own, dropped at the end), serves it with gunicorn under the
production settings behind nginx rendered from deploy/nginx.conf (deploy/local_stack.py), and
measures with `wrk` each page answered from nginx's page cache, in rounds, with a static file
(the hashed stylesheet, sent by the same nginx) just before and just after each page. Each
page's requests per second are printed as a share of the static file's: the median over the
rounds with the lowest and highest. Every request offers gzip and brotli, as browsers do.
Target: every page ≥ 95 %.

Needs nginx with Debian's cache-purge module and wrk (`make nginx`, apt's wrk).
"""

import argparse
import gzip
import os
import re
import statistics
import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deploy import local_stack  # noqa: E402
from tests.sites import DemoSite  # noqa: E402

HOST = "localhost"  # the demo's Wagtail site
HEADERS = {"Host": HOST, "Accept-Encoding": "gzip, deflate, br"}
PAGES = {
    "home": "/fr/",
    "listing": "/en/projects/",
    "project": "/en/migration-and-integration/migraction/",
    "search": "/en/search/?q=Vietnam",
}


def get(url):
    request = urllib.request.Request(url, headers=HEADERS)
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.headers, response.read()


def requests_per_second(url, duration, connections):
    """wrk on one URL; its requests per second (non-2xx answers make the figure invalid)."""
    headers = [argument for name, value in HEADERS.items() for argument in ("-H", f"{name}: {value}")]
    result = subprocess.run(
        # One thread: it sends tens of thousands of requests a second, and a second one would
        # only take a core from the server it measures (the machine may have two).
        ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "30s", *headers, url],
        capture_output=True,
        text=True,
        check=True,
    )
    if "Non-2xx" in result.stdout or "Socket errors" in result.stdout:
        raise RuntimeError(f"{url}: errors during the run\n{result.stdout}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))


def measure(stack, static, duration, connections, rounds):
    """Rounds of: the static file, a page, the static file, the next page…

    Each page's share is its rate over the mean of the static file's rates measured just before
    and just after it: the machine's speed changes from one second to the next (other processes,
    a virtual machine's neighbours), and it weighs on the reference as on the page.
    """
    for path in PAGES.values():  # kept by nginx: the second answer is a hit
        get(stack.url + path)
        headers, _body = get(stack.url + path)
        assert headers["X-Cache-Status"] == "HIT", (path, headers["X-Cache-Status"])
        assert headers["Content-Encoding"] == "gzip", path
    assert get(stack.url + static)[0]["Content-Encoding"] == "gzip"
    statics = [requests_per_second(stack.url + static, duration, connections)]
    rates = {name: [] for name in PAGES}
    shares = {name: [] for name in PAGES}
    for _round in range(rounds):
        for name, path in PAGES.items():
            rate = requests_per_second(stack.url + path, duration, connections)
            statics.append(requests_per_second(stack.url + static, duration, connections))
            rates[name].append(rate)
            shares[name].append(rate / ((statics[-2] + statics[-1]) / 2))
    return statistics.median(statics), {
        name: (
            statistics.median(rates[name]),
            statistics.median(shares[name]),
            min(shares[name]),
            max(shares[name]),
        )
        for name in PAGES
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=3, help="seconds per URL (max 30)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--rounds", type=int, default=5, help="measurements of each page (the median is printed)"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (pages come from nginx)")
    args = parser.parse_args()
    duration = min(args.duration, 30)

    print("Setting up: the demo site, static files…", flush=True)
    site = DemoSite()
    try:
        static_root = site.workdir / "static"
        collecting = local_stack.collectstatic({}, static_root)
        site.load_demo()
        assert collecting.wait(timeout=300) == 0
        env = {
            **site.env,
            "EDGE_CACHE_SECONDS": "600",  # no expiry during the run: every answer is a hit
            "LOG_LEVEL": "WARNING",
            "REQUEST_LOG_LEVEL": "WARNING",
            # The home-made page and row caches, if present, stay off: nginx alone keeps pages.
            "PAGE_CACHE_SECONDS": "0",
            "ROW_CACHE_SECONDS": "0",
        }
        stack = local_stack.start(
            site.workdir / "stack",
            env,
            static_root=static_root,
            media_root=site.media_root,
            workers=args.workers,
        )
        try:
            _headers, html = get(stack.url + "/fr/")
            static = re.search(rb"/static/css/site\.[0-9a-f]{12}\.css", html_text(html)).group().decode()
            count = args.rounds * len(PAGES) * 2 + 1
            print(f"Measuring ({count} runs × {duration} s)…", flush=True)
            static_rate, pages = measure(stack, static, duration, args.connections, args.rounds)
        finally:
            stack.stop()
    finally:
        site.remove()

    print(
        f"\nnginx (1 worker, page cache) in front of gunicorn ({args.workers} workers, production settings); "
        f"wrk -t1 -c{args.connections} -d{duration}s, {args.rounds} rounds (median share, lowest–highest); "
        f"machine load {os.getloadavg()[0]:.2f} (1 min), {os.cpu_count()} cores"
    )
    print(f"  static file {static}: {static_rate:.0f} req/s")
    print(f"{'':12} {'req/s':>8} {'share':>7} {'range':>15}")
    for name, (rate, share, lowest, highest) in pages.items():
        print(f"{name:12} {rate:8.0f} {share:7.1%} {f'{lowest:.1%}–{highest:.1%}':>15}")
    return 0


def html_text(body):
    """The page's bytes, unpacked if nginx sent them compressed."""
    return gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body


if __name__ == "__main__":
    sys.exit(main())
