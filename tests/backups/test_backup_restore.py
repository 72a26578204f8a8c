"""backup_site / restore_site: the round trip keeps everything, on the database the tests run on."""

import io
import json
import os
import tarfile
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from wagtail.models import Page

from backups.archive import archives
from tests import scratch

pytestmark = pytest.mark.django_db


@pytest.fixture
def scratch_site(request, tmp_path):
    """A demo site in a database and media folder of its own, on the tests' database engine."""
    backup_dir = tmp_path / "backups"
    if connection.vendor == "sqlite":
        database, media = scratch.copy_site(request.getfixturevalue("sqlite_demo_copy"), tmp_path)
        yield scratch.site_env(f"sqlite:///{database}", media, BACKUP_DIR=str(backup_dir))
        return
    url, drop = scratch.postgres_scratch_database("backup")
    env = scratch.site_env(url, tmp_path / "media", BACKUP_DIR=str(backup_dir))
    try:
        scratch.build_demo_site(env)
        yield env
    finally:
        drop()


def _state(env, action=""):
    result = scratch.run(env, "-m", "tests.backups.site_state", *([action] if action else []))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


@pytest.mark.end_to_end
def test_restore_brings_back_every_page_revision_user_and_file(scratch_site):
    env = scratch_site
    before = _state(env, "prepare")
    assert before["revisions"] and before["images"] and before["documents"] and before["users"]

    backup = scratch.manage(env, "backup_site", "--keep", "3")
    assert backup.returncode == 0, backup.stderr

    damaged = _state(env, "damage")
    for part in before:
        assert damaged[part] != before[part], part  # the damage touched every part

    refused = scratch.manage(env, "restore_site")
    assert refused.returncode != 0
    assert "--noinput" in refused.stderr
    assert _state(env) == damaged

    restore = scratch.manage(env, "restore_site", "--noinput")
    assert restore.returncode == 0, restore.stderr
    after = _state(env)
    for part in before:
        assert after[part] == before[part], part
    # The content replaced by the restore was itself backed up first.
    assert len(archives(env["BACKUP_DIR"])) == 2

    # The restored site still works: migrations are in step and its pages are served.
    check = scratch.manage(env, "migrate", "--noinput")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No migrations to apply" in check.stdout


@pytest.mark.end_to_end
def test_keep_leaves_only_the_newest_archives(tmp_path):
    media = tmp_path / "media"
    (media / "original_images").mkdir(parents=True)
    (media / "original_images" / "photo.png").write_bytes(b"png bytes")
    env = scratch.site_env(f"sqlite:///{tmp_path / 'site.sqlite3'}", media)
    made = []
    for _ in range(3):
        result = scratch.manage(env, "backup_site", "--dir", str(tmp_path / "backups"), "--keep", "2")
        assert result.returncode == 0, result.stderr
        made.append(archives(tmp_path / "backups")[-1])
        assert str(made[-1]) in result.stdout
    kept = archives(tmp_path / "backups")
    assert kept == made[1:]
    with tarfile.open(kept[-1]) as tar:
        names = tar.getnames()
        assert tar.extractfile("media/original_images/photo.png").read() == b"png bytes"
    assert {"manifest.json", "database.sqlite3"} <= set(names)


def _add(tar, name, data=None):
    info = tarfile.TarInfo(name)
    if data is None:
        info.type = tarfile.DIRTYPE
        info.mode = 0o755
        tar.addfile(info)
    else:
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))


def _archive(path, manifest, *, media=True, database=b"SQLite format 3\0"):
    """A hand-made archive with a manifest, a database file and a media folder, as backup_site writes it."""
    manifest = {"created": "2026-01-01T00:00:00+00:00", "database": "database.sqlite3", **manifest}
    with tarfile.open(path, "w:gz") as tar:
        _add(tar, "manifest.json", json.dumps(manifest).encode())
        _add(tar, manifest["database"], database)
        if media:
            _add(tar, "media")
            _add(tar, "media/original_images")
            _add(tar, "media/original_images/photo.png", b"png bytes")
    return path


def test_restore_refuses_without_noinput_and_changes_nothing(tmp_path):
    _archive(tmp_path / "portfolio-20260101-000000-000000.tar.gz", {"format": 1, "engine": connection.vendor})
    pages = Page.objects.count()
    with pytest.raises(CommandError, match="--noinput"):
        call_command("restore_site", "--dir", str(tmp_path), stdout=io.StringIO())
    assert Page.objects.count() == pages
    assert len(archives(tmp_path)) == 1  # not even a safety backup


def test_restore_refuses_an_archive_of_another_database_engine(tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    archive = _archive(tmp_path / "portfolio-20260101-000000-000000.tar.gz", {"format": 1, "engine": other})
    with pytest.raises(CommandError, match=other):
        call_command("restore_site", str(archive), "--noinput", "--no-safety-backup", stdout=io.StringIO())


def test_restore_refuses_an_archive_whose_manifest_is_incomplete(tmp_path):
    archive = tmp_path / "portfolio-20260101-000000-000000.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        data = json.dumps({"format": 1, "engine": connection.vendor}).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError, match="portfolio-20260101"):
        call_command("restore_site", str(archive), stdout=io.StringIO())


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    junk = tmp_path / "portfolio-junk.tar.gz"
    junk.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="portfolio-junk"):
        call_command("restore_site", str(junk), "--noinput", stdout=io.StringIO())


@pytest.fixture
def an_upload():
    """A file in the media folder, which a refused restore must leave in place."""
    from django.conf import settings

    path = Path(settings.MEDIA_ROOT) / "documents" / "keep-me.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("still here")
    yield path
    path.unlink(missing_ok=True)


def _restore(archive):
    call_command("restore_site", str(archive), "--noinput", "--no-safety-backup", stdout=io.StringIO())


def test_restore_refuses_an_archive_without_a_media_folder_and_deletes_nothing(tmp_path, an_upload):
    archive = _archive(
        tmp_path / "portfolio-20260101-000000-000000.tar.gz",
        {"format": 1, "engine": connection.vendor},
        media=False,
    )
    pages = Page.objects.count()
    with pytest.raises(CommandError, match="media|médias"):
        _restore(archive)
    assert an_upload.read_text() == "still here"
    assert Page.objects.count() == pages


def test_restore_refuses_a_truncated_archive_with_a_clear_message_and_deletes_nothing(tmp_path, an_upload):
    archive = _archive(
        tmp_path / "portfolio-20260101-000000-000000.tar.gz",
        {"format": 1, "engine": connection.vendor},
        database=os.urandom(300_000),  # does not compress: the cut falls inside it
    )
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    with pytest.raises(CommandError, match="incomplete|incomplet"):
        _restore(archive)
    assert an_upload.read_text() == "still here"
    # Not even a safety backup is made of a site the archive cannot replace.
    with pytest.raises(CommandError, match="incomplete|incomplet"):
        call_command("restore_site", str(archive), "--noinput", "--dir", str(tmp_path), stdout=io.StringIO())
    assert archives(tmp_path) == [archive]


def test_a_backup_of_a_site_without_uploads_still_has_a_media_folder(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "no-media-yet")
    archive = tmp_path / "made.tar.gz"
    from backups import archive as backup_archive

    with (
        mock.patch.object(backup_archive, "_dump_sqlite", lambda connection, path: path.write_bytes(b"db")),
        mock.patch.object(backup_archive, "_supported_vendor", lambda connection: "sqlite"),
    ):
        made = backup_archive.create_backup(tmp_path / "out")
    with tarfile.open(made) as tar:
        assert tar.getmember("media").isdir()
    assert not archive.exists()
