"""The projects listing as a spreadsheet: the same rows in CSV (with a BOM) and in Excel."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from partners.models import PartnerRole

from .iati import month_text

# Co-funders are funders too: the spreadsheet's "Funders" column lists both.
FUNDING_ROLES = {PartnerRole.FUNDER, PartnerRole.CO_FUNDER}


def columns():
    """Column headings, in the page's language."""
    return [
        _("Project"),
        _("Short name"),
        _("Program"),
        _("Countries"),
        _("Places"),
        _("Start"),
        _("End"),
        _("Status"),
        _("Summary"),
        _("Partners"),
        _("Funders"),
        _("Page"),
    ]


def rows(projects, request):
    """One row per project, in the active language (with the site's usual fallback)."""
    for project in projects:
        links = list(project.partner_links.all())
        yield [
            project.title,
            project.acronym,
            project.program.title if getattr(project, "program", None) else "",
            ", ".join(str(country.name) for country in project.countries),
            project.places,
            month_text(project.start_year, project.start_month),
            month_text(project.end_year, project.end_month),
            _("Archived") if project.is_archived else _("Current"),
            project.summary,
            "; ".join(str(link.partner.name) for link in links if link.role not in FUNDING_ROLES),
            "; ".join(str(link.partner.name) for link in links if link.role in FUNDING_ROLES),
            request.build_absolute_uri(project.get_url(request)),
        ]


def _safe(value):
    # A cell starting with = + - @ would be run as a formula by spreadsheet programs.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def to_csv(projects, request):
    """UTF-8 with a byte order mark, so Excel reads accents right."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(columns())
    for row in rows(projects, request):
        writer.writerow([_safe(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def to_xlsx(projects, request):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Projects")[:31]
    sheet.append(columns())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows(projects, request):
        sheet.append([_safe(value) for value in row])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
