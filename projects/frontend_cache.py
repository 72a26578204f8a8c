"""What each change purges from nginx's page cache (or a CDN), in both languages.

nginx keeps anonymous answers for EDGE_CACHE_SECONDS (Django's s-maxage), so every page shows a
change within that bound whatever happens here; Wagtail's frontend cache (`purge_urls_from_cache`,
to the backends of WAGTAILFRONTENDCACHE) makes it immediate where it matters:

- a page published (also reverted, scheduled, approved), unpublished, moved, renamed or deleted:
  that page, the pages above it (its programme, the home page) and the listing pages;
- a partner published, unpublished or deleted, an image or document saved or deleted: the pages
  that show it (Wagtail's reference index), the pages above them and the listing pages;
- a view restriction added, changed or removed: the page and every page below it;
- a settings change (organisation, open data), `restore_site`, or `manage.py purge_frontend_cache`
  after changes made without the admin: every live page.

Each page is purged at its URL in every language: slugs are translated, so Wagtail's own
rewriting of the language prefix (/fr/projets/… → /en/projets/…) would miss. Purges are sent once
the transaction commits, so no request can put the old page back in between. Everything else
(filtered or paginated listings, search, feeds, sitemap, open data) follows within the bound.

Wagtail's own handlers (the page's URL in the current language only) are replaced by these:
FrontendCacheConfig stands for the wagtail.contrib.frontend_cache app in INSTALLED_APPS.
"""

import functools
import logging

from django.apps import AppConfig, apps
from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


class FrontendCacheConfig(AppConfig):
    name = "wagtail.contrib.frontend_cache"
    label = "wagtailfrontendcache"
    verbose_name = _("Wagtail frontend cache")

    def ready(self):
        connect()


def page_urls(pages, *, even_if_not_live=False):
    """Every URL of these pages, in every language (with each page's get_cached_paths)."""
    pages = [page for page in pages if page.live or even_if_not_live]
    paths = {page.pk: page.specific_deferred.get_cached_paths() for page in pages}
    urls = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for page in pages:
                url = page.get_full_url()
                if url:
                    urls.update(url + path.lstrip("/") for path in paths[page.pk])
    return urls


def purge_after_commit(urls):
    """Purge the URLs through every WAGTAILFRONTENDCACHE backend once the transaction commits."""
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    urls = sorted(urls)
    if urls:
        transaction.on_commit(lambda: purge_urls_from_cache(urls), robust=True)


def in_context(pages):
    """The pages, the live pages above them (below the tree's root) and the listing pages."""
    from wagtail.models import Page

    from portfolio.pages import ListingPage

    pages = list(pages)
    paths = {page.path[: depth * Page.steplen] for page in pages for depth in range(2, page.depth)}
    listing_types = [model for model in apps.get_models() if issubclass(model, ListingPage)]
    return [*pages, *Page.objects.live().filter(path__in=paths), *Page.objects.live().type(*listing_types)]


def purge_pages(pages, *, even_if_not_live=()):
    """The pages in context; `even_if_not_live`: pages just unpublished or deleted."""
    urls = page_urls(in_context([*pages, *even_if_not_live]))
    purge_after_commit(urls | page_urls(even_if_not_live, even_if_not_live=True))


def purge_everything():
    """Every live page, in every language (settings changes, restores, changes made in SQL)."""
    from wagtail.models import Page

    urls = page_urls(Page.objects.live().specific(defer=True))
    purge_after_commit(urls)
    return urls


def referencing_pages(instance):
    """The live pages that show this object, according to Wagtail's reference index."""
    from wagtail.models import Page, ReferenceIndex

    page_type = ReferenceIndex._get_base_content_type(Page)
    ids = ReferenceIndex.get_references_to(instance).filter(base_content_type=page_type)
    return list(
        Page.objects.live().filter(pk__in=[int(pk) for pk in ids.values_list("object_id", flat=True)])
    )


