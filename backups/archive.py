"""Back up and restore the whole site: the database, with its own native tool, and the media files.

One archive per backup, `portfolio-<UTC timestamp>.tar.gz`, holding `manifest.json` (format,
date, database engine), the database and `media/` (every upload, byte for byte). The database
is `database.sqlite3`, copied both ways by SQLite's online backup API (consistent even while
the site writes), or `database.pgdump`, from `pg_dump --format=custom` and back by
`pg_restore`, both run by django-dbbackup's connector.

Native dumps rather than `dumpdata`/`loaddata`: they keep Wagtail's page tree, revisions and
the translation columns wagtail-modeltranslation adds outside migrations exactly as they are.
django-dbbackup's own SQLite connector is not used: it restores by writing over the database
file under the site's open connection, where the backup API replaces it page by page.
"""

import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
import zlib
from contextlib import closing
from pathlib import Path

from dbbackup.db.base import get_connector
from dbbackup.db.exceptions import CommandConnectorError
from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
PREFIX = "portfolio-"
SUFFIX = ".tar.gz"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA_FOLDER = "media"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


def default_directory():
    """Where archives go: BACKUP_DIR from the settings or the environment, else var/backups."""
    configured = getattr(settings, "BACKUP_DIR", None) or os.environ.get("BACKUP_DIR")
    return Path(configured) if configured else Path(settings.BASE_DIR) / "var" / "backups"


def archives(directory):
    """The archives in `directory`, oldest first (the timestamp in the name sorts them)."""
    directory = Path(directory)
    if not directory.is_dir():
        return []
    return sorted(path for path in directory.glob(f"{PREFIX}*{SUFFIX}") if path.is_file())


def create_backup(directory, keep=0, using="default"):
    """Write a new archive into `directory`, then keep only the newest `keep` (0 keeps all)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    connection = connections[using]
    vendor = _supported_vendor(connection)
    final = directory / f"{PREFIX}{timezone.now():%Y%m%d-%H%M%S-%f}{SUFFIX}"
    with tempfile.TemporaryDirectory(dir=directory, prefix=".backup-") as work:
        work = Path(work)
        database_file = work / DATABASE_FILES[vendor]
        if vendor == "sqlite":
            _dump_sqlite(connection, database_file)
        else:
            _dump_postgresql(connection, database_file)
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "engine": vendor,
            "database": database_file.name,
        }
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        # Always a media folder, empty if need be: restore refuses an archive without one.
        media_root = Path(settings.MEDIA_ROOT)
        if not media_root.is_dir():
            media_root = work / MEDIA_FOLDER
            media_root.mkdir()
        # Written under a temporary name and renamed: a half-written archive never looks like a backup.
        partial = work / "archive.partial"
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(work / "manifest.json", arcname="manifest.json")
            tar.add(database_file, arcname=database_file.name)
            tar.add(media_root, arcname=MEDIA_FOLDER)
        os.replace(partial, final)
    prune(directory, keep)
    return final


def prune(directory, keep):
    """Delete all but the newest `keep` archives; 0 keeps them all. Returns the deleted paths."""
    if keep <= 0:
        return []
    old = archives(directory)[:-keep]
    for path in old:
        path.unlink()
    return old


def check_archive(archive):
    """The archive's manifest, after reading the whole archive: nothing is replaced from an
    archive that is truncated or damaged, or that lacks its database file or its media folder
    (restoring it would delete every upload)."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = {member.name.rstrip("/"): member for member in tar.getmembers()}  # to the end
            manifest = json.load(tar.extractfile("manifest.json"))
    except (EOFError, zlib.error) as error:  # a truncated gzip stream ends in EOFError
        raise BackupError(
            _("%(path)s is damaged or incomplete (%(error)s): nothing was changed.")
            % {"path": archive, "error": str(error) or type(error).__name__}
        ) from error
    except (OSError, KeyError, tarfile.TarError, ValueError) as error:
        raise BackupError(
            _("%(path)s is not a site backup: %(error)s") % {"path": archive, "error": error}
        ) from error
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != FORMAT
        or manifest.get("engine") not in DATABASE_FILES
        or not {"created", "database"} <= manifest.keys()
    ):
        raise BackupError(_("%(path)s is not a site backup this version can restore.") % {"path": archive})
    database = members.get(manifest["database"])
    if database is None or not database.isfile():
        raise BackupError(_("%(path)s has no database file: nothing was changed.") % {"path": archive})
    media = members.get(MEDIA_FOLDER)
    if media is None or not media.isdir():
        raise BackupError(
            _(
                "%(path)s has no media folder: restoring it would delete every uploaded image "
                "and document. Nothing was changed."
            )
            % {"path": archive}
        )
    return manifest


