"""Back up and restore the whole site: the database, with its own native tool, and the media files.

One archive per backup, `portfolio-<UTC timestamp>.tar.gz`, holding:

- `manifest.json`: format, date, database engine;
- `database.sqlite3` (SQLite's online backup API, both ways: a consistent copy even while the
  site writes) or `database.pgdump` (`pg_dump --format=custom`, restored with `pg_restore`,
  both run by django-dbbackup's connector);
- `media/`: every uploaded image, rendition and document, byte for byte.

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
# What a damaged archive raises while it is read: a truncated gzip stream ends in EOFError.
READ_ERRORS = (OSError, EOFError, tarfile.TarError, zlib.error)


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
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
    final = directory / f"{PREFIX}{stamp}{SUFFIX}"
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
        # Written under a temporary name and renamed: a half-written archive never looks like a backup.
        partial = work / "archive.partial"
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(work / "manifest.json", arcname="manifest.json")
            tar.add(database_file, arcname=database_file.name)
            media_root = Path(settings.MEDIA_ROOT)
            if media_root.is_dir():
                tar.add(media_root, arcname="media")
            else:
                # Always a media folder, empty if need be: restore refuses an archive without one.
                folder = tarfile.TarInfo(MEDIA_FOLDER)
                folder.type = tarfile.DIRTYPE
                folder.mode = 0o755
                tar.addfile(folder)
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


def read_manifest(archive):
    """The archive's manifest, after checking it is one of ours."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            manifest = json.load(tar.extractfile("manifest.json"))
    except (EOFError, zlib.error) as error:
        raise _damaged(archive, error) from error
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
    return manifest


def check_archive(archive):
    """The archive's manifest, after reading the whole archive: nothing is replaced from an
    archive that is truncated or damaged, or that lacks its database file or its media folder
    (restoring it would delete every upload)."""
    manifest = read_manifest(archive)
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = {member.name.rstrip("/"): member for member in tar}  # reads to the end
    except READ_ERRORS as error:
        raise _damaged(archive, error) from error
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


def _damaged(archive, error):
    return BackupError(
        _("%(path)s is damaged or incomplete (%(error)s): nothing was changed.")
        % {"path": archive, "error": str(error) or type(error).__name__}
    )


def restore_backup(archive, using="default"):
    """Replace the database and the media files with the archive's. Everything else is checked first."""
    archive = Path(archive)
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
        except READ_ERRORS as error:
            raise BackupError(
                _("%(path)s could not be unpacked (%(error)s): nothing was changed.")
                % {"path": archive, "error": error or type(error).__name__}
            ) from error
        database_file = work / manifest["database"]
        if not database_file.is_file():
            raise BackupError(_("%(path)s has no database file.") % {"path": archive})
        if vendor == "sqlite":
            _restore_sqlite(connection, database_file)
        else:
            _restore_postgresql(connection, database_file)
        _replace_media(work / "media", media_root)
    return manifest


# Databases -------------------------------------------------------------------


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
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()


def _restore_sqlite(connection, path):
    # The backup API copies every page into the live database in one step, indexes and all.
    connection.ensure_connection()
    source = sqlite3.connect(path)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


# PostgreSQL: django-dbbackup's connector runs pg_dump (custom format) and pg_restore (--clean
# --if-exists --single-transaction, so a failure leaves the database as it was), with the
# connection's host, port, user, password and SSL options.


def _postgres_connector(connection):
    connector = get_connector(connection.alias)
    connector.pg_options = ["--no-owner", "--no-privileges"]  # for pg_restore
    return connector


def _failed(program, error):
    return BackupError(_("%(program)s failed: %(error)s") % {"program": program, "error": error})


def _dump_postgresql(connection, path):
    try:
        dump = _postgres_connector(connection).create_dump()
    except CommandConnectorError as error:
        raise _failed("pg_dump", error) from error
    with open(path, "wb") as file:
        shutil.copyfileobj(dump, file)


def _restore_postgresql(connection, path):
    # Our own connections would hold locks pg_restore waits for.
    connections.close_all()
    with open(path, "rb") as file:
        try:
            _postgres_connector(connection).restore_dump(file)
        except CommandConnectorError as error:
            raise _failed("pg_restore", error) from error


# Media -----------------------------------------------------------------------


def _replace_media(source, media_root):
    """Make media_root hold exactly the archived files (the folder itself is kept: it may be a mount)."""
    for child in media_root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    if source.is_dir():
        for child in source.iterdir():
            shutil.move(str(child), media_root / child.name)
