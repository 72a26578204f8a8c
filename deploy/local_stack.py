"""The production stack on this machine's loopback: gunicorn with the production settings
behind a private nginx rendered from deploy/nginx.conf.

Used by the production-stack test and by benchmarks/load_fault.py; both bring their own
database and media folder (in the environment they pass) and stop the stack when done.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from deploy.render_nginx import render_standalone

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONFIG = ROOT / "portfolio" / "gunicorn.conf.py"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_environment(env, *, static_root, app_address=None):
    """Production settings with a throwaway key; nginx says the visitor came over HTTPS."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portfolio.settings.production",
        # collectstatic needs no database, but the production settings require one named.
        "DATABASE_URL": os.environ.get("DATABASE_URL", "sqlite:///:memory:"),
        "SECRET_KEY": env.get("SECRET_KEY", "local-stack-secret-key-" + "x" * 40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATIC_ROOT": str(static_root),
        "DOCUMENTS_SENDFILE": "nginx",
        **({"ADDRESS": app_address} if app_address else {}),
        **env,
    }


def collectstatic(env, static_root):
    """Start collectstatic (about ten seconds: it compresses every file); returns the process."""
    environment = production_environment(env, static_root=static_root)
    return subprocess.Popen(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=environment,
    )


@dataclass
class Stack:
    url: str
    app_url: str
    workdir: Path
    processes: list = field(default_factory=list)
    environment: dict = field(default_factory=dict)

    def start_app(self):
        """Start gunicorn (processes[0]); returns once it answers /healthz itself."""
        log = open(self.workdir / "gunicorn.log", "ab")  # noqa: SIM115 - the process owns it
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONFIG), "portfolio.wsgi"],
            cwd=ROOT,
            env=self.environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        if self.processes:
            self.processes[0] = process
        else:
            self.processes.append(process)
        return process

    def stop_app(self):
        """Stop gunicorn only (nginx keeps answering, from its cache where it can)."""
        app = self.processes[0]
        app.send_signal(signal.SIGTERM)
        app.wait(timeout=30)

    def wait_for(self, url, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(process.poll() is not None for process in self.processes):
                return False
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        return True
            except (OSError, urllib.error.HTTPError):
                time.sleep(0.2)
        return False

    def stop(self):
        # SIGINT is a quick shutdown for both gunicorn and nginx (no wait for idle keep-alives).
        for process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def start(workdir, env, *, static_root, media_root, workers=2, timeout=30):
    """Start gunicorn and nginx; returns once /healthz answers through nginx."""
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    app_address = f"127.0.0.1:{free_port()}"
    web_port = free_port()
    environment = production_environment(env, static_root=static_root, app_address=app_address)
    environment.setdefault("WEB_CONCURRENCY", str(workers))
    environment["MEDIA_ROOT"] = str(media_root)
    # Wagtail's frontend cache sends its PURGE requests to this nginx.
    environment.setdefault("FRONTEND_CACHE_PURGE_URL", f"http://127.0.0.1:{web_port}")
    stack = Stack(
        url=f"http://127.0.0.1:{web_port}",
        app_url=f"http://{app_address}",
        workdir=workdir,
        environment=environment,
    )
    stack.start_app()
    config = workdir / "nginx.conf"
    config.write_text(
        render_standalone(
            workdir,
            listen=f"127.0.0.1:{web_port}",
            server_name="127.0.0.1",
            app_server=app_address,
            static_root=static_root,
            media_root=media_root,
            # TLS would end at this nginx in production: tell Django the request was secure.
            forwarded_proto="https",
        )
    )
    stack.processes.append(
        subprocess.Popen(
            ["nginx", "-p", str(workdir), "-c", str(config), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=open(workdir / "nginx-stderr.log", "ab"),  # noqa: SIM115
        )
    )
    if stack.wait_for(f"{stack.url}/healthz", timeout):
        return stack
    stack.stop()
    logs = "\n".join(
        (workdir / name).read_text(errors="replace")[-3000:]
        for name in ("gunicorn.log", "nginx-stderr.log", "nginx-error.log")
        if (workdir / name).exists()
    )
    raise RuntimeError(f"the production stack did not start:\n{logs}")
