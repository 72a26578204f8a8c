"""What each process would otherwise do on its first requests, done once as the application loads.

gunicorn loads the application in its master process (``preload_app``) and forks every worker
from it, again whenever one is recycled after ``max_requests``: what is loaded here, workers
inherit. Left to the first requests, a new worker spent about 160 ms on its first page (importing
the Redis client, hashing the code for the cache keys, compiling templates, reading the
translation catalogues), which at a few thousand cached pages a second comes back every second.

Nothing here opens a connection (database, Redis): a socket must not be shared between processes.
"""

from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.urls import get_resolver
from django.utils import translation

from pagecache import store
from portfolio.languages import language_codes


def site_templates():
    """The names of the site's own templates (the project's templates folder)."""
    folder = Path(settings.BASE_DIR) / "templates"
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*.html"))


def warm():
    caches[settings.PAGECACHE_ALIAS]  # noqa: B018 - imports the cache's client (redis-py: 50 ms)
    store.code_version()
    get_resolver().reverse_dict  # noqa: B018 - the URL patterns, compiled
    for code in language_codes():
        with translation.override(code):
            translation.gettext("Home")  # the language's catalogue, read
            get_resolver().reverse_dict  # noqa: B018 - translated URL patterns (i18n_patterns)
    for name in site_templates():
        try:
            get_template(name)  # compiled into the cached template loader
        except (TemplateDoesNotExist, TemplateSyntaxError):
            continue  # a template that fails is reported when a page uses it, as before