def restore_backup(archive, using="default"):
    """Replace the database and the media files with the archive's. Everything else is checked first."""
    manifest = check_archive(archive)
    connection = connections[using]
    vendor = _supported_vendor(connection)
    if manifest["engine"] != vendor:
        raise BackupError(
            _(
                "This archive holds a %(archived)s database; the site uses %(current)s. "
                "Restore it on a %(archived)s site."
            )
            % {"archived": manifest["engine"], "current": vendor}
        )
    if vendor == "sqlite" and connection.in_atomic_block:
        raise BackupError(_("A SQLite database cannot be restored inside a transaction."))
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    # Unpacked next to the media folder, so the files are moved into place, not copied.
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".restore-") as work:
        work = Path(work)
        try:
            with tarfile.open(archive, "r:gz") as tar:
                # The "data" filter refuses absolute paths, links out of the folder and device files.
                tar.extractall(work, filter="data")
        except (OSError, EOFError, tarfile.TarError, zlib.error) as error:
            raise BackupError(
                _("%(path)s could not be unpacked (%(error)s): nothing was changed.")
                % {"path": archive, "error": error or type(error).__name__}
            ) from error
        if vendor == "sqlite":
            _restore_sqlite(connection, work / manifest["database"])
        else:
            _restore_postgresql(connection, work / manifest["database"])
        # The media folder itself is kept (it may be a mount): only what it holds is replaced.
        for child in media_root.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
        for child in (work / MEDIA_FOLDER).iterdir():
            shutil.move(child, media_root / child.name)
    return manifest


def _supported_vendor(connection):
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(
            _("Backups support SQLite and PostgreSQL, not %(vendor)s.") % {"vendor": connection.vendor}
        )
    return connection.vendor


def _dump_sqlite(connection, path):
    if connection.in_atomic_block:
        # SQLite's backup waits forever for a write transaction of its own source connection.
        raise BackupError(_("A SQLite backup cannot be made inside a transaction."))
    connection.ensure_connection()
    with closing(sqlite3.connect(path)) as target:
        connection.connection.backup(target)


def _restore_sqlite(connection, path):
    # The backup API copies every page into the live database in one step, indexes and all.
    connection.ensure_connection()
    with closing(sqlite3.connect(path)) as source:
        source.backup(connection.connection)


# PostgreSQL: django-dbbackup's connector runs pg_dump (custom format) and pg_restore (--clean
# --if-exists --single-transaction, so a failure leaves the database as it was), with the
# connection's host, port, user, password and SSL options.


def _dump_postgresql(connection, path):
    try:
        dump = get_connector(connection.alias).create_dump()
    except CommandConnectorError as error:
        raise BackupError(
            _("%(program)s failed: %(error)s") % {"program": "pg_dump", "error": error}
        ) from error
    with open(path, "wb") as file:
        shutil.copyfileobj(dump, file)


def _restore_postgresql(connection, path):
    connector = get_connector(connection.alias)
    connector.pg_options = ["--no-owner", "--no-privileges"]
    # Our own connections would hold locks pg_restore waits for.
    connections.close_all()
    with open(path, "rb") as file:
        try:
            connector.restore_dump(file)
        except CommandConnectorError as error:
            raise BackupError(
                _("%(program)s failed: %(error)s") % {"program": "pg_restore", "error": error}
            ) from error
