"""Organisations the projects work with, and the directory page that lists them (with its reads)."""

from dataclasses import dataclass

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin
from wagtail.search import index

from editorial.visibility import public_pages
from portfolio.languages import country_names, reading_key
from portfolio.pages import ListingPage


class PartnerRole(models.TextChoices):
    """What an organisation is to a project."""

    PARTNER = "partner", _("Partner")
    IMPLEMENTING = "implementing", _("Implementing partner")
    FUNDER = "funder", _("Funder")
    CO_FUNDER = "co-funder", _("Co-funder")


# The directory's groups, first to last: funders before the organisations that carry out the work.
ROLE_ORDER = [PartnerRole.FUNDER, PartnerRole.CO_FUNDER, PartnerRole.IMPLEMENTING, PartnerRole.PARTNER]
# Plural headings of the directory's groups.
ROLE_HEADINGS = {
    PartnerRole.FUNDER: _("Funders"),
    PartnerRole.CO_FUNDER: _("Co-funders"),
    PartnerRole.IMPLEMENTING: _("Implementing partners"),
    PartnerRole.PARTNER: _("Partners"),
}


class Partner(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, models.Model):
    """A partner organisation or funder, shared by every project it takes part in.

    Edited like a page: changes are drafts until published, so a translator's edit goes
    through the same review by an editor.
    """

    name = models.CharField(_("name"), max_length=255, help_text=_("Full name of the organisation."))
    acronym = models.CharField(_("short name"), max_length=50, blank=True, help_text=_("e.g. GRDR."))
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    website = models.URLField(_("website"), blank=True)
    country = CountryField(_("country"), blank=True, help_text=_("Where the organisation is based."))
    description = RichTextField(
        _("description"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("One or two sentences on who the organisation is."),
    )

    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="partner",
        for_concrete_model=False,
    )
    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="partner",
        for_concrete_model=False,
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("acronym"),
        FieldPanel("logo"),
        FieldPanel("website"),
        FieldPanel("country"),
        FieldPanel("description"),
    ]
    # Both languages are indexed: a search in either language finds the organisation.
    search_fields = [
        index.SearchField("name_fr", boost=2),
        index.SearchField("name_en", boost=2),
        index.SearchField("acronym", boost=2),
        index.SearchField("description_fr"),
        index.SearchField("description_en"),
        index.SearchField("country_names"),
        index.AutocompleteField("name"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def country_names(self):
        """The country's name in every language, for the search index."""
        return country_names([self.country])


class PartnerIndexPage(ListingPage):
    """The partners and funders directory: every organisation and the projects it works on."""

    class Meta:
        verbose_name = _("partners directory")
        verbose_name_plural = _("partners directories")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["groups"] = directory_groups()
        return context


# The directory's reads -------------------------------------------------------


def directory():
    """Every published partner with its logo and the visible projects it takes part in, in three queries."""
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
