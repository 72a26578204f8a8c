"""The portfolio's page types: home, thematic programs, projects and the listing pages."""

from dataclasses import dataclass
from urllib.parse import parse_qsl

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import BooleanField, Case, Count, OuterRef, Q, Subquery, Value, When, Window
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from editorial.visibility import public_pages
from opendata.codelists import region_choices, validate_region
from opendata.panels import IatiStatusPanel
from opendata.sectors import validate_dac_sector
from partners.models import ROLE_HEADINGS, ROLE_ORDER, PartnerRole
from portfolio.languages import country_names, language_codes
from portfolio.pages import BasePage, ListingPage

from . import tree, worldmap
from .blocks import BodyBlock
from .filters import language_queries
from .listing import ProjectListing, country_counts
from .routing import IndexedSlugRoutingMixin


def localized_search_fields(field, **options):
    """One SearchField per language of a translated field (title_fr, title_en, …)."""
    return [index.SearchField(f"{field}_{code}", **options) for code in language_codes()]


YEAR_VALIDATORS = [MinValueValidator(1950), MaxValueValidator(2100)]
# Django's own lazily translated month names, so the form speaks the editor's language.
MONTH_CHOICES = list(MONTHS.items())


class HomePage(IndexedSlugRoutingMixin, BasePage):
    """The site root: who the organisation is, featured projects, and the way into each program."""

    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("Two or three sentences under the page title.")
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("introduction"),
        InlinePanel(
            "featured_projects",
            label=_("Featured projects"),
            help_text=_("Projects shown first on the home page, in this order."),
            max_num=6,
        ),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "projects.ProgramPage",
        "projects.ProjectIndexPage",
        "projects.ProjectArchivePage",
        "partners.PartnerIndexPage",
        "organisation.ContentPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured_projects"] = self.featured()
        context["programs"] = self.programs()
        from .selectors import key_figures  # selectors read these models

        countries = country_counts(ProjectPage.objects)
        context["project_map"] = worldmap.project_map(countries)
        context["key_figures"] = key_figures(countries)
        return context

    def featured(self):
        """The projects an editor put forward, in their order, visible ones only, each with its program."""
        # Read through the relation, so that a preview shows the draft's choice.
        ids = [item.project_id for item in self.featured_projects.all()]
        by_id = {project.pk: project for project in ProjectPage.objects.filter(pk__in=ids).cards()}
        return attach_programs([by_id[pk] for pk in ids if pk in by_id])

    def programs(self):
        """The thematic programs under the home page, in the tree's order."""
        return (
            ProgramPage.objects.child_of(self)
            .visible()
            .defer_streamfields()
            .select_related("image")
            .prefetch_related("image__renditions")
        )


class HomePageFeaturedProject(Orderable):
    """A project an editor puts forward on the home page."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_projects")
    project = models.ForeignKey(
        "projects.ProjectPage",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("project")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured project")
        verbose_name_plural = _("featured projects")


class VisiblePageQuerySet(PageQuerySet):
    """Pages of one type, with the site's visibility rule at hand."""

    def visible(self):
        """The pages visitors may see (editorial.visibility: the one rule)."""
        return public_pages(self)


VisiblePageManager = PageManager.from_queryset(VisiblePageQuerySet)


class Motif(models.TextChoices):
    """The program motifs drawn for the site (static/images/programs/<value>.svg)."""

    MIGRATION = "migration", _("Migration")
    GENDER_EQUALITY = "gender-equality", _("Gender equality")
    ECONOMIC_INTEGRATION = "economic-integration", _("Economic integration")
    CIVIL_SOCIETY = "civil-society", _("Civil society")


