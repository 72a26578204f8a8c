"""Load and faults on the production stack, on this machine's loopback only; prints figures.

    .venv/bin/python benchmarks/load_fault.py [--duration 60] [--connections 32] [--outage 5]

Builds everything it uses in a temporary folder and removes it at the end: a PostgreSQL
cluster and a Redis server of its own (so restarting them disturbs nobody else), the demo
site, then gunicorn (production settings) behind nginx (deploy/nginx.conf). Three phases,
each bounded in time:

1. `wrk` for --duration seconds at --connections connections on the main pages: requests,
   errors, latency percentiles.
2. Requests keep coming while PostgreSQL stops for --outage seconds and starts again: every
   answer during the outage must be a 503 with Retry-After (never a 500), the app's log must
   hold no traceback, and the site must answer 200 again by itself once PostgreSQL is back.
3. The same while Redis is stopped: the site keeps answering 200 from the database.

Needs PostgreSQL's server binaries, redis-server, nginx and wrk (Debian packages).
"""

import argparse
import contextlib
import getpass
import http.client
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deploy import local_stack  # noqa: E402

PAGES = [
    "/fr/",
    "/en/projects/",
    "/fr/projets/?country=VN",
    "/en/migration-and-integration/migraction/",
    "/fr/",
]


def as_postgres(command):
    """PostgreSQL refuses to run as root: run its tools as the postgres user then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class PrivatePostgres:
    """A throwaway PostgreSQL cluster on a free loopback port, in `folder`."""

    def __init__(self, folder):
        versions = sorted(Path("/usr/lib/postgresql").iterdir(), key=lambda path: int(path.name))
        self.bin = versions[-1] / "bin"
        self.folder = Path(folder)
        self.folder.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self.port = local_stack.free_port()
        user = "postgres" if os.geteuid() == 0 else getpass.getuser()
        self.url = f"postgres://{user}@127.0.0.1:{self.port}/portfolio_load"
        subprocess.run(
            as_postgres([str(self.bin / "initdb"), "-D", str(self.folder), "--auth=trust", "-E", "UTF8",
                         "--locale=C.UTF-8", "--no-sync"]),
            check=True, capture_output=True,
        )  # fmt: skip
        self.options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.start()
        subprocess.run(
            as_postgres(
                [str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "portfolio_load"]
            ),
            check=True,
        )

    def pg_ctl(self, args):
        log = self.folder / "server.log"
        subprocess.run(
            as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.folder), "-l", str(log), "-w", "-m", "fast",
                         *args]),
            check=True, capture_output=True,
        )  # fmt: skip

    def stop(self):
        self.pg_ctl(["stop"])

    def start(self):
        self.pg_ctl(["-o", self.options, "start"])


class PrivateRedis:
    """A throwaway Redis server on a free loopback port, without persistence."""

    def __init__(self):
        self.port = local_stack.free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None
        self.start()

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        time.sleep(0.5)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def wrk(url, duration, connections, workdir):
    """wrk on the main pages in turn; returns its report.

    A request counts as failed after 30 s without an answer (nginx itself waits 60 s): on a
    busy 2-core machine 32 connections queue for several seconds without anything failing.
    """
    script = workdir / "pages.lua"
    paths = ", ".join(f'"{path}"' for path in PAGES)
    script.write_text(
        f"paths = {{{paths}}}\ni = 0\n"
        "request = function()\n  i = i % #paths + 1\n  return wrk.format(nil, paths[i])\nend\n"
    )
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "30s", "--latency",
         "-s", str(script), url],
        capture_output=True, text=True, timeout=duration + 60,
    )  # fmt: skip
    return result.stdout


def report_wrk(output):
    """Print wrk's figures; returns the number of failed requests (error statuses, timeouts…)."""
    requests = re.search(r"(\d+) requests in ([\d.]+)(\w+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    failed = (int(non_2xx.group(1)) if non_2xx else 0) + (
        sum(int(count) for count in socket_errors.groups()) if socket_errors else 0
    )
    percentiles = dict(re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+\w+)", output, re.M))
    print(f"  requests: {requests.group(1)} in {requests.group(2)}{requests.group(3)}")
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    print(f"  requests/s: {rate.group(1)}")
    socket_text = socket_errors.group(0) if socket_errors else "Socket errors: none"
    print(f"  errors: {non_2xx.group(1) if non_2xx else 0} non-2xx/3xx; {socket_text}")
    print("  latency: " + ", ".join(f"p{key} {value}" for key, value in percentiles.items()))
    return failed


class Prober:
    """`threads` clients requesting pages in a loop, recording (time, status, Retry-After)."""

    def __init__(self, port, threads=8):
        self.port = port
        self.threads = threads
        self.records = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()

    def _client(self, offset):
        connection = None
        index = offset
        while not self.stopping.is_set():
            path = PAGES[index % len(PAGES)]
            index += 1
            try:
                connection = connection or http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
                record = (time.monotonic(), response.status, response.getheader("Retry-After"), body[:2000])
            except (OSError, http.client.HTTPException) as error:
                connection = None
                record = (time.monotonic(), f"connection error: {type(error).__name__}", None, b"")
            with self.lock:
                self.records.append(record)

    def run(self, seconds, fault_at, fault, recover):
        """Probe for `seconds`; at `fault_at` s call fault(), then recover(); returns their times."""
        workers = [threading.Thread(target=self._client, args=(n,), daemon=True) for n in range(self.threads)]
        started = time.monotonic()
        for worker in workers:
            worker.start()
        time.sleep(fault_at)
        fault_start = time.monotonic()
        fault()
        recover()
        fault_end = time.monotonic()
        time.sleep(max(0, seconds - (fault_end - started)))
        self.stopping.set()
        for worker in workers:
            worker.join(timeout=15)
        return started, fault_start, fault_end


