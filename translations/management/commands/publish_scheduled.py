"""Wagtail's publish_scheduled, refusing to publish what is incomplete in a required language.

This app comes before Wagtail in INSTALLED_APPS, so `manage.py publish_scheduled` (the command
cron runs) is this one. Incomplete revisions are taken off the schedule first, reported in the
error log and the object's history; Wagtail's command then publishes the rest.
"""

from django.utils import timezone
from wagtail.management.commands import publish_scheduled
from wagtail.models import Revision

from translations.policy import withhold_incomplete_scheduled_revisions


class Command(publish_scheduled.Command):
    help = "Publish and unpublish what is scheduled, except what is incomplete in a required language."

    def handle(self, *args, **options):
        if not options["dryrun"]:
            # The same selection as Wagtail's command makes just after.
            due = Revision.objects.filter(approved_go_live_at__lt=timezone.now()).order_by(
                "approved_go_live_at"
            )
            withheld = withhold_incomplete_scheduled_revisions(due)
            if withheld:
                self.stderr.write(
                    f"{withheld} scheduled revision(s) withheld: incomplete in a required language."
                )
        super().handle(*args, **options)
