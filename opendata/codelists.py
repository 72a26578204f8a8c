"""The IATI codelists the open data checks against, from the small files in opendata/codelists/.

Sources and licence: opendata/codelists/README.md.
"""

import csv
import functools
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

DIRECTORY = Path(__file__).parent / "codelists"


def _rows(name):
    with open(DIRECTORY / name, encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


@functools.cache
def regions():
    """{code: {"en": name, "fr": name}} of the IATI Region codelist (vocabulary 1, OECD DAC)."""
    return {row["code"]: {"en": row["name_en"], "fr": row["name_fr"]} for row in _rows("Region.csv")}


def _region_name(code):
    return regions()[code].get((get_language() or "en")[:2]) or regions()[code]["en"]


def region_choices():
    """(code, name in the admin's language) of every region, for a form field."""
    return [(code, lazy(_region_name, str)(code)) for code in regions()]


@functools.cache
def registration_agencies():
    """{code: status} of the OrganisationRegistrationAgency entries shipped (a subset)."""
    return {row["code"]: row["status"] for row in _rows("OrganisationRegistrationAgency.csv")}


def validate_organisation_identifier(value):
    """The identifier's prefix must be an active agency of IATI's OrganisationRegistrationAgency list.

    Judged for the countries whose agencies opendata/codelists/ carries (France among them).
    """
    country = value.split("-", 1)[0].upper()
    if country not in {code.split("-", 1)[0] for code in registration_agencies()}:
        return
    # The longest agency code the identifier starts with decides.
    matches = [code for code in registration_agencies() if value.upper().startswith(f"{code}-")]
    if matches and registration_agencies()[max(matches, key=len)] == "active":
        return
    suggestions = [
        code
        for code, status in registration_agencies().items()
        if code.startswith(f"{country}-") and status == "active"
    ]
    raise ValidationError(
        _(
            "“%(prefix)s” is not a registration agency on IATI's OrganisationRegistrationAgency "
            "codelist. Use one of: %(suggestions)s, followed by the organisation's number in that "
            "register (e.g. %(example)s-123456789)."
        ),
        params={
            "prefix": "-".join(value.split("-")[:2]),
            "suggestions": ", ".join(suggestions),
            "example": suggestions[0],
        },
        code="unknown_agency",
    )


def validate_region(value):
    if value and value not in regions():
        raise ValidationError(_("Not a region of IATI's Region codelist."), code="unknown_region")
