"""IATI's Standard ruleset, the rules that can be checked offline, applied to an activity file.

Restates the rules of the IATI-Rulesets repository (rules/iati/*.xslt: identifiers, geography,
information, dates, percentages) and the codelists the file uses, each reported with the
ruleset's own rule number. Used by the tests and by `manage.py export_iati` before it writes.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django_countries import countries

from .codelists import identifier_agency, regions, registration_agencies
from .sectors import dac_sectors

ACTIVITY_STATUSES = {"1", "2", "3", "4", "5", "6"}
DATE_TYPES = {"1", "2", "3", "4"}
ORGANISATION_ROLES = {"1", "2", "3", "4"}
ORGANISATION_TYPES = {
    "10",
    "11",
    "15",
    "21",
    "22",
    "23",
    "24",
    "30",
    "40",
    "60",
    "70",
    "71",
    "72",
    "73",
    "80",
    "90",
}
DOCUMENT_CATEGORY = re.compile(r"^(A(0[1-9]|1[0-2])|B(0[1-9]|1[0-8]))$")
LANGUAGE = re.compile(r"^[a-z]{2}$")
FORBIDDEN = re.compile(r"[/&|?]")


def _date(value):
    try:
        return datetime.date.fromisoformat(value or "")
    except ValueError:
        return None


def _identifier(value, rule, errors, where):
    if value != value.strip():
        errors.append((f"{rule}.1", where, "The identifier must not start or end with spaces or newlines."))
    if FORBIDDEN.search(value):
        errors.append(
            (f"{rule}.13", where, "The identifier should not contain any of the symbols /, &, | or ?.")
        )


def _percentages(elements, rule, errors, where):
    if len(elements) < 2 and all(element.get("percentage") is None for element in elements):
        return
    total = Decimal(0)
    for element in elements:
        try:
            value = Decimal(element.get("percentage") or "")
        except InvalidOperation:
            errors.append((rule, where, "Each element must have a percentage."))
            return
        if not 0 <= value <= 100:
            errors.append((rule, where, "A percentage must be between 0 and 100."))
        total += value
    if total != 100:
        errors.append((rule, where, f"The percentages must sum to 100, not {total}."))


def _organisation_ref(ref, errors, where):
    country = ref.split("-", 1)[0]
    if country in {code.split("-", 1)[0] for code in registration_agencies()}:
        agency = identifier_agency(ref)
        if not agency or registration_agencies()[agency][0] != "active":
            errors.append(
                ("1.14.2", where, f"{ref}: the prefix is not on the OrganisationRegistrationAgency codelist.")
            )


def activity_errors(activity, now, identifiers):
    """[(rule, iati-identifier, message)] for one iati-activity element."""
    where = activity.findtext("iati-identifier") or "?"
    errors = []
    today = now.date()
    reporting = activity.find("reporting-org")
    ref = reporting.get("ref") if reporting is not None else None
    # Identifiers (rules/iati/identifiers.xslt).
    _identifier(where, "1.3", errors, where)
    if not ref:
        errors.append(("1.7.2", where, "Organisation Identifier must be present."))
    else:
        _identifier(ref, "1.14", errors, where)
        _organisation_ref(ref, errors, where)
        if not where.startswith(ref):
            errors.append(
                ("1.1.1", where, "The activity identifier should begin with the reporting organisation's.")
            )
        elif where == ref:
            errors.append(("1.1.3", where, "The activity identifier must not be the organisation's."))
        elif not where.startswith(f"{ref}-"):
            errors.append(("1.1.21", where, "The prefix and suffix should be separated by a hyphen."))
    if where in identifiers:
        errors.append(
            ("1.1.2", where, "The activity identifier must not occur multiple times in the dataset.")
        )
    identifiers.add(where)
    if reporting is not None and reporting.get("type") not in ORGANISATION_TYPES:
        errors.append(("6.3.1", where, "The organisation type must be present and on its codelist."))
    for organisation in activity.findall("participating-org"):
        if not organisation.get("ref") and organisation.find("narrative") is None:
            errors.append(
                ("6.10.1", where, "The participating organisation must have an identifier or a narrative.")
            )
        if organisation.get("ref"):
            _identifier(organisation.get("ref"), "1.8", errors, where)
        if organisation.get("role") not in ORGANISATION_ROLES:
            errors.append(("codelist", where, "participating-org/@role is not on OrganisationRole."))
        if organisation.get("type") and organisation.get("type") not in ORGANISATION_TYPES:
            errors.append(("codelist", where, "participating-org/@type is not on OrganisationType."))
    # Status and dates (rules/iati/information.xslt, dates.xslt).
    status = activity.find("activity-status")
    if status is None:
        errors.append(("6.2.1", where, "The activity status code must be present."))
    elif status.get("code") not in ACTIVITY_STATUSES:
        errors.append(("codelist", where, "activity-status is not on ActivityStatus."))
    dates = {}
    for element in activity.findall("activity-date"):
        if element.get("type") not in DATE_TYPES or _date(element.get("iso-date")) is None:
            errors.append(("codelist", where, "activity-date has an unknown type or no ISO date."))
            continue
        dates[element.get("type")] = _date(element.get("iso-date"))
    if not ({"1", "2"} & dates.keys()):
        errors.append(
            ("6.11.1", where, "The activity must have a planned start date or an actual start date.")
        )
    if "1" in dates and "3" in dates and dates["1"] > dates["3"]:
        errors.append(("11.1.2", where, "The planned start date must be before the planned end date."))
    if "2" in dates and "4" in dates and dates["2"] > dates["4"]:
        errors.append(("11.1.3", where, "The actual start date must be before the actual end date."))
    if "2" in dates and dates["2"] > today:
        errors.append(("11.1.4", where, "The actual start date must not be in the future."))
    if "4" in dates and dates["4"] > today:
        errors.append(("11.1.5", where, "The actual end date must not be in the future."))
    updated = activity.get("last-updated-datetime")
    if updated and datetime.datetime.fromisoformat(updated) > now:
        errors.append(("11.1.1", where, "The last updated datetime must not be in the future."))
    # Places (rules/iati/geography.xslt) and their codes.
    places = activity.findall("recipient-country") + activity.findall("recipient-region")
    if not places:
        errors.append(("3.7.1", where, "Recipient country or recipient region should be declared."))
    _percentages(places, "3.1" if not activity.findall("recipient-region") else "3.4", errors, where)
    for country in activity.findall("recipient-country"):
        if country.get("code") not in countries:
            errors.append(("codelist", where, f"{country.get('code')} is not on the Country codelist."))
    for region in activity.findall("recipient-region"):
        if (region.get("vocabulary") or "1") == "1" and region.get("code") not in regions():
            errors.append(("codelist", where, f"{region.get('code')} is not on the Region codelist."))
    # Sectors (rules/iati/information.xslt, sectors.xslt).
    sectors = activity.findall("sector")
    if not sectors:
        errors.append(("6.2.2", where, "Each activity must have a specified sector."))
    _percentages(sectors, "2.1", errors, where)
    for sector in sectors:
        if (sector.get("vocabulary") or "1") == "1" and sector.get("code") not in dac_sectors():
            errors.append(("codelist", where, f"{sector.get('code')} is not on the Sector codelist."))
    # Documents.
    for link in activity.findall("document-link"):
        if not link.get("format"):
            errors.append(("6.1.5", where, "The document format must be declared."))
        for category in link.findall("category"):
            if not DOCUMENT_CATEGORY.match(category.get("code") or ""):
                errors.append(("codelist", where, "document-link/category is not on DocumentCategory."))
        for language in link.findall("language"):
            if not LANGUAGE.match(language.get("code") or ""):
                errors.append(("codelist", where, "document-link/language is not on Language."))
    return errors


def rule_errors(root, now=None):
    """[(rule, iati-identifier, message)] of a whole iati-activities file (empty when it passes)."""
    from django.utils import timezone

    now = now or timezone.now()
    identifiers = set()
    errors = []
    for activity in root.findall("iati-activity"):
        errors.extend(activity_errors(activity, now, identifiers))
    return errors
