"""What the organisation publishes as open data about itself: its IATI identity and the licence."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from .codelists import validate_organisation_identifier

# IATI OrganisationType codelist (the codes an NGO or its partners may be).
ORGANISATION_TYPES = [
    ("21", _("International NGO")),
    ("22", _("National NGO")),
    ("23", _("Regional NGO")),
    ("24", _("Partner country based NGO")),
    ("60", _("Foundation")),
    ("80", _("Academic, training and research")),
    ("90", _("Other")),
]

LICENCES = {
    "cc-by-4.0": (
        _("Creative Commons Attribution 4.0 (CC BY 4.0)"),
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    "etalab-2.0": (
        _("Licence Ouverte / Open Licence 2.0 (Etalab)"),
        "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    ),
    "odc-odbl": (
        _("Open Database License (ODbL 1.0)"),
        "https://opendatacommons.org/licenses/odbl/1-0/",
    ),
    "cc0-1.0": (
        _("Creative Commons Zero (CC0 1.0), public domain"),
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
}

# IATI organisation identifiers are "<registration agency>-<number>", the agency from IATI's
# OrganisationRegistrationAgency codelist, without spaces or the characters the IATI guidance
# forbids (/ & | ?).
identifier_validator = RegexValidator(
    r"^[A-Za-z0-9]+-[A-Za-z0-9_]+-[^\s/&|?]+$",
    _(
        "An IATI organisation identifier looks like FR-RCS-123456789: the registration agency "
        "(country code, hyphen, register), a hyphen, the organisation's number; no spaces."
    ),
)


@register_setting(icon="globe")
class OpenDataSettings(BaseSiteSetting):
    """The organisation's IATI identity and the licence of everything the site publishes as open data."""

    iati_identifier = models.CharField(
        _("IATI organisation identifier"),
        max_length=100,
        blank=True,
        validators=[identifier_validator, validate_organisation_identifier],
        help_text=_(
            "The organisation's identifier in the IATI registry: a registration agency from IATI's "
            "OrganisationRegistrationAgency codelist and the organisation's number there, e.g. "
            "FR-RCS-123456789 for a French organisation registered with the Trade and Companies "
            "Register (its SIREN number). The French associations register (RNA) is not on that "
            "codelist. While it is empty, the IATI file is not published."
        ),
    )
    organisation_type = models.CharField(
        _("IATI organisation type"), max_length=2, blank=True, choices=ORGANISATION_TYPES
    )
    organisation_name_fr = models.CharField(_("organisation name in French"), max_length=255, blank=True)
    organisation_name_en = models.CharField(
        _("organisation name in English"),
        max_length=255,
        blank=True,
        help_text=_("Leave empty when the name is the same in both languages."),
    )
    licence = models.CharField(
        _("licence of the open data"),
        max_length=20,
        blank=True,
        choices=[(key, name) for key, (name, _url) in LICENCES.items()],
        help_text=_("Shown on the open data page and in the API."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("iati_identifier"),
                FieldPanel("organisation_type"),
                FieldPanel("organisation_name_fr"),
                FieldPanel("organisation_name_en"),
            ],
            heading=_("IATI publisher"),
        ),
        FieldPanel("licence"),
    ]

    class Meta:
        verbose_name = _("open data")

    @property
    def licence_name(self):
        return LICENCES.get(self.licence, ("", ""))[0]

    @property
    def licence_url(self):
        return LICENCES.get(self.licence, ("", ""))[1]

    def organisation_names(self):
        """{language: name} for the languages the name is given in."""
        names = {"fr": self.organisation_name_fr.strip(), "en": self.organisation_name_en.strip()}
        return {code: name for code, name in names.items() if name}

    def iati_missing(self):
        """The labels of the settings the IATI file still needs (empty when it can be published)."""
        needed = {
            "iati_identifier": self.iati_identifier,
            "organisation_type": self.organisation_type,
            "organisation_name_fr": self.organisation_names(),
        }
        return [self._meta.get_field(name).verbose_name for name, value in needed.items() if not value]
