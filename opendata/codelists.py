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


def region_name(code, language=None):
    names = regions().get(code, {})
    return names.get((language or get_language() or "en")[:2]) or names.get("en", code)


def region_choices():
    """(code, name in the admin's language) of every region, for a form field."""
    return [(code, lazy(region_name, str)(code)) for code in regions()]


@functools.cache
def registration_agencies():
    """{code: (status, name)} of the OrganisationRegistrationAgency entries shipped (a subset)."""
    return {row["code"]: (row["status"], row["name"]) for row in _rows("OrganisationRegistrationAgency.csv")}


def agency_suggestions(country):
    """The active agencies of a country on the codelist ("FR" → ["FR-RCS"])."""
    return [
        code
        for code, (status, _name) in registration_agencies().items()
        if code.startswith(f"{country}-") and status == "active"
    ]


def identifier_agency(identifier):
    """The registration agency an organisation identifier starts with, or "" when none known fits."""
    matches = [code for code in registration_agencies() if identifier.upper().startswith(f"{code}-")]
    return max(matches, key=len) if matches else ""


def validate_organisation_identifier(value):
    """The identifier's prefix must be an active agency of IATI's OrganisationRegistrationAgency list.

    Judged for the countries whose agencies opendata/codelists/ carries (France among them).
    """
    country = value.split("-", 1)[0].upper()
    suggestions = agency_suggestions(country)
    known = {code.split("-", 1)[0] for code in registration_agencies()}
    if country not in known:
        return
    agency = identifier_agency(value)
    if agency and registration_agencies()[agency][0] == "active":
        return
    prefix = "-".join(value.split("-")[:2])
    raise ValidationError(
        _(
            "“%(prefix)s” is not a registration agency on IATI's OrganisationRegistrationAgency "
            "codelist. Use one of: %(suggestions)s, followed by the organisation's number in that "
            "register (e.g. %(example)s-123456789)."
        ),
        params={"prefix": prefix, "suggestions": ", ".join(suggestions), "example": suggestions[0]},
        code="unknown_agency",
    )


def validate_region(value):
    if value and value not in regions():
        raise ValidationError(_("Not a region of IATI's Region codelist."), code="unknown_region")