# --- Signal handlers --------------------------------------------------------------------------


def when_configured(handler):
    """Without a frontend cache (development, most tests) a change costs no URL lookups."""

    @functools.wraps(handler)
    def handle(*args, **kwargs):
        if settings.WAGTAILFRONTENDCACHE:
            handler(*args, **kwargs)

    return handle


# The URLs of pages being moved, from pre_page_move to post_page_move, by page id.
_moving = {}


@when_configured
def on_published_or_unpublished(sender, instance, **kwargs):
    """Wagtail's `published`/`unpublished`: pages, and snippets with drafts (partners)."""
    from wagtail.models import Page

    if isinstance(instance, Page):
        purge_pages([], even_if_not_live=[instance])
    else:
        purge_pages(referencing_pages(instance))


@when_configured
def on_slug_changed(sender, instance, instance_before, **kwargs):
    purge_after_commit(page_urls([instance_before], even_if_not_live=True))


@when_configured
def before_move(sender, instance, **kwargs):
    _moving[instance.pk] = page_urls(in_context([instance]))


@when_configured
def after_move(sender, instance, **kwargs):
    purge_after_commit(_moving.pop(instance.pk, set()) | page_urls(in_context([instance])))


@when_configured
def before_delete(sender, instance, **kwargs):
    """What a deleted object was shown on, found while it still exists, purged on commit."""
    from wagtail.models import Page

    if not isinstance(instance, Page):
        on_save(sender, instance)
    elif instance.live:
        purge_pages([], even_if_not_live=[instance])


@when_configured
def on_save(sender, instance, created=False, raw=False, **kwargs):
    """A view restriction: the page and every page below it must leave shared caches at once;
    a setting: every page; an image, a document or a partner: the pages that show it."""
    from wagtail.models import Page, PageViewRestriction

    if raw:
        return
    if isinstance(instance, PageViewRestriction):
        page = Page.objects.filter(pk=instance.page_id).first()
        if page is not None:
            purge_pages(Page.objects.live().descendant_of(page, inclusive=True))
    elif isinstance(instance, _setting_models()):
        if not created:  # settings are created with their defaults on first use
            purge_everything()
    else:
        pages = referencing_pages(instance)
        if pages:
            purge_pages(pages)


def _setting_models():
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting

    return (BaseGenericSetting, BaseSiteSetting)


def connect():
    """Connected to the models concerned only: a pre_delete receiver for every model would stop
    Django's fast deletes everywhere."""
    from django.db.models.signals import post_save, pre_delete
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import DraftStateMixin, Page, PageViewRestriction
    from wagtail.signals import page_slug_changed, post_page_move, pre_page_move, published, unpublished

    published.connect(on_published_or_unpublished, dispatch_uid="frontend-cache-published")
    unpublished.connect(on_published_or_unpublished, dispatch_uid="frontend-cache-unpublished")
    page_slug_changed.connect(on_slug_changed, dispatch_uid="frontend-cache-slug")
    pre_page_move.connect(before_move, dispatch_uid="frontend-cache-pre-move")
    post_page_move.connect(after_move, dispatch_uid="frontend-cache-post-move")
    shown = [get_image_model(), get_document_model()]
    settings_models = [model for model in apps.get_models() if issubclass(model, _setting_models())]
    for model in [*shown, *settings_models, PageViewRestriction]:
        post_save.connect(on_save, sender=model, dispatch_uid=f"frontend-cache-save-{model._meta.label}")
    snippets = [m for m in apps.get_models() if issubclass(m, DraftStateMixin) and not issubclass(m, Page)]
    pages = [model for model in apps.get_models() if issubclass(model, Page)]
    for model in [*pages, *snippets, *shown, PageViewRestriction]:
        pre_delete.connect(
            before_delete, sender=model, dispatch_uid=f"frontend-cache-delete-{model._meta.label}"
        )
