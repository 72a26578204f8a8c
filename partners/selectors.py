"""Reads of the partners directory."""

from django.db.models import Prefetch

from editorial.visibility import public_pages

from .models import Partner


def directory():
    """Every published partner with its logo and the public projects it takes part in, in three queries."""
    # The link model belongs to the projects app; reach it through the reverse relation
    # so that this app never imports projects.
    link_model = Partner.project_links.rel.related_model
    links = (
        link_model.objects.filter(page__in=public_pages().values("pk"))
        .select_related("page")
        .order_by("page__title", "pk")
    )
    return (
        Partner.objects.filter(live=True)
        .select_related("logo")
        .prefetch_related("logo__renditions", Prefetch("project_links", queryset=links))
        .order_by("name")
    )
