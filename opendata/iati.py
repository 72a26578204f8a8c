"""The portfolio as an IATI 2.03 activity file: one iati-activity per live public project.

Built with lxml and checked against the official 2.03 activities schema by okfn-iati's
validator. Narratives are written only in the languages that really have the text, each
labelled with its own language: modeltranslation's fallback is never used here.
"""

import calendar
import datetime
import functools
from decimal import ROUND_DOWN, Decimal
from urllib.parse import urljoin

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy
from lxml import etree
from okfn_iati.iati_schema_validator import IatiValidator

from partners.models import PartnerRole
from portfolio.languages import language_codes

from .sectors import dac_sectors

IATI_VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LANGUAGES = language_codes()

# IATI OrganisationRole codelist: what each kind of project–partner link means.
FUNDING, ACCOUNTABLE, IMPLEMENTING = "1", "2", "4"
PARTNER_ROLES = {
    PartnerRole.FUNDER: FUNDING,
    PartnerRole.CO_FUNDER: FUNDING,
    PartnerRole.IMPLEMENTING: IMPLEMENTING,
    PartnerRole.PARTNER: IMPLEMENTING,
}
# IATI ActivityStatus codelist.
PIPELINE, IMPLEMENTATION, FINALISATION, CLOSED = "1", "2", "3", "4"
# IATI ActivityDateType codelist.
PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"
# IATI DocumentCategory codelist.
OBJECTIVES, WEB_PAGE = "A02", "A12"
# Why an activity is left out of the file rather than published against IATI's rules.
REASONS = {
    "place": gettext_lazy("a country or a region (IATI rule 3.7.1)"),
    "start": gettext_lazy("a start date, planned or actual (IATI rule 6.11.1)"),
    "sector": gettext_lazy("a program with an OECD DAC sector code (IATI rule 6.2.2)"),
}
MIME_TYPES = {
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
    "txt": "text/plain",
}
# A project is "finalised" for a year after it ends, then "closed".
FINALISATION_MONTHS = 12


class NotPublishable(Exception):
    """The IATI file cannot be produced yet; the message says why, for the staff."""


# Dates ----------------------------------------------------------------------


def period_end(year, month):
    """The last day of an end given as a year or a month."""
    month = month or 12
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def month_text(year, month):
    """The month ("2024-03") or the year ("2024") recorded, None when nothing is."""
    if not year:
        return None
    return f"{year}-{month:02d}" if month else str(year)


def start_dates(project, today):
    """{date type: date} of the starts the organisation recorded: the planned and actual start
    dates staff gave for the open data, else the start year (and month) the site shows, actual
    once reached, planned before. Never an actual start in the future.
    """
    recorded = datetime.date(project.start_year, project.start_month or 1, 1) if project.start_year else None
    starts = {}
    planned = project.planned_start_date or (recorded if recorded and recorded > today else None)
    actual = project.actual_start_date or (recorded if recorded and recorded <= today else None)
    if planned:
        starts[PLANNED_START] = planned
    if actual and actual <= today:
        starts[ACTUAL_START] = actual
    return starts


def exclusion_reasons(project, today):
    """What the project lacks for IATI's rules, as keys of REASONS (empty when it goes in the file)."""
    reasons = []
    if not project.countries and not project.recipient_region:
        reasons.append("place")
    if not start_dates(project, today):
        reasons.append("start")
    # The program is attached by the reads (projects.models.attach_programs).
    if not getattr(getattr(project, "program", None), "dac_sector", ""):
        reasons.append("sector")
    return reasons


def activity_status(project, today):
    """Pipeline before the start, implementation while running, then finalisation, then closed."""
    starts = start_dates(project, today)
    if ACTUAL_START not in starts and starts.get(PLANNED_START, today) > today:
        return PIPELINE
    if not project.is_archived_on(today):
        return IMPLEMENTATION
    if project.end_year:
        end = period_end(project.end_year, project.end_month)
        if end <= today and (today.year - end.year) * 12 + today.month - end.month < FINALISATION_MONTHS:
            return FINALISATION
    return CLOSED


def activity_dates(project, today):
    """[(date type, date)]: the recorded starts (start_dates), and the end at the precision the
    editor gave, actual once passed, planned before. Nothing the organisation did not record.
    """
    dates = sorted(start_dates(project, today).items())
    if project.end_year:
        end = period_end(project.end_year, project.end_month)
        dates.append((ACTUAL_END if end < today else PLANNED_END, end))
    return dates


