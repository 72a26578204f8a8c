"""`manage.py restore_site`: put back the database and the media files from an archive."""

import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from backups.archive import (
    BackupError,
    archives,
    check_archive,
    create_backup,
    default_directory,
    restore_backup,
)


class Command(BaseCommand):
    help = (
        "Replace the database and the media files with those of a backup archive (the newest one by default)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "archive", nargs="?", help="The archive to restore (default: the newest in the folder)."
        )
        parser.add_argument("--dir", help="Folder of the archives (default: BACKUP_DIR, else var/backups).")
        parser.add_argument(
            "--noinput",
            "--no-input",
            "--force",
            action="store_false",
            dest="interactive",
            help="Replace the current content without asking.",
        )
        parser.add_argument(
            "--no-safety-backup",
            action="store_false",
            dest="safety_backup",
            help="Do not back up the current content before replacing it.",
        )

    def handle(self, *args, **options):
        directory = options["dir"] or default_directory()
        archive = options["archive"]
        if archive is None:
            found = archives(directory)
            if not found:
                raise CommandError(_("No backup archive in %(dir)s.") % {"dir": directory})
            archive = found[-1]
        try:
            # The whole archive is read and checked before anything is asked, backed up or replaced.
            manifest = check_archive(archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if options["interactive"]:
            warning = _(
                "This replaces every page, revision, user, image and document with those of "
                "%(path)s (made %(date)s)."
            ) % {"path": archive, "date": manifest["created"]}
            if not sys.stdin.isatty():
                raise CommandError(
                    warning + " " + _("Nothing was changed. Run again with --noinput to go ahead.")
                )
            if input(warning + " " + _("Type 'yes' to continue: ")).strip().lower() != "yes":
                raise CommandError(_("Restore cancelled; nothing was changed."))
        try:
            if options["safety_backup"]:
                safety = create_backup(directory)
                self.stdout.write(_("The current content was backed up first: %(path)s") % {"path": safety})
            restore_backup(archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        # Pages kept by nginx (or a CDN) show the content before the restore: purge them all.
        call_command("purge_frontend_cache", stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                _("Restored %(path)s (made %(date)s).") % {"path": archive, "date": manifest["created"]}
            )
        )