class ProgramPage(IndexedSlugRoutingMixin, BasePage):
    """A thematic program (e.g. migration and integration) and the projects it groups."""

    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("One or two sentences summing up the theme.")
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown at the top of the page and on the program's card."),
    )
    motif = models.CharField(
        _("motif"),
        max_length=30,
        blank=True,
        choices=Motif.choices,
        help_text=_(
            "The drawing and colour that stand for the program on its cards and on its projects "
            "that have no image. Leave empty for none."
        ),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    dac_sector = models.CharField(
        _("OECD DAC sector code"),
        max_length=5,
        blank=True,
        validators=[validate_dac_sector],
        help_text=_(
            "The 5-digit OECD DAC purpose code of the program's projects in the open data "
            "(IATI), e.g. 15190 for migration, 15180 for ending violence against women and girls."
        ),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("image"),
        FieldPanel("motif"),
        FieldPanel("body"),
        FieldPanel("dac_sector"),
    ]
    # Both languages are indexed, so a search in either finds the program.
    search_fields = Page.search_fields + [
        *localized_search_fields("title", boost=2),
        *localized_search_fields("introduction"),
        *localized_search_fields("body"),
    ]

    parent_page_types = ["projects.HomePage"]
    subpage_types = ["projects.ProjectPage"]

    objects = VisiblePageManager()

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["selection"] = selection = (
            ProjectPage.objects.child_of(self).cards().current_first().selection(24)
        )
        for project in selection.projects:
            project.program = self  # their cards show the program's name and motif: no query
        context["breadcrumbs"] = self.breadcrumbs()
        return context

    def social_image(self):
        return self.image


def archived_q(today=None):
    """The archive rule: archived by an editor, or the end date (month, else December of the
    end year) is before today's month. ProjectPage.is_archived_on says the same of one project."""
    today = today or timezone.localdate()
    ended = Q(end_year__lt=today.year) | Q(end_year=today.year, end_month__lt=today.month)
    return Q(archived=True) | ended


@dataclass
class Selection:
    """The first projects of a longer list, and how many there are in all."""

    projects: list
    total: int

    @property
    def is_partial(self):
        return self.total > len(self.projects)


class ProjectPageQuerySet(VisiblePageQuerySet):
    """The projects' rules, composed by every read: listing, archive, feed, sitemap, open data."""

    def archived(self, today=None):
        return self.filter(archived_q(today))

    def current(self, today=None):
        return self.exclude(archived_q(today))

    def with_archive_status(self, today=None):
        """Each project annotated with `archived_now` (the archive rule, computed by the database)."""
        return self.annotate(
            archived_now=Case(
                When(archived_q(today), then=Value(True)), default=Value(False), output_field=BooleanField()
            )
        )

    def current_first(self, today=None):
        """Current projects first, then archived ones; within each, the latest ending first."""
        return self.with_archive_status(today).order_by(
            "archived_now",
            Coalesce("end_year", Value(9999)).desc(),
            Coalesce("start_year", Value(0)).desc(),
            "title",
        )

    def latest_ended_first(self):
        """The most recently ended first (or begun, without an end date), for the archive."""
        return self.order_by(
            Coalesce("end_year", "start_year", Value(0)).desc(),
            Coalesce("start_year", Value(0)).desc(),
            "title",
        )

    def cards(self):
        """Visible projects with what a card shows: image renditions preloaded, stream bodies left out."""
        return (
            self.visible()
            .defer_streamfields()
            .select_related("hero_image")
            .prefetch_related("hero_image__renditions")
        )

    def related_to(self, project):
        """Other projects of the same program or sharing a country with `project`."""
        same_place = Q(path__startswith=tree.parent_path(project.path))
        for country in project.countries:
            same_place |= Q(countries__contains=country.code)
        return self.filter(same_place).exclude(pk=project.pk)

    def read_as_cards(self):
        """This slice of visible projects (e.g. `current_first()[:12]`) read as cards, current ones
        first, in one statement: the database orders and slices the ids alone (the few columns
        the order needs, from the project_listing_facts index), then reads whole rows for those
        only. Sorting whole rows to keep a dozen was most of a listing's and a project page's
        time at 10,000 projects on PostgreSQL."""
        return list(
            self.model.objects.filter(pk__in=self.values("pk"))
            .defer_streamfields()
            .select_related("hero_image")
            .prefetch_related("hero_image__renditions")
            .current_first()
        )

    def selection(self, limit):
        """The first `limit` projects and how many there are in all, in one query."""
        # The total rides along with each row (a window count): no separate COUNT query.
        projects = list(self.annotate(total=Window(Count("pk")))[:limit])
        return Selection(projects=projects, total=projects[0].total if projects else 0)


ProjectPageManager = PageManager.from_queryset(ProjectPageQuerySet)


def attach_programs(projects):
    """Give each of these visible projects its program (its parent page) with one query for all.

    A project is visible only if every page above it is (editorial.visibility): its program is.
    """
    projects = list(projects)
    if not projects:
        return projects
    parent_paths = {tree.parent_path(project.path) for project in projects}
    programs = {
        program.path: program
        for program in ProgramPage.objects.filter(path__in=parent_paths).defer_streamfields()
    }
    for project in projects:
        project.program = programs.get(tree.parent_path(project.path))
    return projects


class ProjectPage(IndexedSlugRoutingMixin, BasePage):
    """One project: what it does, where, since when, with whom; always the child of a program."""

    acronym = models.CharField(
        _("short name"),
        max_length=80,
        blank=True,
        help_text=_("The project's short name, e.g. Migr'Action, SAARA. Same in both languages."),
    )
    subtitle = models.CharField(
        _("subtitle"),
        max_length=255,
        blank=True,
        help_text=_("A short tagline, e.g. “Choosing a fairer world”."),
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        max_length=600,
        help_text=_("One or two sentences shown on cards and in search results."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The large image at the top of the page and on the project's card."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    countries = CountryField(
        _("countries"), multiple=True, blank=True, help_text=_("Every country the project works in.")
    )
    places = models.CharField(
        _("places"),
        max_length=255,
        blank=True,
        help_text=_("Cities or regions, separated by commas, e.g. Oran, Khenchela."),
    )
    start_year = models.PositiveSmallIntegerField(
        _("start year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    start_month = models.PositiveSmallIntegerField(
        _("start month"), null=True, blank=True, choices=MONTH_CHOICES, help_text=_("Optional.")
    )
    end_year = models.PositiveSmallIntegerField(
        _("end year"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=_("Leave empty while the project is running."),
    )
    end_month = models.PositiveSmallIntegerField(
        _("end month"), null=True, blank=True, choices=MONTH_CHOICES, help_text=_("Optional.")
    )
    archived = models.BooleanField(
        _("archived"),
        default=False,
        help_text=_(
            "Tick to move the project to the archive now. A project is also archived "
            "automatically once its end date has passed."
        ),
    )

    # What IATI needs beyond what the site shows (opendata.iati): a place when there is no
    # country, and a start the organisation recorded.
    recipient_region = models.CharField(
        _("region"),
        max_length=3,
        blank=True,
        validators=[validate_region],
        help_text=_(
            "Only for a project without a country: the region it works in, from IATI's Region "
            "codelist, for the open data. A project with neither a country nor a region is left "
            "out of the IATI file."
        ),
    )
    planned_start_date = models.DateField(
        _("planned start date"),
        null=True,
        blank=True,
        help_text=_("For the open data (IATI): the day the project is or was planned to start, if recorded."),
    )
    actual_start_date = models.DateField(
        _("actual start date"),
        null=True,
        blank=True,
        help_text=_(
            "For the open data (IATI): the day the project really started, if recorded. "
            "A project without any start date is left out of the IATI file."
        ),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("acronym"),
        FieldPanel("subtitle"),
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("countries"),
                FieldPanel("places"),
                FieldRowPanel([FieldPanel("start_year"), FieldPanel("start_month")]),
                FieldRowPanel([FieldPanel("end_year"), FieldPanel("end_month")]),
                FieldPanel("archived"),
            ],
            heading=_("Where and when"),
        ),
        MultiFieldPanel(
            [
                IatiStatusPanel(),
                FieldPanel(
                    "recipient_region",
                    widget=forms.Select(choices=[("", "---------"), *region_choices()]),
                ),
                FieldRowPanel([FieldPanel("planned_start_date"), FieldPanel("actual_start_date")]),
            ],
            heading=_("Open data (IATI)"),
        ),
        InlinePanel("partner_links", label=_("Partners and funders")),
        InlinePanel("documents", label=_("Documents")),
    ]
    # Both languages are indexed, so "Algérie" and "Algeria" find the same projects.
    search_fields = Page.search_fields + [
        index.SearchField("acronym", boost=3),
        index.AutocompleteField("acronym"),
        *localized_search_fields("title", boost=2),
        *localized_search_fields("subtitle"),
        *localized_search_fields("summary"),
        *localized_search_fields("body"),
        *localized_search_fields("places"),
        index.SearchField("country_names"),
    ]

    parent_page_types = ["projects.ProgramPage"]
    subpage_types = []

    objects = ProjectPageManager()

    description_fields = ("search_description", "summary")
    search_extract_fields = ("summary", "body")
    og_type = "article"

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        indexes = [
            # What the listing, its facets, the map and related projects filter, sort and count
            # by: PostgreSQL reads them from this index alone (an index-only scan) instead of the
            # whole rows, stream fields and all (docs/performance.md: 10,000 projects).
            models.Index(
                fields=["page_ptr", "archived", "end_year", "end_month", "start_year", "countries"],
                name="project_listing_facts",
            ),
        ]

    def clean(self):
        super().clean()
        errors = {}
        if self.start_month and not self.start_year:
            errors["start_year"] = _("Give the year as well as the month.")
        if self.end_month and not self.end_year:
            errors["end_year"] = _("Give the year as well as the month.")
        start = (self.start_year, self.start_month or 1) if self.start_year else None
        end = (self.end_year, self.end_month or 12) if self.end_year else None
        if start and end and end < start:
            errors["end_year"] = _("The end date is before the start date.")
        # IATI's rules on dates (11.1.2 to 11.1.4): no actual start in the future, no start after the end.
        if self.actual_start_date and self.actual_start_date > timezone.localdate():
            errors["actual_start_date"] = _("An actual start date cannot be in the future.")
        for name in ("planned_start_date", "actual_start_date"):
            date = getattr(self, name)
            if date and end and (date.year, date.month) > end:
                errors.setdefault(name, _("This date is after the project's end."))
        if self.recipient_region and self.countries:
            errors["recipient_region"] = _("Give a region only for a project without a country.")
        if errors:
            raise ValidationError(errors)

    def is_archived_on(self, today=None):
        """The archive rule (archived_q) for this project in memory."""
        if self.archived:
            return True
        if not self.end_year:
            return False
        today = today or timezone.localdate()
        return (self.end_year, self.end_month or 12) < (today.year, today.month)

    @property
    def is_archived(self):
        """Archived by an editor, or its end date has passed."""
        return self.is_archived_on()

    def country_names(self):
        """Every country's name in every language ("Algérie Algeria"), for the search index."""
        return country_names(self.countries)

    def social_image(self):
        return self.hero_image

    def built_description(self, program=None):
        """The facts the project has in the reader's language: title, program, countries, dates."""
        sentences = [gettext("Project: %(title)s.") % {"title": self.title}]
        if program is not None:
            sentences.append(gettext("Program: %(program)s.") % {"program": program.title})
        countries = [str(country.name) for country in self.countries]
        if countries:
            sentences.append(
                ngettext("Country: %(countries)s.", "Countries: %(countries)s.", len(countries))
                % {"countries": ", ".join(countries)}
            )
        if self.period:
            sentences.append(gettext("Dates: %(period)s.") % {"period": self.period})
        return " ".join(sentences)

    @property
    def display_name(self):
        """The project's name for cards and links: its short name, or its title when it has none."""
        return self.acronym or self.title

    @property
    def distinct_short_name(self):
        """The short name when the title does not already say it (SAARA above SAARA is shown once).

        Compared case-insensitively and with one kind of apostrophe, so that "E'Changeons"
        and "E’Changeons" count as the same name.
        """
        if not self.acronym:
            return ""
        if _comparable(self.acronym) in _comparable(self.title):
            return ""
        return self.acronym

    @property
    def period(self):
        """The project's dates at the precision an editor gave: “2002–April 2016”, “Since 2016”."""
        start = _format_month_year(self.start_year, self.start_month)
        end = _format_month_year(self.end_year, self.end_month)
        if start and end:
            if start == end:
                return start
            # One style of range on the whole site: an unspaced en dash (2006–2008, 2002–April 2016).
            return f"{start}\u2013{end}"
        if start:
            return _("Since %(start)s") % {"start": start}
        if end:
            return _("Until %(end)s") % {"end": end}
        return ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["breadcrumbs"] = breadcrumbs = self.breadcrumbs()
        # The program is the parent page, already read for the breadcrumbs.
        context["program"] = (
            breadcrumbs[-1] if breadcrumbs and breadcrumbs[-1].depth == self.depth - 1 else None
        )
        context["partner_links"] = links = list(self.published_partner_links())
        context["partner_roles"] = partners_by_role(links)
        context["project_documents"] = self.documents.order_by("sort_order", "pk").select_related("document")
        context["related_projects"] = self.related(limit=3)
        return context

    def breadcrumbs(self):
        """The pages above this one, the program (its parent) with its motif read along: no query more."""
        motif = ProgramPage.objects.filter(pk=OuterRef("pk")).values("motif")[:1]
        return list(self.get_ancestors().filter(depth__gt=1).live().annotate(motif=Subquery(motif)))

    def published_partner_links(self):
        """The project's published partners and funders with their logos, in the editor's order."""
        return (
            self.partner_links.filter(partner__live=True)
            # Links with the same (or no) sort order come in the order they were added, on every database.
            .order_by("sort_order", "pk")
            .select_related("partner", "partner__logo")
            .prefetch_related("partner__logo__renditions")
        )

    def related(self, limit=3):
        """Other visible projects of the same program or sharing a country, current ones first."""
        related = ProjectPage.objects.related_to(self).visible().current_first()[:limit]
        return attach_programs(related.read_as_cards())


def partners_by_role(links):
    """A project's partner links grouped by role, funders first, for the facts box (no query)."""
    groups = []
    for role in ROLE_ORDER:
        members = [link for link in links if link.role == role]
        if members:
            label = ROLE_HEADINGS[role] if len(members) > 1 else PartnerRole(role).label
            groups.append({"role": role, "label": label, "links": members})
    return groups


def _comparable(text):
    return text.replace("\u2019", "'").casefold()


def _format_month_year(year, month):
    if not year:
        return ""
    if month:
        return f"{MONTHS[month]} {year}"
    return str(year)


class ProjectPartner(Orderable):
    """Links a project to a partner organisation, saying whether it is a partner or a funder."""

    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="partner_links")
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="project_links",
    )
    role = models.CharField(
        _("role"), max_length=20, choices=PartnerRole.choices, default=PartnerRole.PARTNER
    )

    panels = [FieldPanel("partner"), FieldPanel("role")]

    class Meta(Orderable.Meta):
        verbose_name = _("partner or funder")
        verbose_name_plural = _("partners and funders")


