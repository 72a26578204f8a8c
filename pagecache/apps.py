from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    """Caches public pages and moves the cache on when content changes (see signals.py)."""

    name = "pagecache"

    def ready(self):
        from . import signals

        signals.connect()
