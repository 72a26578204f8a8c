"""What visitors may see: the one rule every public read of pages goes through.

A page is public when it is published and neither it nor any page above it is unpublished
or restricted (by password, login or group). Wagtail's own `.live().public()` misses the
first half: a live project under a draft program would still be listed, with the program's
URL inside its own. Both halves are subqueries, so the rule adds no query of its own and
composes with any page queryset (or a relation to pages, through `pk__in`).

It lives here, beside the editorial roles and workflow, because it is the public face of
their decisions, and because both `projects` and `partners` may import `editorial`.
"""

import functools

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from wagtail.models import Page, PageViewRestriction


def _is_ancestor_or_self(path_field="path"):
    # A page's path is its ancestors' paths followed by its own step, so `ancestor` is an
    # ancestor (or the page itself) exactly when its path is a prefix of the page's path.
    return {path_field: Substr(OuterRef("path"), 1, Length(path_field))}


@functools.cache
def _hiding_conditions():
    """The rule's two subqueries, built once per process: a page reads the rule four to six
    times, and building them each time cost more than running them. Every queryset they are
    given to resolves a copy of its own (Django's expressions are never changed in place)."""
    restricted = PageViewRestriction.objects.filter(**_is_ancestor_or_self("page__path"))
    # The tree's root (depth 1) is never published; it hides nothing. A page above another has
    # children (treebeard's numchild): unpublished leaves, such as draft projects however many,
    # are left out of the set every row is compared with.
    unpublished_above = Page.objects.filter(
        live=False, depth__gt=1, numchild__gt=0, depth__lt=OuterRef("depth"), **_is_ancestor_or_self()
    )
    return Exists(restricted), Exists(unpublished_above)


def public_pages(queryset=None):
    """The pages of `queryset` (every page by default) that visitors may see."""
    queryset = Page.objects.all() if queryset is None else queryset
    restricted, unpublished_above = _hiding_conditions()
    return queryset.filter(live=True).exclude(restricted).exclude(unpublished_above)


# Serving ------------------------------------------------------------------------------------
# Wagtail serves a live page found by its path even when a page above it is unpublished (its
# routing walks through drafts), and serves a document to whoever has its address (it checks
# the document's collection, not the pages that use it). The two functions below apply the
# rule above to serving too; editorial/wagtail_hooks.py calls them for every page and document.


def _ancestor_paths(page, *, inclusive=False):
    # Depth 1 is the tree's root, never published; from the site's home page down.
    end = len(page.path) + (Page.steplen if inclusive else 0)
    return [page.path[:length] for length in range(2 * Page.steplen, end, Page.steplen)]


def has_unpublished_ancestor(page):
    """Whether a page above `page` (the tree's root aside) is unpublished: one indexed query."""
    paths = _ancestor_paths(page)
    return bool(paths) and Page.objects.filter(path__in=paths, live=False).exists()


def pages_visible_to(request, pages):
    """The pages among `pages` this request may see: published from the home page down, and
    every view restriction on them or above them passed (login, group, password in the session)."""
    pages = list(pages)
    if not pages:
        return []
    paths = {path for page in pages for path in _ancestor_paths(page, inclusive=True)}
    unpublished = set(Page.objects.filter(path__in=paths, live=False).values_list("path", flat=True))
    restrictions = list(PageViewRestriction.objects.filter(page__path__in=paths).select_related("page"))
    visible = []
    for page in pages:
        own_paths = set(_ancestor_paths(page, inclusive=True))
        if own_paths & unpublished:
            continue
        if all(
            restriction.accept_request(request)
            for restriction in restrictions
            if restriction.page.path in own_paths
        ):
            visible.append(page)
    return visible


def document_visible_to(request, document):
    """Whether `request` may download `document`.

    Yes for whoever may choose or change it in the admin (editors working on a draft), and for
    anyone who may see one of the pages that use it; a document used by no public page (a
    draft's, a private page's, or none yet) is not served to others. Objects other than pages
    that use a document (site settings, snippets) are public by nature: their documents are served.
    """
    from wagtail.models import ReferenceIndex
    from wagtail.permissions import policy_registry

    permission_policy = policy_registry.get_by_type(type(document))

    user = getattr(request, "user", None)
    if (
        user is not None
        and user.is_authenticated
        and permission_policy.user_has_any_permission_for_instance(user, ["change", "choose"], document)
    ):
        return True
    references = ReferenceIndex.get_references_to(document)
    page_type = ContentType.objects.get_for_model(Page)
    page_ids = set()
    for reference in references.values("base_content_type_id", "object_id"):
        if reference["base_content_type_id"] != page_type.pk:
            return True
        page_ids.add(reference["object_id"])
    pages = Page.objects.filter(pk__in=[int(pk) for pk in page_ids if str(pk).isdigit()], live=True)
    return bool(pages_visible_to(request, pages))