class ProjectDocument(Orderable):
    """A document attached to a project (a project note in PDF), in one language."""

    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(
        _("link text"),
        max_length=255,
        blank=True,
        help_text=_("e.g. “Project note”. Leave empty to use the document's title."),
    )
    language = models.CharField(
        _("language of the document"),
        max_length=7,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    panels = [FieldPanel("document"), FieldPanel("title"), FieldPanel("language")]

    class Meta(Orderable.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    @property
    def link_text(self):
        return self.title or self.document.title


class ProjectIndexPage(IndexedSlugRoutingMixin, ListingPage):
    """All projects, current and archived, as one listing."""

    class Meta:
        verbose_name = _("projects index")
        verbose_name_plural = _("projects indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["listing"] = listing = ProjectListing(request.GET, ProjectPage.objects, ProgramPage.objects)
        # A page number out of range (0, 99) is no page of the listing; one that is no number
        # at all ("abc") is read as the first page, whose canonical URL it then points to.
        requested = request.GET.get("page", "")
        if requested.lstrip("-").isdigit() and int(requested) != listing.page.number:
            raise Http404
        context["filters"] = filters = listing.filters
        # Read by the language switcher, the hreflang alternates and the canonical URL.
        queries, canonical_query = language_queries(
            filters, listing.page.number, listing.options.programs, language_codes()
        )
        context["language_queries"], context["canonical_query"] = queries, canonical_query
        # Only the canonical URL itself has hreflang alternates: `?page=1`, `?country=XX` or
        # `?page=abc` point their canonical elsewhere.
        canonical = {name: [value] for name, value in parse_qsl(canonical_query.lstrip("?"))}
        context["no_alternates"] = dict(request.GET.lists()) != canonical
        return context


@dataclass
class Period:
    """A decade of the archive and the projects that ended in it."""

    decade: int | None
    projects: list


class ProjectArchivePage(IndexedSlugRoutingMixin, ListingPage):
    """Archived projects, the latest ended first, each with its date range."""

    class Meta:
        verbose_name = _("project archive")
        verbose_name_plural = _("project archives")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["periods"], context["selection"] = self.by_period()
        return context

    @staticmethod
    def by_period(limit=60):
        """The latest archived projects grouped by the decade they ended in (or began in), newest first.

        Returns the periods and the selection (the archive shows the latest `limit`, and links
        to the listing of every archived project).
        """
        selection = ProjectPage.objects.archived().cards().latest_ended_first().selection(limit)
        attach_programs(selection.projects)
        periods = []
        for project in selection.projects:
            year = project.end_year or project.start_year
            decade = year - year % 10 if year else None
            if not periods or periods[-1].decade != decade:
                periods.append(Period(decade=decade, projects=[]))
            periods[-1].projects.append(project)
        return periods, selection


class DemoRecord(models.Model):
    """An object load_demo created, under the stable key it has in the demo content file.

    load_demo finds its objects by key, not by slug or name (editors change those), and the
    record outlives its object, so load_demo knows an editor deleted it and leaves it deleted.
    """

    key = models.CharField(_("demo key"), max_length=200, unique=True)
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("demo record")
        verbose_name_plural = _("demo records")

    def __str__(self):
        return self.key
