"""The translation dashboard: totals per type and language, then every object and what it lacks."""

from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from modeltranslation.translator import translator
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, Table, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import DraftStateMixin, LockableMixin, Page, WorkflowState

from . import selectors, tracking
from .completeness import language_codes
from .forms import ReportFilterForm
from .policy import describe_missing, missing_required
from .report import ORDERINGS, build_report, build_totals, display_title, language_name
from .workbench import WorkbenchForm, in_sentence


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
    """The fields missing in one language, those whose source changed, and a link to translate them."""

    cell_template_name = "translations/tables/missing_cell.html"

    def __init__(self, language, query="", **kwargs):
        self.language = language
        self.query = query
        super().__init__(
            f"missing_{language}",
            label=_("Missing in %(language)s") % {"language": language_name(language)},
            accessor=self.cell,
            **kwargs,
        )

    def cell(self, entry):
        return {
            "labels": entry.missing_labels(self.language),
            "changed": entry.source_changed_labels(self.language),
            "url": entry.workbench_url(self.language) + self.query,
            "title": entry.title,
            "language": self.language,
            "language_name": in_sentence(self.language),
        }


class ReportTable(Table):
    def __init__(self, *args, language=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language


def report_table(entries, languages, ordering=None, language=None, base_url=None, query=""):
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
        *[MissingColumn(code, query=query) for code in languages],
    ]
    return ReportTable(
        columns,
        entries,
        ordering=ordering,
        language=language,
        base_url=base_url,
        caption=_("What is left to translate"),
    )


def queue_query(filters):
    """The dashboard's filter and order as a query string, for the workbench to follow."""
    kept = {key: filters.get(key) for key in ("type", "program", "ordering", "all") if filters.get(key)}
    return f"?{urlencode(kept)}" if kept else ""


