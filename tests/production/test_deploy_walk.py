"""A walk of docs/deploy.md on loopback: its commands in order, ending with the new superuser
signed in through nginx over TLS.

Every command line of the guide's ```sh blocks is matched, in order, by one entry of WALK:
run as written (paths moved to a temporary folder, the database and role made throwaway), or
replaced by what stands for it on a test machine (a private nginx instead of the system's,
a self-signed certificate instead of certbot's, the systemd unit's own command line instead of
systemctl), or skipped with the reason (packages, system users). A command added to the guide
without an entry here fails the walk. `make deploy-walk` runs this test alone.
"""

import http.cookiejar
import os
import re
import secrets
import shlex
import shutil
import signal
import ssl
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from deploy.local_stack import free_port
from deploy.render_nginx import brotli_available

pytestmark = pytest.mark.production_stack

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "deploy.md"
# The walk's throwaway database and role go on the PostgreSQL server the tests run on.
TEST_DATABASE = urllib.parse.urlparse(os.environ.get("DATABASE_URL", ""))
ON_POSTGRES = TEST_DATABASE.scheme in ("postgres", "postgresql")
HOST, PORT = TEST_DATABASE.hostname or "127.0.0.1", TEST_DATABASE.port or 5432
SERVER = f"-h {HOST} -p {PORT} -U {TEST_DATABASE.username or 'postgres'}"
POSTGRES = urllib.parse.urlunparse(TEST_DATABASE._replace(path="/postgres"))


def guide_commands():
    """The command lines of the guide's ```sh blocks, in order, with their block number."""
    commands, block, inside = [], 0, False
    for line in GUIDE.read_text().splitlines():
        if line.startswith("```"):
            inside = line.strip() == "```sh"
            block += inside
        elif inside and line.strip():
            commands.append((block, line))
    return commands


SKIP = "skip"  # not run here: the reason follows
RUN = "run"  # run as written, after the loopback substitutions
ACTION = "action"  # replaced by the walk's own step

# (start of the guide's line, what the walk does)
WALK = [
    ("apt-get install", (SKIP, "packages are installed on the test machine")),
    ("useradd", (SKIP, "the walk runs as the current user")),
    ("sudo -u portfolio git clone", (SKIP, "the clone under test is the code")),
    ("cd /srv/portfolio && sudo -u portfolio make install-runtime", (SKIP, "the clone's .venv is installed")),
    ("install -d -m 750 -o portfolio -g portfolio /srv/backups", (RUN, None)),
    ("sudo -u postgres psql -c", (RUN, None)),
    ("sudo -u postgres createdb", (RUN, None)),
    ("install -d -m 750 -o root -g portfolio /etc/portfolio", (RUN, None)),
    ("install -m 640 -o root -g portfolio deploy/portfolio.env.example", (RUN, None)),
    ('sed -i "s|^SECRET_KEY=', (RUN, None)),
    ("cd /srv/portfolio", (RUN, "edit-environment")),
    ("set -a; . /etc/portfolio/portfolio.env; set +a", (RUN, None)),
    ("export DJANGO_SETTINGS_MODULE=portfolio.settings.production", (RUN, None)),
    (".venv/bin/python manage.py migrate --noinput", (RUN, None)),
    (".venv/bin/python manage.py createsuperuser", (RUN, None)),
    (".venv/bin/python manage.py collectstatic --noinput", (RUN, None)),
    (".venv/bin/python manage.py check --deploy", (RUN, None)),
    ("cp deploy/systemd/portfolio.service /etc/systemd/system/", (SKIP, "no systemd here")),
    ("systemctl daemon-reload", (SKIP, "no systemd here")),
    ("systemctl enable --now portfolio", (ACTION, "start-gunicorn")),
    ("install -d /var/www/acme", (RUN, None)),
    (".venv/bin/python -m deploy.render_nginx", (RUN, "render-http")),
    ("ln -sf /etc/nginx/sites-available/portfolio", (SKIP, "a private nginx reads its file directly")),
    ("rm -f /etc/nginx/sites-enabled/default", (SKIP, "a private nginx has no default site")),
    ("nginx -t && systemctl reload nginx", (ACTION, "start-nginx")),
    ("certbot certonly", (ACTION, "self-signed-certificate")),
    (".venv/bin/python -m deploy.render_nginx", (RUN, "render-https")),
    ("nginx -t && systemctl reload nginx", (ACTION, "start-nginx")),
    ("cp deploy/systemd/portfolio-backup.service", (SKIP, "no systemd here")),
    ("systemctl daemon-reload", (SKIP, "no systemd here")),
    ("systemctl enable --now portfolio-backup.timer", (SKIP, "the timer is checked by systemd-analyze")),
    ("systemctl start portfolio-backup", (ACTION, "backup")),
    ("curl -fsS https://portfolio.example.org/healthz", (RUN, None)),
    ("cd /srv/portfolio", (RUN, None)),
    ("sudo -u portfolio git pull", (SKIP, "the clone under test is the code")),
    ("sudo -u portfolio make install-runtime", (SKIP, "the clone's .venv is installed")),
    ("sudo -u portfolio bash -c", (RUN, None)),
    ("systemctl reload portfolio", (ACTION, "reload-gunicorn")),
]


