"""`manage.py backup_site`: archive the database and the media files into a folder."""

import os

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from backups.archive import BackupError, create_backup, default_directory


class Command(BaseCommand):
    help = "Back up the database and the media files into one timestamped archive."

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="Folder for the archives (default: BACKUP_DIR, else var/backups).")
        parser.add_argument(
            "--keep",
            type=int,
            default=int(os.environ.get("BACKUP_KEEP", "14")),
            help="Keep only the newest N archives in the folder; 0 keeps them all "
            "(default: BACKUP_KEEP, else 14).",
        )

    def handle(self, *args, **options):
        if options["keep"] < 0:
            raise CommandError(_("--keep must be 0 or more."))
        directory = options["dir"] or default_directory()
        try:
            path = create_backup(directory, keep=options["keep"], using=options.get("database", "default"))
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = path.stat().st_size / 1024 / 1024
        self.stdout.write(
            self.style.SUCCESS(_("Backup written: %(path)s (%(size).1f MB)") % {"path": path, "size": size})
        )