def tracebacks(log):
    return log.read_text(errors="replace").count("Traceback") if log.exists() else 0


def phase_database(stack, postgres, outage, log):
    prober = Prober(int(stack.url.rsplit(":", 1)[1]))

    def fault():
        postgres.stop()
        time.sleep(outage)

    before = tracebacks(log)
    started, fault_start, fault_end = prober.run(outage + 20, 5, fault, postgres.start)
    statuses = Counter(record[1] for record in prober.records)
    unavailable = [record for record in prober.records if record[1] == 503]
    without_retry = [record for record in unavailable if not record[2]]
    bilingual = all(b"indisponible" in record[3] and b"unavailable" in record[3] for record in unavailable)
    recovered = [record[0] for record in prober.records if record[0] > fault_end and record[1] == 200]
    last_failure = max((record[0] for record in prober.records if record[1] != 200), default=None)
    print(f"  answers: {dict(statuses)}")
    print(f"  PostgreSQL down for {fault_end - fault_start:.1f} s (stopped {fault_start - started:.1f} s in)")
    print(f"  503 answers: {len(unavailable)}, without Retry-After: {len(without_retry)}")
    print(f"  every 503 page in both languages: {bilingual}")
    print(
        f"  500 answers: {statuses.get(500, 0)}; new tracebacks in the app's log: {tracebacks(log) - before}"
    )
    if recovered:
        print(f"  first 200 after PostgreSQL is back: {recovered[0] - fault_end:.2f} s")
    if last_failure and last_failure > fault_end:
        print(f"  last non-200 answer: {last_failure - fault_end:.2f} s after PostgreSQL is back")
    ok = statuses.get(500, 0) == 0 and not without_retry and recovered and tracebacks(log) == before
    return bool(ok)


def phase_cache(stack, redis, outage, log):
    prober = Prober(int(stack.url.rsplit(":", 1)[1]))

    def fault():
        redis.stop()
        time.sleep(outage)

    before = tracebacks(log)
    _started, _fault_start, _fault_end = prober.run(outage + 15, 5, fault, redis.start)
    statuses = Counter(record[1] for record in prober.records)
    print(f"  answers while Redis was stopped for {outage} s, then started again: {dict(statuses)}")
    print(f"  new tracebacks in the app's log: {tracebacks(log) - before}")
    return set(statuses) == {200}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds of load in phase 1 (max 300)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--outage", type=int, default=5, help="seconds PostgreSQL and Redis stay down (max 60)"
    )
    parser.add_argument("--workers", type=int, default=os.cpu_count() + 1)
    args = parser.parse_args()
    duration, outage = min(args.duration, 300), min(args.outage, 60)

    workdir = Path(tempfile.mkdtemp(prefix="portfolio-load-"))
    workdir.chmod(0o755)  # the postgres user must reach its cluster's folder
    postgres = redis = stack = None
    try:
        print(
            "Setting up: PostgreSQL and Redis of its own, the demo site, gunicorn behind nginx…", flush=True
        )
        postgres = PrivatePostgres(workdir / "pg")
        redis = PrivateRedis()
        env = {
            "DATABASE_URL": postgres.url,
            "REDIS_URL": redis.url,
            "MEDIA_ROOT": str(workdir / "media"),
            "CONN_MAX_AGE": "60",
            "LOG_LEVEL": "WARNING",
        }
        static_root = workdir / "static"
        collecting = local_stack.collectstatic(env, static_root)
        manage_env = {**os.environ, **env, "DJANGO_SETTINGS_MODULE": "portfolio.settings.test"}
        for command in (["migrate", "--noinput"], ["load_demo"]):
            subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=manage_env, check=True,
                           capture_output=True)  # fmt: skip
        collecting.wait(timeout=300)
        stack = local_stack.start(
            workdir / "stack",
            env,
            static_root=static_root,
            media_root=workdir / "media",
            workers=args.workers,
        )
        log = workdir / "stack" / "gunicorn.log"
        # One visit per page first: the first view of a page draws its image renditions.
        for path in PAGES:
            connection = http.client.HTTPConnection("127.0.0.1", int(stack.url.rsplit(":", 1)[1]), timeout=60)
            connection.request("GET", path)
            connection.getresponse().read()
        print(
            f"Stack: {stack.url} (nginx) → gunicorn, {args.workers} workers; load on {', '.join(PAGES[:4])}"
        )
        print(f"Machine load before: {os.getloadavg()[0]:.2f} (1 min), {os.cpu_count()} cores")

        print(f"\n1. {duration} s at {args.connections} connections (wrk)")
        errors = report_wrk(wrk(stack.url, duration, args.connections, workdir))

        print(f"\n2. PostgreSQL stopped for {outage} s during load (8 clients)")
        database_ok = phase_database(stack, postgres, outage, log)

        print(f"\n3. Redis stopped for {outage} s during load (8 clients)")
        cache_ok = phase_cache(stack, redis, outage, log)

        print(f"\nMachine load after: {os.getloadavg()[0]:.2f} (1 min)")
        verdicts = [
            f"load {'OK' if errors == 0 else 'ERRORS'}",
            f"database outage {'OK' if database_ok else 'FAILED'}",
            f"cache outage {'OK' if cache_ok else 'FAILED'}",
        ]
        print("Result: " + ", ".join(verdicts))
        return 0 if errors == 0 and database_ok and cache_ok else 1
    finally:
        if stack:
            stack.stop()
        if redis:
            redis.stop()
        if postgres:
            with contextlib.suppress(subprocess.CalledProcessError):
                postgres.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
