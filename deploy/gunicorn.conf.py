"""gunicorn's settings under systemd (deploy/systemd/portfolio.service).

Those of portfolio/gunicorn.conf.py, except one: each worker loads the application itself
instead of the master loading it once. `systemctl reload portfolio` (SIGHUP) then starts
workers on the new code while the old ones finish their requests, so an upgrade has no
downtime; with the application loaded in the master, HUP would restart workers on the old code.
"""

from pathlib import Path

_COMMON = Path(__file__).resolve().parent.parent / "portfolio" / "gunicorn.conf.py"
exec(compile(_COMMON.read_text(), str(_COMMON), "exec"))  # noqa: S102 - gunicorn's own settings file

preload_app = False
