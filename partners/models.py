"""Organisations the projects work with, and the directory page that lists them (with its reads)."""

from collections import namedtuple

from django.contrib.contenttypes.fields import GenericRelation
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Case, Count, F, Min, Prefetch, Q, Value, When, Window, prefetch_related_objects
from django.db.models.functions import Coalesce, RowNumber
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin
from wagtail.search import index

from editorial.visibility import public_pages
from portfolio.languages import country_names, language_codes, reading_key
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
        page, context["groups"] = directory_groups(request.GET.get("page"))
        context["page_obj"] = page
        # Later pages are canonical to themselves, in each language; links keep only the page.
        query = f"?page={page.number}" if page.number > 1 else ""
        context["canonical_query"] = query
        context["language_queries"] = dict.fromkeys(language_codes(), query)
        context["pagination_query"] = QueryDict()
        return context


# The directory's reads -------------------------------------------------------


# A directory entry lists this many of its organisation's projects (the latest published) and
# says how many more there are; the directory shows this many organisations per page. A funder
# of thousands of projects, or hundreds of organisations, would otherwise make one page as long
# as the portfolio (20,000 links and 6 s at 10,000 projects).
PROJECTS_SHOWN = 8
PARTNERS_PER_PAGE = 60


def directory_order():
    """Every published partner in the directory's order (most prominent role, then name as
    readers sort it), with its number of visible projects and the rank of that role in
    ROLE_ORDER (a partner without a visible project is listed as a partner): one query, no links."""
    in_visible_project = Q(project_links__page__in=public_pages().values("pk"))
    partner_rank = Value(ROLE_ORDER.index(PartnerRole.PARTNER))
    role_rank = Case(
        *(When(project_links__role=role, then=Value(rank)) for rank, role in enumerate(ROLE_ORDER)),
        default=partner_rank,
    )
    partners = (
        Partner.objects.filter(live=True)
        .annotate(
            project_count=Count("project_links__page", distinct=True, filter=in_visible_project),
            role_rank=Coalesce(Min(role_rank, filter=in_visible_project), partner_rank),
        )
        .select_related("logo")
    )
    return sorted(partners, key=lambda partner: (partner.role_rank, reading_key(partner.name), partner.pk))


def directory_pages():
    """{partner pk: the directory page that lists it} (search results link to an organisation's
    entry on its page)."""
    order = directory_order()
    return {partner.pk: position // PARTNERS_PER_PAGE + 1 for position, partner in enumerate(order)}


# The directory's organisations that share a role, sorted by name.
RoleGroup = namedtuple("RoleGroup", "role heading partners")


def directory_groups(page_number=None):
    """One page of the directory by role (funders first), each group sorted as readers expect.

    Three queries whatever the number of partners and projects: the partners in order, the
    first projects of the page's partners, their logos. An organisation appears once, under
    its most prominent role, so that its anchor (partner-<pk>) is unique; its projects list
    says the role in each.
    """
    page = Paginator(directory_order(), PARTNERS_PER_PAGE).get_page(page_number)
    partners = list(page.object_list)
    # The link model belongs to the projects app; reach it through the reverse relation
    # so that this app never imports projects.
    link_model = Partner.project_links.rel.related_model
    links = (
        link_model.objects.filter(page__in=public_pages().values("pk"))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("partner_id"),
                order_by=[F("page__first_published_at").desc(nulls_last=True), F("pk").asc()],
            )
        )
        .filter(rank__lte=PROJECTS_SHOWN)
        .select_related("page")
        .order_by("page__title", "pk")
    )
    prefetch_related_objects(partners, "logo__renditions", Prefetch("project_links", queryset=links))
    groups = {role: [] for role in ROLE_ORDER}
    for partner in partners:
        shown = {link.page_id for link in partner.project_links.all()}
        partner.more_projects = max(partner.project_count - len(shown), 0)
        groups[ROLE_ORDER[partner.role_rank]].append(partner)
    role_groups = [
        RoleGroup(role, ROLE_HEADINGS[role], members) for role, members in groups.items() if members
    ]
    return page, role_groups
