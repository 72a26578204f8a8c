"""The portfolio's page types: home, thematic programs, projects and the listing pages."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from opendata.sectors import validate_dac_sector
from partners.models import PartnerRole
from translations.mixins import TranslatedPageMixin
from translations.panels import TranslationStatusPanel

from . import selectors
from .blocks import BodyBlock
from .filters import ProjectFilters, language_queries
from .routing import IndexedSlugRoutingMixin


def localized_search_fields(field, **options):
    """One SearchField per language of a translated field (title_fr, title_en, …)."""
    return [index.SearchField(f"{field}_{code}", **options) for code, _name in settings.LANGUAGES]


YEAR_VALIDATORS = [MinValueValidator(1950), MaxValueValidator(2100)]
# Django's own lazily translated month names, so the form speaks the editor's language.
MONTH_CHOICES = list(MONTHS.items())


class HomePage(TranslatedPageMixin, IndexedSlugRoutingMixin, Page):
    """The site root: who the organisation is, featured projects, and the way into each program."""

    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("Two or three sentences under the page title.")
    )

    content_panels = Page.content_panels + [
        TranslationStatusPanel(),
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
        context["featured_projects"] = selectors.featured_projects(self)
        context["programs"] = selectors.programs(self)
        context["listing_pages"] = selectors.listing_pages(self)
        return context


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


class ProgramPage(TranslatedPageMixin, IndexedSlugRoutingMixin, Page):
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

    content_panels = Page.content_panels + [
        TranslationStatusPanel(),
        FieldPanel("introduction"),
        FieldPanel("image"),
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

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["selection"] = selectors.program_projects(self)
        context["breadcrumbs"] = selectors.breadcrumbs(self)
        return context


class ProjectPage(TranslatedPageMixin, IndexedSlugRoutingMixin, Page):
    """One project: what it does, where, since when, with whom; always the child of a program."""

    acronym = models.CharField(
        _("project name"),
        max_length=80,
        blank=True,
        help_text=_("The project's short name or acronym, e.g. Migr'Action, SAARA. Same in both languages."),
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

    content_panels = Page.content_panels + [
        TranslationStatusPanel(),
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

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")

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
        if errors:
            raise ValidationError(errors)

    @property
    def is_archived(self):
        """Archived by an editor, or its end date has passed."""
        return selectors.is_past(self.archived, self.end_year, self.end_month)

    def country_names(self):
        """Every country's name in every language ("Algérie Algeria"), for the search index."""
        names = []
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                names.extend(str(country.name) for country in self.countries)
        return " ".join(names)

    @property
    def display_name(self):
        """The project's name for cards and links: its acronym, or its title when it has none."""
        return self.acronym or self.title

    @property
    def distinct_acronym(self):
        """The acronym when the title does not already say it (SAARA above SAARA is shown once).

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
        context["breadcrumbs"] = breadcrumbs = selectors.breadcrumbs(self)
        # The program is the parent page, already read for the breadcrumbs.
        context["program"] = (
            breadcrumbs[-1] if breadcrumbs and breadcrumbs[-1].depth == self.depth - 1 else None
        )
        context["partner_links"] = links = list(selectors.project_partner_links(self))
        context["partner_roles"] = selectors.partners_by_role(links)
        context["project_documents"] = selectors.project_documents(self)
        context["related_projects"] = selectors.related_projects(self)
        return context


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


class ListingPage(TranslatedPageMixin, IndexedSlugRoutingMixin, Page):
    """What the one-of-a-kind listing pages under the home page share: an introduction, no children."""

    introduction = models.TextField(_("introduction"), blank=True, help_text=_("Shown above the list."))

    content_panels = Page.content_panels + [TranslationStatusPanel(), FieldPanel("introduction")]

    parent_page_types = ["projects.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        abstract = True


class ProjectIndexPage(ListingPage):
    """All projects, current and past, as one listing."""

    class Meta:
        verbose_name = _("projects index")
        verbose_name_plural = _("projects indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        options = selectors.filter_options()
        filters = ProjectFilters.from_query(request.GET, options.program_slugs, options.countries)
        context["filters"] = filters
        context["listing"] = selectors.project_listing(filters, request.GET.get("page"), options)
        # Read by the language switcher, the hreflang alternates and the canonical URL.
        languages = [code for code, _name in settings.LANGUAGES]
        context["language_queries"], context["canonical_query"] = language_queries(
            filters, context["listing"].page.number, options.programs, languages
        )
        context["no_alternates"] = bool(filters.active)
        return context


class ProjectArchivePage(ListingPage):
    """Past projects, newest first, each with its date range."""

    class Meta:
        verbose_name = _("project archive")
        verbose_name_plural = _("project archives")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["periods"], context["selection"] = selectors.archive_by_period()
        return context


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
