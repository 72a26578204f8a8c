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
# A cell starting with one of these would be run as a formula by spreadsheet programs.
FORMULA = ("=", "+", "-", "@")


def table(projects, request):
    """The column headings, then one row per project, in the active language (with the site's
    usual fallback)."""
    yield [
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
    for project in projects:
        links = list(project.partner_links.all())
        row = [
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
        yield [
            "'" + value if isinstance(value, str) and value.startswith(FORMULA) else value for value in row
        ]


def to_csv(projects, request):
    """UTF-8 with a byte order mark, so Excel reads accents right."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    csv.writer(buffer).writerows(table(projects, request))
    return buffer.getvalue().encode("utf-8")


def to_xlsx(projects, request):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Projects")[:31]
    for row in table(projects, request):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
