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

Like with like: each page is also measured as a static file of its own bytes (the gzip body
nginx keeps, written under the static folder, sent with `gzip_static` like the stylesheet), so
that the size of the body and its compression are not what the comparison measures. And since
on a shared machine the rate follows the neighbours' load as much as nginx's work, the CPU time
nginx's worker spent per request (from /proc, Linux) is printed too: it does not depend on
how busy the other processes keep the cores.

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


def worker_cpu_seconds(master_pid):
    """CPU time (user + system) of the nginx worker(s) under the master process `master_pid`."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for child in Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split():
        if b"worker" not in Path(f"/proc/{child}/cmdline").read_bytes():
            continue  # the cache manager and loader
        fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def requests_per_second(url, duration, connections, nginx_pid):
    """wrk on one URL: its requests per second and nginx's CPU microseconds per request
    (non-2xx answers make the figures invalid)."""
    headers = [argument for name, value in HEADERS.items() for argument in ("-H", f"{name}: {value}")]
    cpu_before = worker_cpu_seconds(nginx_pid)
    result = subprocess.run(
        # One thread: it sends tens of thousands of requests a second, and a second one would
        # only take a core from the server it measures (the machine may have two).
        ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "30s", *headers, url],
        capture_output=True,
        text=True,
        check=True,
    )
    cpu = worker_cpu_seconds(nginx_pid) - cpu_before
    if "Non-2xx" in result.stdout or "Socket errors" in result.stdout:
        raise RuntimeError(f"{url}: errors during the run\n{result.stdout}")
    count = int(re.search(r"(\d+) requests in", result.stdout).group(1))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))
    return rate, cpu / count * 1e6


def copy_pages_as_static_files(stack, static_root):
    """Each page's gzip body, as nginx keeps it, written as a static file: {name: its URL}."""
    folder = Path(static_root) / "benchmark"
    folder.mkdir(exist_ok=True)
    copies = {}
    for name, path in PAGES.items():
        _headers, body = get(stack.url + path)
        (folder / f"{name}.html.gz").write_bytes(body)
        (folder / f"{name}.html").write_bytes(html_text(body))
        copies[name] = f"/static/benchmark/{name}.html"
    return copies


def measure(stack, static, copies, duration, connections, rounds):
    """Rounds of: the static file, a page, its copy as a static file, the static file, the next page…

    Each page's share is its rate over the mean of the static file's rates measured just before
    and just after it: the machine's speed changes from one second to the next (other processes,
    a virtual machine's neighbours), and it weighs on the reference as on the page.
    """
    for path in [*PAGES.values(), *copies.values()]:  # kept by nginx: the second answer is a hit
        get(stack.url + path)
        headers, _body = get(stack.url + path)
        assert headers["Content-Encoding"] == "gzip", path
        if path in PAGES.values():
            assert headers["X-Cache-Status"] == "HIT", (path, headers["X-Cache-Status"])
    assert get(stack.url + static)[0]["Content-Encoding"] == "gzip"
    nginx_pid = stack.processes[-1].pid

    def run(path):
        return requests_per_second(stack.url + path, duration, connections, nginx_pid)

    statics = [run(static)]
    figures = {name: {"page": [], "copy": [], "share": [], "copy share": []} for name in PAGES}
    for _round in range(rounds):
        for name, path in PAGES.items():
            page, copy = run(path), run(copies[name])
            statics.append(run(static))
            reference = (statics[-2][0] + statics[-1][0]) / 2
            figures[name]["page"].append(page)
            figures[name]["copy"].append(copy)
            figures[name]["share"].append(page[0] / reference)
            figures[name]["copy share"].append(copy[0] / reference)
    static_figures = (
        statistics.median(rate for rate, _cpu in statics),
        statistics.median(cpu for _rate, cpu in statics),
    )
    return static_figures, {
        name: {
            "rate": statistics.median(rate for rate, _cpu in values["page"]),
            "cpu": statistics.median(cpu for _rate, cpu in values["page"]),
            "copy cpu": statistics.median(cpu for _rate, cpu in values["copy"]),
            "share": statistics.median(values["share"]),
            "lowest": min(values["share"]),
            "highest": max(values["share"]),
            "copy share": statistics.median(values["copy share"]),
        }
        for name, values in figures.items()
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
            copies = copy_pages_as_static_files(stack, static_root)
            count = args.rounds * len(PAGES) * 3 + 1
            print(f"Measuring ({count} runs × {duration} s)…", flush=True)
            (static_rate, static_cpu), pages = measure(
                stack, static, copies, duration, args.connections, args.rounds
            )
        finally:
            stack.stop()
    finally:
        site.remove()

    print(
        f"\nnginx (1 worker, page cache) in front of gunicorn ({args.workers} workers, production settings); "
        f"wrk -t1 -c{args.connections} -d{duration}s, {args.rounds} rounds (median share, lowest–highest); "
        f"machine load {os.getloadavg()[0]:.2f} (1 min), {os.cpu_count()} cores"
    )
    print(f"  static file {static}: {static_rate:.0f} req/s, nginx CPU {static_cpu:.1f} µs per request")
    print(
        f"{'':12} {'req/s':>8} {'share':>7} {'range':>15} {'CPU µs':>7} {'CPU share':>9}"
        f" {'copy: share':>11} {'CPU µs':>7}"
    )
    for name, page in pages.items():
        spread = f"{page['lowest']:.1%}–{page['highest']:.1%}"
        print(
            f"{name:12} {page['rate']:8.0f} {page['share']:7.1%} {spread:>15} {page['cpu']:7.1f} "
            f"{static_cpu / page['cpu']:9.1%} {page['copy share']:11.1%} {page['copy cpu']:7.1f}"
        )
    print(
        "share: the page's rate over the static file's; CPU share: the static file's CPU per "
        "request over the page's;\ncopy: the page's own bytes sent as a static file (gzip_static)."
    )
    return 0


def html_text(body):
    """The page's bytes, unpacked if nginx sent them compressed."""
    return gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body


if __name__ == "__main__":
    sys.exit(main())
