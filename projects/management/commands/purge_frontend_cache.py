"""`manage.py purge_frontend_cache`: purge every live page from nginx's cache (or the CDN).

Run it after changing content without the admin (SQL, QuerySet.update(), a script): the changed
pages then show at once instead of within EDGE_CACHE_SECONDS. restore_site runs it itself.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from projects.frontend_cache import purge_everything


class Command(BaseCommand):
    help = "Purge every live page, in every language, from the frontend cache (nginx or a CDN)."

    def handle(self, *args, **options):
        if not settings.WAGTAILFRONTENDCACHE:
            self.stdout.write(_("No frontend cache is configured (WAGTAILFRONTENDCACHE): nothing to purge."))
            return
        urls = purge_everything()
        if options["verbosity"] > 1:
            self.stdout.write("\n".join(sorted(urls)))
        self.stdout.write(_("Purged %(count)d URLs.") % {"count": len(urls)})
