"""Finding a child page by its translated slug with an indexed query, for routing and validation.

wagtail-modeltranslation routes a request by loading every child of a page and comparing
slugs in Python, and checks a new slug against every sibling the same way: with thousands
of projects under a program, that was most of a project page's time and of a publish. Here
the database finds the few pages whose slug column matches (the slug columns are indexed,
see migration 0002), and the same comparison is made on those only, so the result is the
same, fallbacks between languages included.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from portfolio.languages import language_codes


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
        if not path_components:
            if self.live:
                return Page.route(self, request, path_components)
            raise Http404
        child_slug, remaining = path_components[0], path_components[1:]
        # With one possible type (a program's projects), children are read as that type at once.
        child_types = type(self).allowed_subpage_models()
        children = child_types[0].objects.child_of(self) if len(child_types) == 1 else self.get_children()
        for child in children.filter(_slug_columns_q([child_slug])):
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
