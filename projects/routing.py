"""Finding a child page by its translated slug with an indexed query, for routing and validation.

wagtail-modeltranslation routes a request by loading every child of a page and comparing
slugs in Python, and checks a new slug against every sibling the same way: with thousands
of projects under a program, that was most of a project page's time and of a publish. Here
the database finds the few pages whose slug column matches (the slug columns are indexed,
see migration 0002), and the same comparison is made on those only, so the result is the
same, fallbacks between languages included.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q, prefetch_related_objects
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from pagecache import store
from portfolio.languages import language_codes

# Requests are routed from the site's home page, a child of the tree's root.
SITE_ROOT_DEPTH = 2


def _slug_columns_q(slugs):
    """Pages whose slug, in any language, is one of `slugs`: a superset of the real matches."""
    query = Q()
    for code in language_codes():
        query |= Q(**{f"slug_{code}__in": slugs})
    return query


class IndexedSlugRoutingMixin:
    """Routes to children and validates slugs with indexed lookups (see the module's docstring)."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # The page type's own clean(), before wagtail-modeltranslation wraps it at start-up.
        cls.declared_clean = cls.clean

    def clean(self):
        # Each language's slug first, reported on its own field, as wagtail-modeltranslation
        # does; then Wagtail's Page.clean(), skipping the copy wagtail-modeltranslation wraps
        # around it (which compares the slug with every sibling's, in Python).
        errors = translated_slug_errors(self)
        if errors:
            raise ValidationError(errors)
        super(Page, self).clean()
        self._check_slug_is_unique()

    def route_by_indexed_slug(self, request, path_components):
        if path_components and self.depth == SITE_ROOT_DEPTH:
            return self._route_remembered(request, path_components)
        return self._route_one_step(request, path_components)

    def _route_remembered(self, request, path_components):
        """Route from the site's home page, the page found kept by the row cache.

        Which page a path leads to, and what that page shows, change only when a page is
        published, unpublished, moved or deleted, which the row cache is refreshed for: a
        remembered path costs no query instead of two per level. Paths that lead nowhere (404)
        are not remembered.
        """
        found = None

        def find():
            nonlocal found
            found = self._route_one_step(request, path_components)
            if found.args or found.kwargs:
                return None
            # Its image, read now (one query) so that it is kept with the page; and when the
            # page is kept, the image's renditions (one more): its banner and social card then
            # need no query or cache read. Not kept, the renditions come from Wagtail's cache.
            image = getattr(found.page, "social_image", lambda: None)()
            if image is not None and store.rows_cache_enabled():
                prefetch_related_objects([image], "renditions")
            return found.page

        parts = (self.pk, translation.get_language(), tuple(path_components))
        # Written after the page, with the renditions it drew (see store.remember).
        page = store.remember("route", parts, find, after_render=True)
        if found is not None:
            return found
        if page is None:  # a sub-route (view arguments): routed step by step every time
            return self._route_one_step(request, path_components)
        # The page as it was read: its public fields change only when it is published (or
        # unpublished, moved…), which refreshes the row cache. Its own checks run again.
        return page.route(request, [])

    def _route_one_step(self, request, path_components):
        if not path_components:
            if self.live:
                return Page.route(self, request, path_components)
            raise Http404
        child_slug, remaining = path_components[0], path_components[1:]
        for child in self.get_children().filter(_slug_columns_q([child_slug])):
            # `slug` reads the active language's slug, or the fallback language's when empty.
            if child.slug == child_slug:
                return child.specific.route(request, remaining)
        raise Http404


def slug_clashes(parent, slugs, page=None):
    """The languages among `slugs` ({language: slug}) in which a child of `parent` has that slug."""
    siblings = Page.objects.child_of(parent).filter(_slug_columns_q(list(set(slugs.values()))))
    if page is not None and page.pk:
        siblings = siblings.exclude(pk=page.pk)
    siblings = list(siblings)
    clashes = []
    for code, slug in slugs.items():
        with translation.override(code):
            if any(sibling.slug == slug for sibling in siblings):
                clashes.append(code)
    return clashes


def translated_slug_errors(page):
    """{slug_<language>: message} for each language in which a sibling already has the page's slug."""
    parent = page.get_parent()
    if parent is None:
        return {}
    slugs = {}
    for code in language_codes():
        with translation.override(code):
            slugs[code] = page.slug
    return {f"slug_{code}": SLUG_IN_USE for code in slug_clashes(parent, slugs, page)}


SLUG_IN_USE = _("This slug is already in use")


def indexed_slug_form(form_class):
    """The admin page form `form_class`, checking translated slugs against siblings' with one query.

    Replaces wagtail-modeltranslation's form subclass, which builds the list of every
    sibling's slug once per language.
    """

    class IndexedSlugAdminPageForm(form_class):
        def clean(self):
            cleaned_data = super().clean()
            slugs = {
                code: cleaned_data[f"slug_{code}"]
                for code in language_codes()
                if cleaned_data.get(f"slug_{code}") is not None
            }
            if slugs and self.parent_page is not None:
                for code in slug_clashes(self.parent_page, slugs, self.instance):
                    self.add_error(f"slug_{code}", ValidationError(SLUG_IN_USE))
            return cleaned_data

    return IndexedSlugAdminPageForm


def keep_site_root_paths_per_language():
    """Keep the site root paths on the request for each language, read with the page's rows.

    wagtail-modeltranslation gives every translated page type a `_get_site_root_paths` that
    keeps one language's paths on the request, and reads the cache again when the language
    changes: a page's URLs in both languages (the language switcher, the hreflang links, the
    structured data) cost four cache reads per request, a round trip to Redis each. Kept by
    the row cache instead (saving a site or publishing a page moves it on), they come with the
    page's other rows.
    """
    from django.apps import apps
    from wagtail_modeltranslation.patch_wagtailadmin import (
        _localized_site_get_site_root_paths,
        _new_get_site_root_paths,
    )

    def site_root_paths(self, request=None, **kwargs):
        holder = request if request is not None else self
        language = translation.get_language()
        kept = holder.__dict__.setdefault("_site_root_paths_by_language", {})
        if language not in kept:
            read = _localized_site_get_site_root_paths
            kept[language] = store.remember("site-root-paths", (language,), read)
        # Where Wagtail itself looks for them (its redirects copy them from the request).
        holder._wagtail_cached_site_root_paths = kept[language]
        holder._wagtail_cached_site_root_paths_language = language
        return kept[language]

    for model in [Page, *apps.get_models()]:
        if model.__dict__.get("_get_site_root_paths") is _new_get_site_root_paths:
            model._get_site_root_paths = site_root_paths


def use_indexed_slugs(*models):
    """Give these page types back the indexed routing and validation defined on them.

    wagtail-modeltranslation assigns its own `route` and `clean` to every translated page type
    when the apps are ready; this runs after it (the projects app's ready()).
    """
    for model in models:
        model.route = model.route_by_indexed_slug
        model.clean = model.declared_clean
        form_class = model.base_form_class
        if form_class.__name__ == "WagtailFixedAdminPageForm":
            model.base_form_class = indexed_slug_form(form_class.__mro__[1])
            model.get_edit_handler.cache_clear()


class RememberedSiteMiddleware:
    """Find the request's Wagtail site through the row cache, with its home page.

    Wagtail looks the site up (hostname and port) on every request, then reads its home page
    to route from: both change only when a site or a page is saved, which refreshes the row
    cache. Placed after CommonMiddleware, so only allowed hosts reach it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Without the row cache, Wagtail finds the site itself when (and if) a view asks.
        if store.rows_cache_enabled() and not hasattr(request, "_wagtail_site"):
            parts = (request.get_host(), request.get_port())
            request._wagtail_site = store.remember("site", parts, lambda: _site_with_home(request))
        return self.get_response(request)


def _site_with_home(request):
    site = Site.find_for_request(request)
    if site is not None:
        site.root_page.specific  # noqa: B018 - read now, so that it is kept with the site
    return site
