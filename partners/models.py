"""Organisations the projects work with, and the directory page that lists them."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, LockableMixin, Page, RevisionMixin, WorkflowMixin
from wagtail.search import index

from translations.mixins import TranslatedPageMixin
from translations.panels import TranslationStatusPanel


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
    acronym = models.CharField(_("acronym"), max_length=50, blank=True, help_text=_("Short name, e.g. GRDR."))
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
        if not self.country:
            return ""
        names = []
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                names.append(str(self.country.name))
        return " ".join(names)


class PartnerIndexPage(TranslatedPageMixin, Page):
    """The partners and funders directory: every organisation and the projects it works on."""

    introduction = models.TextField(_("introduction"), blank=True, help_text=_("Shown above the list."))

    content_panels = Page.content_panels + [TranslationStatusPanel(), FieldPanel("introduction")]

    parent_page_types = ["projects.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("partners directory")
        verbose_name_plural = _("partners directories")

    def get_context(self, request, *args, **kwargs):
        from .selectors import directory_groups  # selectors imports this module

        context = super().get_context(request, *args, **kwargs)
        context["groups"] = directory_groups()
        return context
