"""The translation dashboard: totals per type and language, then every object and what it lacks."""

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, Table, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .forms import ReportFilterForm
from .report import build_report, build_totals, language_name


class CompletenessColumn(Column):
    """One language's percentage; its header sorts by completeness in that language."""

    header_template_name = "translations/tables/completeness_header.html"
    cell_template_name = "translations/tables/percent_cell.html"

    def __init__(self, language, **kwargs):
        self.language = language
        super().__init__(
            f"completeness_{language}",
            label=capfirst(_("%(language)s (%%)") % {"language": language_name(language)}),
            accessor=lambda entry: entry.completeness[language],
            sort_key="completeness",
            **kwargs,
        )

    def get_header_context_data(self, parent_context):
        context = super().get_header_context_data(parent_context)
        table = parent_context["table"]
        context["language"] = self.language
        context["language_name"] = language_name(self.language)
        context["is_ascending"] = table.ordering == "completeness" and table.language == self.language
        context["is_descending"] = table.ordering == "-completeness" and table.language == self.language
        return context


class MissingColumn(Column):
    cell_template_name = "translations/tables/missing_cell.html"

    def __init__(self, language, **kwargs):
        super().__init__(
            f"missing_{language}",
            label=_("Missing in %(language)s") % {"language": language_name(language)},
            accessor=lambda entry: entry.missing_labels(language),
            **kwargs,
        )


class ReportTable(Table):
    def __init__(self, *args, language=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language


def report_table(entries, languages, ordering=None, language=None, base_url=None):
    columns = [
        Column("type_name", label=_("Type")),
        TitleColumn(
            "title",
            label=_("Title"),
            get_url=lambda entry: entry.edit_url,
            sort_key="title",
        ),
        Column("program_title", label=_("Program")),
        Column("status_label", label=_("Status")),
        DateColumn("last_edited", label=_("Last edited"), sort_key="last_edited"),
        *[CompletenessColumn(code) for code in languages],
        *[MissingColumn(code) for code in languages],
    ]
    return ReportTable(
        columns,
        entries,
        ordering=ordering,
        language=language,
        base_url=base_url,
        caption=_("What is left to translate"),
    )


class TranslationDashboardView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "translations/dashboard.html"
    page_title = _("Translations")
    header_icon = "globe"

    per_page = 100

    def page_links(self, page):
        """[(number or "…", link or None)] around the current page, keeping the filters."""
        links = []
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
            if number == page.paginator.ELLIPSIS or number == page.number:
                links.append((number, None))
                continue
            query = self.request.GET.copy()
            query["page"] = number
            links.append((number, f"?{query.urlencode()}"))
        return links

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = build_report()
        form = ReportFilterForm(self.request.GET, report=report)
        filters = form.values
        language = filters.get("language") or None
        ordering = filters.get("ordering") or None
        entries = report.select(
            type_key=filters.get("type") or None,
            program_id=filters.get("program"),
            language=language,
            missing_only=bool(filters.get("missing")),
            ordering=ordering,
        )
        page = Paginator(entries, self.per_page).get_page(self.request.GET.get("page"))
        context.update(
            report=report,
            totals=report.totals,
            filter_form=form.unbound(),
            entries=entries,
            page_obj=page,
            page_links=self.page_links(page),
            table=report_table(
                page.object_list,
                report.languages,
                ordering=ordering,
                language=language,
                base_url=reverse("translations:dashboard"),
            ),
        )
        return context


class TranslationSummaryPanel(Component):
    """The totals on the Wagtail dashboard, with a link to the translation dashboard."""

    name = "translation_summary"
    template_name = "translations/home/summary_panel.html"
    order = 150

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["totals"] = build_totals()
        return context
