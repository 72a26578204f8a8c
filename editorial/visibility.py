"""What visitors may see: the one rule every public read of pages goes through.

A page is public when it is published and neither it nor any page above it is unpublished
or restricted (by password, login or group). Wagtail's own `.live().public()` misses the
first half: a live project under a draft program would still be listed, with the program's
URL inside its own. Both halves are subqueries, so the rule adds no query of its own and
composes with any page queryset (or a relation to pages, through `pk__in`).

It lives here, beside the editorial roles and workflow, because it is the public face of
their decisions, and because both `projects` and `partners` may import `editorial`.
"""

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from wagtail.models import Page, PageViewRestriction


def _is_ancestor_or_self(path_field="path"):
    # A page's path is its ancestors' paths followed by its own step, so `ancestor` is an
    # ancestor (or the page itself) exactly when its path is a prefix of the page's path.
    return {path_field: Substr(OuterRef("path"), 1, Length(path_field))}


def public_pages(queryset=None):
    """The pages of `queryset` (every page by default) that visitors may see."""
    queryset = Page.objects.all() if queryset is None else queryset
    restricted = PageViewRestriction.objects.filter(**_is_ancestor_or_self("page__path"))
    # The tree's root (depth 1) is never published; it hides nothing.
    unpublished_above = Page.objects.filter(
        live=False, depth__gt=1, depth__lt=OuterRef("depth"), **_is_ancestor_or_self()
    )
    return queryset.filter(live=True).exclude(Exists(restricted)).exclude(Exists(unpublished_above))