class TranslationDashboardView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "translations/dashboard.html"
    page_title = _("Translations")
    header_icon = "globe"

    # Rows per page; the page number is `p`, which the table's sort links reset (as Wagtail's do).
    per_page = 50

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
        number = self.request.GET.get("p", "")
        number = int(number) if number.isdigit() and int(number) > 0 else 1
        # The page's rows and the count in one reading (the paginator then asks for neither),
        # the last page's past the last row.
        entries.read((number - 1) * self.per_page, self.per_page, last_page=True)
        paginator = Paginator(entries, self.per_page)
        page = paginator.get_page(number)
        context.update(
            report=report,
            totals=report.totals,
            filter_form=form.unbound(),
            entries=entries,
            page_obj=page,
            page_range=paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            table=report_table(
                page.object_list,
                report.languages,
                ordering=ordering,
                language=language,
                base_url=reverse("translations:dashboard"),
                query=queue_query(filters),
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


def edit_rights(user, obj):
    """(may edit, may publish) `obj`, by the admin's own rules for pages and snippets."""
    if isinstance(obj, Page):
        permissions = obj.permissions_for_user(user)
        return permissions.can_edit(), permissions.can_publish()
    meta = obj._meta
    may_edit = user.has_perm(f"{meta.app_label}.change_{meta.model_name}")
    may_publish = isinstance(obj, DraftStateMixin) and user.has_perm(
        f"{meta.app_label}.publish_{meta.model_name}"
    )
    return may_edit, may_edit and may_publish


def locked_for(user, obj):
    """Whether a lock (an editor's, or a review in progress) keeps `user` from saving `obj`."""
    lock = obj.get_lock() if isinstance(obj, LockableMixin | Page) else None
    return bool(lock and lock.for_user(user))


class TranslationWorkbenchView(WagtailAdminTemplateMixin, TemplateView):
    """One page or snippet, one target language: the source beside each field left to translate.

    Saving creates a revision. A user who may not publish (a translator) submits it to the
    object's review workflow, as the edit form's "Submit" does; one who may publish can also
    publish, under the same required-languages policy as every other publishing path.
    """

    template_name = "translations/workbench.html"
    header_icon = "globe"

    def dispatch(self, request, content_type_id, object_id, language):
        if language not in language_codes():
            raise Http404
        self.language = language
        self.model = selectors.translatable_model(content_type_id)
        self.saved_object, self.object = selectors.workbench_object(self.model, object_id)
        self.may_edit, self.may_publish = edit_rights(request.user, self.saved_object)
        if not self.may_edit:
            raise PermissionDenied
        return super().dispatch(request)

    # The dashboard's filter and order, carried from item to item. Checked without the report
    # (which the dashboard's form needs for its choices): a value that does not fit is ignored.
    def queue_filters(self):
        query = self.request.GET
        filters = {}
        type_key = query.get("type", "")
        if type_key in {model._meta.label_lower for model in translator.get_registered_models()}:
            filters["type"] = type_key
        if query.get("program", "").isdigit():
            filters["program"] = int(query["program"])
        if query.get("ordering") in ORDERINGS:
            filters["ordering"] = query["ordering"]
        return filters

    @cached_property
    def report(self):
        return build_report()

    @cached_property
    def content_type_id(self):
        return ContentType.objects.get_for_model(self.model).pk

    def selection(self):
        return selectors.queue_selection(self.queue_filters(), self.language)

    def query_string(self):
        return queue_query(self.queue_filters())

    def get_page_title(self):
        return _("Translate into %(language)s") % {"language": in_sentence(self.language)}

    def get_page_subtitle(self):
        return display_title(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("translations:dashboard") + self.query_string(), "label": _("Translations")},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_form(self, data=None):
        return WorkbenchForm(
            data,
            obj=self.object,
            language=self.language,
            records=selectors.object_records(self.saved_object),
            show_all=bool(self.request.GET.get("all")),
        )

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        selection = self.selection()
        form = form or self.get_form()
        edit_url = AdminURLFinder(self.request.user).get_edit_url(self.saved_object)
        query = self.query_string()
        context.update(
            form=form,
            rows=form.display_rows,
            show_all=form.show_all,
            language=self.language,
            language_name=language_name(self.language),
            language_in_sentence=in_sentence(self.language),
            source_language=form.source,
            source_language_name=language_name(form.source),
            source_in_sentence=in_sentence(form.source),
            remaining=selectors.remaining(self.report, selection),
            # Tried first by "Save and next", which then need not read the queue again.
            candidates=" ".join(
                selectors.following_candidates(
                    self.report, selection, (self.content_type_id, self.saved_object.pk)
                )
            ),
            may_publish=self.may_publish,
            locked=locked_for(self.request.user, self.saved_object),
            edit_url=edit_url,
            dashboard_url=reverse("translations:dashboard") + query,
            show_all_url=self.request.path + queue_query({**self.queue_filters(), "all": 1}),
            object_title=display_title(self.object),
            media=form.media,
        )
        return context

    def post(self, request):
        publish = "action-publish" in request.POST
        if publish and not self.may_publish:
            raise PermissionDenied
        if locked_for(request.user, self.saved_object):
            messages.error(request, _("This item is locked: it cannot be saved now."))
            return redirect(request.get_full_path())
        form = self.get_form(request.POST)
        if not form.is_valid():
            messages.error(request, _("The translation could not be saved: see the errors below."))
            return self.render_to_response(self.get_context_data(form=form))
        changed = form.apply()
        if changed or publish:
            try:
                revision = self.object.save_revision(user=request.user, log_action=True)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
                return self.render_to_response(self.get_context_data(form=form))
        for name in form.confirmed():
            tracking.confirm(self.object, name, self.language, request.user)
        title = display_title(self.object)
        if publish:
            missing = missing_required(self.object)
            if missing:
                sentence = _(
                    "Saved as a draft, not published: fill in the %(language)s version of: %(fields)s."
                )
                for description in describe_missing(missing, sentence):
                    messages.error(request, description)
                return redirect(request.get_full_path())
            revision.publish(user=request.user)
            messages.success(request, _("“%(title)s” has been published.") % {"title": title})
        elif changed and not self.may_publish:
            self.submit_for_review()
            messages.success(request, _("“%(title)s” has been submitted for review.") % {"title": title})
        elif changed:
            messages.success(request, _("“%(title)s” has been saved as a draft.") % {"title": title})
        elif form.confirmed():
            messages.success(request, _("The translation of “%(title)s” is confirmed.") % {"title": title})
        else:
            messages.info(request, _("Nothing changed in “%(title)s”.") % {"title": title})
        if "action-next" in request.POST:
            return self.redirect_to_next()
        return redirect(request.get_full_path())

    def submit_for_review(self):
        """What the edit form's "Submit" does: start the review, or resume it after "changes requested"."""
        obj = self.saved_object
        workflow = obj.get_workflow()
        if workflow is None:
            return
        state = obj.current_workflow_state
        if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            state.resume(self.request.user)
        elif state is None:
            workflow.start(obj, self.request.user)

    def redirect_to_next(self):
        current = (self.model, self.saved_object.pk)
        candidate = selectors.first_still_missing(
            self.request.POST.get("candidates", "").split(), self.language, current
        )
        if candidate is not None:
            model, pk = candidate
            content_type_id = ContentType.objects.get_for_model(model).pk
            url = reverse("translations:workbench", args=(content_type_id, pk, self.language))
            return redirect(url + self.query_string())
        # No listed candidate left: the queue, read after saving, has the last word.
        following = selectors.next_to_translate(
            self.report, self.selection(), (self.content_type_id, self.saved_object.pk)
        )
        if following is None:
            messages.success(
                self.request,
                _("Nothing left to translate into %(language)s here.")
                % {"language": language_name(self.language)},
            )
            return redirect(reverse("translations:dashboard") + self.query_string())
        url = reverse("translations:workbench", args=(*following, self.language))
        return redirect(url + self.query_string())
