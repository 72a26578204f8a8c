"""Reads of the partners directory."""

import unicodedata
from dataclasses import dataclass

from django.db.models import Prefetch

from editorial.visibility import public_pages

from .models import ROLE_HEADINGS, ROLE_ORDER, Partner, PartnerRole


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


def reading_key(text):
    """How a reader sorts names: case and accents ignored ("École" between "Eau" and "Euro")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def main_role(partner):
    """The group a partner is listed under: the most prominent role it has in any project."""
    roles = {link.role for link in partner.project_links.all()}
    return next((role for role in ROLE_ORDER if role in roles), PartnerRole.PARTNER)


@dataclass
class RoleGroup:
    """The directory's organisations that share a role, sorted by name."""

    role: str
    heading: str
    partners: list


def directory_groups():
    """The directory by role (funders first), each group sorted as readers expect; same three queries.

    An organisation appears once, under its most prominent role, so that its anchor
    (partner-<pk>) is unique on the page; its projects list says the role in each.
    """
    partners = sorted(directory(), key=lambda partner: (reading_key(partner.name), partner.pk))
    groups = {role: [] for role in ROLE_ORDER}
    for partner in partners:
        groups[main_role(partner)].append(partner)
    return [RoleGroup(role, ROLE_HEADINGS[role], members) for role, members in groups.items() if members]