def country_percentages(codes):
    """[(code, percentage)] with two decimals, summing to exactly 100 (the last one takes the rest)."""
    if not codes:
        return []
    share = (Decimal(100) / len(codes)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    percentages = [share] * (len(codes) - 1)
    percentages.append(Decimal(100) - sum(percentages, Decimal(0)))
    return list(zip(codes, percentages, strict=True))


# Text -----------------------------------------------------------------------


def texts(obj, field):
    """{language: text} of a translated field, only the languages where it is really filled in."""
    values = {code: (getattr(obj, f"{field}_{code}", None) or "").strip() for code in LANGUAGES}
    return {code: value for code, value in values.items() if value}


def activity_titles(project):
    """{language: title}, with the project's name first when the title does not already say it."""
    titles = texts(project, "title")
    if project.acronym:
        titles = {
            code: title if project.acronym in title else f"{project.acronym} \u2013 {title}"
            for code, title in titles.items()
        }
    return titles


def activity_descriptions(project):
    """{language: text}: the summary, or else the subtitle, or else the title, in each language."""
    descriptions = {}
    for field in ("summary", "subtitle", "title"):
        for code, text in texts(project, field).items():
            descriptions.setdefault(code, text)
    return descriptions


def _element(parent, tag, narratives=None, **attributes):
    """A child element, with one narrative per {language: text} of `narratives`."""
    element = etree.SubElement(
        parent, tag, {name.replace("_", "-"): value for name, value in attributes.items()}
    )
    for code, text in (narratives or {}).items():
        narrative = etree.SubElement(element, "narrative")
        narrative.set(XML_LANG, code)
        narrative.text = text
    return element


# The file -------------------------------------------------------------------


def activity_identifier(publisher, project):
    """The organisation's identifier and the page's translation key: stable across renames and moves."""
    return f"{publisher.iati_identifier}-{project.translation_key}"


def page_urls(page, request, base_url):
    """{language: absolute URL} of the page's versions."""
    urls = {}
    for code in LANGUAGES:
        with translation.override(code):
            url = page.get_url(request)
        if url:
            urls[code] = urljoin(base_url, url)
    return urls


def build_activity(project, publisher, base_url, today, request=None):
    """One iati-activity element, its children in the order the schema requires."""
    activity = etree.Element("iati-activity")
    if project.last_published_at:
        activity.set("last-updated-datetime", project.last_published_at.isoformat(timespec="seconds"))
    activity.set(XML_LANG, settings.LANGUAGE_CODE)
    organisation = {"ref": publisher.iati_identifier, "type": publisher.organisation_type}

    _element(activity, "iati-identifier").text = activity_identifier(publisher, project)
    _element(activity, "reporting-org", publisher.organisation_names(), **organisation)
    titles = activity_titles(project)
    _element(activity, "title", titles)
    _element(activity, "description", activity_descriptions(project), type="1")
    # The organisation publishes its own projects: it is accountable for each of them.
    _element(activity, "participating-org", publisher.organisation_names(), **organisation, role=ACCOUNTABLE)
    for link in project.partner_links.all():
        role = PARTNER_ROLES.get(link.role, IMPLEMENTING)
        _element(activity, "participating-org", texts(link.partner, "name"), role=role)

    _element(activity, "activity-status", code=activity_status(project, today))
    for date_type, date in activity_dates(project, today):
        _element(activity, "activity-date", type=date_type, iso_date=date.isoformat())

    codes = [country.code for country in project.countries]
    for code, percentage in country_percentages(codes):
        _element(activity, "recipient-country", code=code, percentage=str(percentage))
    if not codes and project.recipient_region:
        # Region vocabulary 1 (OECD DAC), the codelist the admin offers.
        _element(
            activity, "recipient-region", code=project.recipient_region, vocabulary="1", percentage="100"
        )

    program = getattr(project, "program", None)
    if program is not None and program.dac_sector:
        # The DAC list is published in English: its name is labelled so.
        name = dac_sectors().get(program.dac_sector)
        _element(
            activity,
            "sector",
            {"en": name} if name else None,
            vocabulary="1",
            code=program.dac_sector,
            percentage="100",
        )

    for language, url in page_urls(project, request, base_url).items():
        if language in titles:  # else that language's page would only show another language's text
            _document_link(activity, "text/html", url, titles, WEB_PAGE, language)
    for document in project.documents.all():
        file = document.document
        mime = MIME_TYPES.get((file.file_extension or "").lower(), "application/octet-stream")
        document_titles = texts(document, "title") or {document.language: file.title}
        link = _document_link(
            activity, mime, urljoin(base_url, file.url), document_titles, OBJECTIVES, document.language
        )
        if file.created_at:
            _element(link, "document-date", iso_date=timezone.localdate(file.created_at).isoformat())
    return activity


def _document_link(activity, mime, url, titles, category, language):
    link = _element(activity, "document-link", format=mime, url=url)
    _element(link, "title", titles)
    _element(link, "category", code=category)
    _element(link, "language", code=language)
    return link


def build_activities(projects, publisher, base_url, request=None):
    """The iati-activities root element for `projects`, or NotPublishable saying what is missing."""
    missing = publisher.iati_missing()
    if missing:
        raise NotPublishable(
            gettext("The IATI file is not published yet: set %(fields)s in Settings → Open data.")
            % {"fields": ", ".join(str(label) for label in missing)}
        )
    if not projects:
        raise NotPublishable(gettext("The IATI file is not published: no project is live and public."))
    now = timezone.now()
    today = timezone.localdate(now)
    # An activity IATI's rules would reject is left out, never completed with invented values.
    included = [project for project in projects if not exclusion_reasons(project, today)]
    if not included:
        raise NotPublishable(
            gettext(
                "The IATI file is not published: no live public project has both a place (a country "
                "or a region) and a start date recorded yet."
            )
        )
    root = etree.Element("iati-activities", version=IATI_VERSION)
    root.set("generated-datetime", now.isoformat(timespec="seconds"))
    for project in included:
        root.append(build_activity(project, publisher, base_url, today, request))
    return root


def coverage(projects, today=None):
    """How many of `projects` the file describes, and how many each missing fact keeps out."""
    today = today or timezone.localdate()
    left_out = dict.fromkeys(REASONS, 0)
    included = 0
    for project in projects:
        reasons = exclusion_reasons(project, today)
        included += not reasons
        for reason in reasons:
            left_out[reason] += 1
    return {"total": len(projects), "included": included, "left_out": left_out}


def to_bytes(root):
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


@functools.cache
def _validator():
    return IatiValidator(IATI_VERSION)


def validation_errors(root):
    """The official IATI 2.03 activities schema's complaints (okfn-iati checks it); empty when valid."""
    return _validator().validate_xml(etree.tostring(root, encoding="unicode"))[1]
