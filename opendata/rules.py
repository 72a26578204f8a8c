"""IATI's Standard ruleset, the rules that can be checked offline, applied to an activity file.

Restates the rules of the IATI-Rulesets repository (rules/iati/*.xslt: identifiers, geography,
information, dates, percentages) and the codelists the file uses, each reported with the
ruleset's own rule number. Used by the tests and by `manage.py export_iati` before it writes.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django_countries import countries
from okfn_iati import enums

from .codelists import regions, validate_organisation_identifier
from .sectors import dac_sectors


def _codes(codelist):
    """The codes of an IATI codelist, as okfn-iati ships it (an enum)."""
    return {str(member.value) for member in codelist}


ACTIVITY_STATUSES = _codes(enums.ActivityStatus)
DATE_TYPES = _codes(enums.ActivityDateType)
ORGANISATION_ROLES = _codes(enums.OrganisationRole)
ORGANISATION_TYPES = _codes(enums.OrganisationType)
DOCUMENT_CATEGORIES = _codes(enums.DocumentCategory)
LANGUAGE = re.compile(r"^[a-z]{2}$")
FORBIDDEN = re.compile(r"[/&|?]")


def _date(value):
    try:
        return datetime.date.fromisoformat(value or "")
    except ValueError:
        return None


def _identifier(value, rule, fail):
    if value != value.strip():
        fail(f"{rule}.1", "The identifier must not start or end with spaces or newlines.")
    if FORBIDDEN.search(value):
        fail(f"{rule}.13", "The identifier should not contain any of the symbols /, &, | or ?.")


def _percentages(elements, rule, fail):
    if len(elements) < 2 and all(element.get("percentage") is None for element in elements):
        return
    total = Decimal(0)
    for element in elements:
        try:
            value = Decimal(element.get("percentage") or "")
        except InvalidOperation:
            return fail(rule, "Each element must have a percentage.")
        if not 0 <= value <= 100:
            fail(rule, "A percentage must be between 0 and 100.")
        total += value
    if total != 100:
        fail(rule, f"The percentages must sum to 100, not {total}.")


def activity_errors(activity, now, identifiers):
    """[(rule, iati-identifier, message)] for one iati-activity element."""
    where = activity.findtext("iati-identifier") or "?"
    errors = []

    def fail(rule, message):
        errors.append((rule, where, message))

    # Identifiers (rules/iati/identifiers.xslt).
    reporting = activity.find("reporting-org")
    ref = reporting.get("ref") if reporting is not None else None
    _identifier(where, "1.3", fail)
    if not ref:
        fail("1.7.2", "Organisation Identifier must be present.")
    else:
        _identifier(ref, "1.14", fail)
        try:
            validate_organisation_identifier(ref)
        except ValidationError:
            fail("1.14.2", f"{ref}: the prefix is not on the OrganisationRegistrationAgency codelist.")
        if not where.startswith(ref):
            fail("1.1.1", "The activity identifier should begin with the reporting organisation's.")
        elif where == ref:
            fail("1.1.3", "The activity identifier must not be the organisation's.")
        elif not where.startswith(f"{ref}-"):
            fail("1.1.21", "The prefix and suffix should be separated by a hyphen.")
    if where in identifiers:
        fail("1.1.2", "The activity identifier must not occur multiple times in the dataset.")
    identifiers.add(where)
    if reporting is not None and reporting.get("type") not in ORGANISATION_TYPES:
        fail("6.3.1", "The organisation type must be present and on its codelist.")
    for organisation in activity.findall("participating-org"):
        if organisation.get("ref"):
            _identifier(organisation.get("ref"), "1.8", fail)
        elif organisation.find("narrative") is None:
            fail("6.10.1", "The participating organisation must have an identifier or a narrative.")
        if organisation.get("role") not in ORGANISATION_ROLES:
            fail("codelist", "participating-org/@role is not on OrganisationRole.")
        if organisation.get("type") and organisation.get("type") not in ORGANISATION_TYPES:
            fail("codelist", "participating-org/@type is not on OrganisationType.")

    # Status and dates (rules/iati/information.xslt, dates.xslt).
    status = activity.find("activity-status")
    if status is None:
        fail("6.2.1", "The activity status code must be present.")
    elif status.get("code") not in ACTIVITY_STATUSES:
        fail("codelist", "activity-status is not on ActivityStatus.")
    dates = {}
    for element in activity.findall("activity-date"):
        date = _date(element.get("iso-date"))
        if element.get("type") not in DATE_TYPES or date is None:
            fail("codelist", "activity-date has an unknown type or no ISO date.")
        else:
            dates[element.get("type")] = date
    planned_start, actual_start, planned_end, actual_end = (dates.get(code) for code in "1234")
    if not (planned_start or actual_start):
        fail("6.11.1", "The activity must have a planned start date or an actual start date.")
    if planned_start and planned_end and planned_start > planned_end:
        fail("11.1.2", "The planned start date must be before the planned end date.")
    if actual_start and actual_end and actual_start > actual_end:
        fail("11.1.3", "The actual start date must be before the actual end date.")
    if actual_start and actual_start > now.date():
        fail("11.1.4", "The actual start date must not be in the future.")
    if actual_end and actual_end > now.date():
        fail("11.1.5", "The actual end date must not be in the future.")
    updated = activity.get("last-updated-datetime")
    if updated and datetime.datetime.fromisoformat(updated) > now:
        fail("11.1.1", "The last updated datetime must not be in the future.")

    # Places (rules/iati/geography.xslt) and their codes.
    countries_ = activity.findall("recipient-country")
    regions_ = activity.findall("recipient-region")
    if not countries_ + regions_:
        fail("3.7.1", "Recipient country or recipient region should be declared.")
    _percentages(countries_ + regions_, "3.4" if regions_ else "3.1", fail)
    for country in countries_:
        if country.get("code") not in countries:
            fail("codelist", f"{country.get('code')} is not on the Country codelist.")
    for region in regions_:
        if (region.get("vocabulary") or "1") == "1" and region.get("code") not in regions():
            fail("codelist", f"{region.get('code')} is not on the Region codelist.")

    # Sectors (rules/iati/information.xslt, sectors.xslt).
    sectors = activity.findall("sector")
    if not sectors:
        fail("6.2.2", "Each activity must have a specified sector.")
    _percentages(sectors, "2.1", fail)
    for sector in sectors:
        if (sector.get("vocabulary") or "1") == "1" and sector.get("code") not in dac_sectors():
            fail("codelist", f"{sector.get('code')} is not on the Sector codelist.")

    # Documents.
    for link in activity.findall("document-link"):
        if not link.get("format"):
            fail("6.1.5", "The document format must be declared.")
        if any(category.get("code") not in DOCUMENT_CATEGORIES for category in link.findall("category")):
            fail("codelist", "document-link/category is not on DocumentCategory.")
        if any(not LANGUAGE.match(language.get("code") or "") for language in link.findall("language")):
            fail("codelist", "document-link/language is not on Language.")
    return errors


def rule_errors(root, now=None):
    """[(rule, iati-identifier, message)] of a whole iati-activities file (empty when it passes)."""
    now = now or timezone.now()
    identifiers = set()
    return [
        error
        for activity in root.findall("iati-activity")
        for error in activity_errors(activity, now, identifiers)
    ]