def unit_command(unit, substitute):
    """ExecStart and environment of a shipped systemd unit, on loopback."""
    text = substitute((ROOT / "deploy" / "systemd" / unit).read_text())
    command = shlex.split(re.search(r"^ExecStart=(.+)$", text, re.MULTILINE).group(1))
    environment = dict(
        line.removeprefix("Environment=").split("=", 1)
        for line in text.splitlines()
        if line.startswith("Environment=")
    )
    env_file = Path(re.search(r"^EnvironmentFile=(.+)$", text, re.MULTILINE).group(1))
    return command, environment, env_file


def read_environment_file(path):
    values = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, value = line.split("=", 1)
            values[name] = value[1:-1] if value[:1] == value[-1:] == '"' else value
    return values


class Walk:
    def __init__(self, folder):
        self.folder = folder
        self.token = secrets.token_hex(4)
        self.database, self.role = f"walk_{self.token}", f"walk_{self.token}"
        self.password = secrets.token_urlsafe(12)
        self.admin_password = secrets.token_urlsafe(16)
        self.app_port, self.http_port, self.https_port = free_port(), free_port(), free_port()
        self.processes = {}
        self.nginx_folder = folder / "nginx"
        self.tls = folder / "tls"
        self.environment = {
            key: value
            for key, value in os.environ.items()
            if key
            not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "MEDIA_ROOT", "STATIC_ROOT", "SECRET_KEY"}
        }
        self.log = []

    def substitute(self, text):
        f = self.folder
        for old, new in (
            ("/srv/portfolio/staticfiles", f"{f}/staticfiles"),
            ("/srv/portfolio/media", f"{f}/media"),
            ("/srv/portfolio", str(ROOT)),
            ("/srv/backups", f"{f}/backups"),
            ("/etc/portfolio", f"{f}/etc"),
            ("/var/www/acme", f"{f}/acme"),
            ("/etc/nginx/sites-available/portfolio", f"{self.nginx_folder}/nginx.conf"),
            ("/etc/letsencrypt/live/portfolio.example.org", str(self.tls)),
            ("https://portfolio.example.org/", f"https://127.0.0.1:{self.https_port}/"),
            ("portfolio.example.org", "127.0.0.1"),
            ("sudo -u postgres psql", f"psql {SERVER}"),
            ("sudo -u postgres createdb", f"createdb {SERVER}"),
            (
                "CREATE ROLE portfolio LOGIN PASSWORD 'CHANGE-ME'",
                f"CREATE ROLE {self.role} LOGIN PASSWORD '{self.password}'",
            ),
            ("--owner portfolio portfolio", f"--owner {self.role} {self.database}"),
            (" -o root -g portfolio", ""),
            (" -o portfolio -g portfolio", ""),
            ("sudo -u portfolio ", ""),
            ("User=portfolio", ""),
            ("curl -fsS ", "curl -fsSk "),
        ):
            text = text.replace(old, new)
        return text

    # -- the guide's lines ---------------------------------------------------------------------
    def shell(self, lines):
        script = "set -euo pipefail\n" + "\n".join(lines)
        started = time.monotonic()
        result = subprocess.run(
            ["bash", "-c", script],
            cwd=ROOT,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=300,
        )
        self.log.append(f"{time.monotonic() - started:5.1f} s  {lines[-1][:100]}")
        assert result.returncode == 0, (
            f"{script}\n--- stdout\n{result.stdout[-3000:]}\n--- stderr\n{result.stderr[-3000:]}"
        )
        return result.stdout

    def line(self, text, note):
        text = self.substitute(text)
        if text.startswith(".venv/bin/python manage.py createsuperuser"):
            text = (
                f"DJANGO_SUPERUSER_PASSWORD='{self.admin_password}' {text} --noinput "
                "--username walkadmin --email walkadmin@example.org"
            )
        if note == "render-http":
            text = text.replace(" > ", f" --listen 127.0.0.1:{self.http_port} {self.private_nginx()} > ")
        elif note == "render-https":
            text = text.replace(
                " > ",
                f" --listen 127.0.0.1:{self.https_port} --http-listen 127.0.0.1:{self.http_port}"
                f" {self.private_nginx()} > ",
            )
        return text

    def private_nginx(self):
        self.nginx_folder.mkdir(exist_ok=True)
        return f"--app-server 127.0.0.1:{self.app_port} --standalone {self.nginx_folder}"

    def edit_environment(self):
        """What the guide asks to edit in the environment file, with this walk's values."""
        path = self.folder / "etc" / "portfolio.env"
        values = {
            "DATABASE_URL": f"postgres://{self.role}:{self.password}@{HOST}:{PORT}/{self.database}",
            "ALLOWED_HOSTS": "127.0.0.1",
            "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{self.https_port}",
            "WAGTAILADMIN_BASE_URL": f"https://127.0.0.1:{self.https_port}",
            "ADDRESS": f"127.0.0.1:{self.app_port}",
            "EMAIL_URL": "console:",
        }
        lines = []
        for line in self.substitute(path.read_text()).splitlines():
            name = line.split("=", 1)[0]
            lines.append(f"{name}={values[name]}" if name in values and not line.startswith("#") else line)
        path.write_text("\n".join(lines) + "\n")
        secret = read_environment_file(path)["SECRET_KEY"]
        assert secret != "CHANGE-ME" and len(secret) >= 50, "the guide's sed did not set SECRET_KEY"

    # -- the walk's own steps ------------------------------------------------------------------
    def action(self, name):
        getattr(self, name.replace("-", "_"))()

    def start_gunicorn(self):
        command, environment, env_file = unit_command("portfolio.service", self.substitute)
        env = {**self.environment, **read_environment_file(env_file), **environment}
        log = open(self.folder / "gunicorn.log", "ab")  # noqa: SIM115 - the process owns it
        self.processes["gunicorn"] = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
        # Any answer will do: over plain http the production settings redirect to https.
        self.wait_for(f"http://127.0.0.1:{self.app_port}/healthz", "gunicorn", any_status=True)

    def start_nginx(self):
        config = self.nginx_folder / "nginx.conf"
        result = subprocess.run(
            ["nginx", "-t", "-p", str(self.nginx_folder), "-c", str(config)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        if "nginx" in self.processes:
            self.stop("nginx")
        self.processes["nginx"] = subprocess.Popen(
            ["nginx", "-p", str(self.nginx_folder), "-c", str(config), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.wait_for(f"http://127.0.0.1:{self.http_port}/healthz", "nginx", any_status=True)

    def self_signed_certificate(self):
        self.tls.mkdir()
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=127.0.0.1",
            ]
            + ["-keyout", str(self.tls / "privkey.pem"), "-out", str(self.tls / "fullchain.pem")],
            check=True,
            capture_output=True,
        )

    def backup(self):
        command, environment, env_file = unit_command("portfolio-backup.service", self.substitute)
        env = {**self.environment, **read_environment_file(env_file), **environment}
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        assert list((self.folder / "backups").glob("portfolio-*.tar.gz")), "no archive in the backups folder"

    def reload_gunicorn(self):
        """systemctl reload: HUP to the master; every request during the reload is answered."""
        gunicorn = self.processes["gunicorn"]
        before = set(self.workers(gunicorn.pid))
        gunicorn.send_signal(signal.SIGHUP)
        deadline, statuses = time.monotonic() + 60, []
        while time.monotonic() < deadline:
            # New workers load the code before they answer: requests wait for them, none fails.
            statuses.append(self.fetch("/healthz", timeout=60)[0])
            workers = set(self.workers(gunicorn.pid))
            if workers and not workers & before and len(statuses) >= 5:
                break
            time.sleep(0.2)
        assert workers and not workers & before, "the workers were not replaced"
        assert set(statuses) == {200}, statuses

    @staticmethod
    def workers(master):
        found = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout
        return [int(pid) for pid in found.split()]

    # -- helpers -------------------------------------------------------------------------------
    def wait_for(self, url, name, *, any_status=False, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.processes[name].poll() is not None:
                break
            try:
                with self.opener().open(url, timeout=5):
                    return
            except urllib.error.HTTPError:
                if any_status:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        logs = [self.folder / "gunicorn.log", self.nginx_folder / "nginx-error.log"]
        text = "\n".join(path.read_text(errors="replace")[-2000:] for path in logs if path.exists())
        pytest.fail(f"{name} did not answer at {url}:\n{text}")

    def opener(self, cookies=None):
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        return urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=context),
            urllib.request.HTTPCookieProcessor(
                cookies if cookies is not None else http.cookiejar.CookieJar()
            ),
            NoRedirect,
        )

    def fetch(self, path, *, opener=None, data=None, headers=None, timeout=15):
        url = f"https://127.0.0.1:{self.https_port}{path}"
        request = urllib.request.Request(url, data=data, headers=headers or {})
        try:
            with (opener or self.opener()).open(request, timeout=timeout) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode(errors="replace")

    def stop(self, name):
        process = self.processes.pop(name)
        process.send_signal(signal.SIGINT if name == "nginx" else signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def clean(self):
        for name in list(self.processes):
            self.stop(name)
        subprocess.run(
            ["psql", POSTGRES, "-c", f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)'],
            capture_output=True,
        )
        subprocess.run(["psql", POSTGRES, "-c", f'DROP ROLE IF EXISTS "{self.role}"'], capture_output=True)


@pytest.fixture
def walk(tmp_path):
    if not ON_POSTGRES:
        # Production runs on PostgreSQL: the walk runs once, in the PostgreSQL pass of `make test`
        # (CI's second pass), or alone with `make deploy-walk`.
        pytest.skip("the deploy walk runs with DATABASE_URL=postgres://… (make deploy-walk)")
    for tool in ("nginx", "openssl", "psql", "createdb", "pg_dump"):
        if not shutil.which(tool):
            pytest.fail(
                f"{tool} is missing (make nginx; apt-get install openssl postgresql-client)", pytrace=False
            )
    if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"]).returncode:
        pytest.fail(
            "PostgreSQL is not running on 127.0.0.1:5432 (the walk makes a throwaway database)", pytrace=False
        )
    walk = Walk(tmp_path)
    yield walk
    walk.clean()


def test_every_command_of_the_guide_has_its_step_in_the_walk():
    commands = guide_commands()
    assert len(commands) == len(WALK), [line for _block, line in commands]
    for (_block, line), (start, _what) in zip(commands, WALK, strict=True):
        assert line.startswith(start), (line, start)


def test_the_guide_walked_on_loopback_ends_with_the_superuser_signed_in(walk):
    started = time.monotonic()
    commands = guide_commands()
    pending, current_block = [], None
    for (block, line), (_start, (kind, note)) in zip(commands, WALK, strict=True):
        if block != current_block or kind != RUN:
            if pending:
                walk.shell(pending)
            pending = []
        current_block = block
        if kind == RUN:
            if note == "edit-environment":
                walk.edit_environment()  # "Then edit /etc/portfolio/portfolio.env"
            pending.append(walk.line(line, note))
        elif kind == ACTION:
            walk.action(note)
    if pending:
        walk.shell(pending)

    # The admin's sign-in page answers through nginx over TLS, and the superuser signs in.
    cookies = http.cookiejar.CookieJar()
    opener = walk.opener(cookies)
    status, headers, page = walk.fetch("/admin/login/", opener=opener)
    assert status == 200, page[:2000]
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "username": "walkadmin",
            "password": walk.admin_password,
            "next": "/admin/",
        }
    ).encode()
    login_url = f"https://127.0.0.1:{walk.https_port}/admin/login/"
    status, headers, page = walk.fetch(
        "/admin/login/", opener=opener, data=form, headers={"Referer": login_url}
    )
    assert status == 302 and headers["Location"].endswith("/admin/"), page[:3000]
    status, _headers, dashboard = walk.fetch("/admin/", opener=opener)
    assert status == 200
    assert "walkadmin" in dashboard
    # Port 80 redirects to https and still answers certificate renewals' challenges.
    request = urllib.request.Request(f"http://127.0.0.1:{walk.http_port}/admin/")
    with pytest.raises(urllib.error.HTTPError) as redirect:
        walk.opener().open(request, timeout=10)
    assert redirect.value.code == 301
    assert redirect.value.headers["Location"] == f"https://127.0.0.1:{walk.https_port}/admin/"
    print("\n".join(walk.log), f"\nwalk: {time.monotonic() - started:.0f} s, brotli: {brotli_available()}")
