"""The translation dashboard (a Wagtail report over TranslationStatus), its panel on the admin
home, and the translator's workbench."""

from functools import wraps
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from modeltranslation.translator import translator
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.models import DraftStateMixin, LockableMixin, Page, WorkflowState

from . import selectors, tracking
from .completeness import current_language, in_sentence, language_codes, language_name
from .filters import TranslationFilterSet
from .policy import IncompleteTranslation, refused
from .status import title_in
from .workbench import WorkbenchForm


class TitleColumn(Column):
    """The title, linked to the object's edit view, and its type below it."""

    cell_template_name = "translations/tables/title_cell.html"


class LanguagesColumn(Column):
    """Per language shown: the percentage translated, or what is left and a link to translate it."""

    def __init__(self, name, languages, cell_template_name, query="", **kwargs):
        self.languages = languages
        self.cell_template_name = cell_template_name
        self.query = query
        super().__init__(name, accessor=self.cell, **kwargs)

    def cell(self, row):
        cells = []
        for code in self.languages:
            status = row.by_language.get(code)
            if status is None:
                continue
            changed = row.source_changed.get(code, [])
            cells.append(
                {
                    "code": code,
                    "name": capfirst(language_name(code)),
                    "percent": status.percent,
                    "missing": row.labels(status.missing),
                    "changed": row.labels(changed),
                    "url": row.workbench_url(code) + self.query,
                    "in_sentence": in_sentence(code),
                }
            )
        return cells


def queue_query(filters):
    """The dashboard's filter and order as a query string, for the workbench to follow."""
    kept = {key: filters.get(key) for key in ("type", "program", "ordering") if filters.get(key)}
    return f"?{urlencode(kept)}" if kept else ""


class TranslationDashboardView(ReportView):
    """What is left to translate: one row per page or snippet, filtered, ordered and paginated
    by the database (50 a page)."""

    template_name = "translations/dashboard.html"
    results_template_name = "translations/dashboard_results.html"
    page_title = _("Translations")
    header_icon = "globe"
    index_url_name = "translations:dashboard"
    index_results_url_name = "translations:dashboard_results"
    filterset_class = TranslationFilterSet
    table_classname = "translation-table"

    @cached_property
    def programs(self):
        return selectors.programs()

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "programs": self.programs}

    @cached_property
    def values(self):
        """The filters in force (those that fit)."""
        if not self.filters or not self.filters.is_valid():
            return {}
        return {name: value for name, value in self.filters.form.cleaned_data.items() if value}

    @cached_property
    def language(self):
        return self.values.get("language") or None

    @cached_property
    def columns(self):
        titles = dict(self.programs)
        languages = [self.language] if self.language else language_codes()
        query = queue_query({**self.values, "ordering": self.ordering})
        return [
            TitleColumn("title", label=_("Title"), sort_key="title", classname="translation-title"),
            Column(
                "program",
                label=_("Program"),
                accessor=lambda row: titles.get(row.program_id, ""),
                classname="translation-program",
            ),
            Column("status_label", label=_("Status"), classname="translation-status"),
            DateColumn(
                "last_edited", label=_("Last edited"), sort_key="last_edited", classname="translation-date"
            ),
            LanguagesColumn(
                "completeness",
                languages,
                "translations/tables/percent_cell.html",
                label=_("Translated"),
                sort_key="completeness",
                classname="translation-percent",
            ),
            LanguagesColumn(
                "missing",
                languages,
                "translations/tables/missing_cell.html",
                query=query,
                label=_("Left to translate"),
                classname="translation-missing",
            ),
        ]

    def get_valid_orderings(self):
        return list(selectors.ORDERINGS)

    def get_base_queryset(self):
        return selectors.rows()

    def get_filtered_queryset(self):
        return self.get_queryset()  # filtered there already

    def order_queryset(self, queryset):
        return selectors.ordered(queryset, self.ordering, self.language)

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = selectors.with_languages(object_list)
        return paginator, page, page.object_list, is_paginated

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.results_only:
            context["totals"] = selectors.totals()
        return context


class TranslationSummaryPanel(Component):
    """Progress per language on the Wagtail home, with the totals per type and links to the dashboard."""

    name = "translation_summary"
    template_name = "translations/home/summary_panel.html"
    order = 150

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["totals"] = selectors.totals()
        context["progress"] = selectors.progress(context["totals"])
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
        self.current = (ContentType.objects.get_for_model(self.model).pk, self.saved_object.pk)
        self.may_edit, self.may_publish = edit_rights(request.user, self.saved_object)
        if not self.may_edit:
            raise PermissionDenied
        return super().dispatch(request)

    @cached_property
    def queue_filters(self):
        """The dashboard's filter and order, carried from item to item (a value that does not fit is not)."""
        query = self.request.GET
        filters = {}
        type_key = query.get("type", "")
        if type_key in {model._meta.label_lower for model in translator.get_registered_models()}:
            filters["type"] = type_key
        if query.get("program", "").isdigit():
            filters["program"] = int(query["program"])
        if query.get("ordering") in selectors.ORDERINGS:
            filters["ordering"] = query["ordering"]
        return filters

    @cached_property
    def queue(self):
        """The dashboard's rows in its order, each with whether it is complete in this language."""
        return selectors.queue(self.queue_filters, self.language)

    @cached_property
    def query_string(self):
        return queue_query(self.queue_filters)

    def item_url(self, content_type_id, pk):
        url = reverse("translations:workbench", args=(content_type_id, pk, self.language))
        return url + self.query_string

    def get_page_title(self):
        return _("Translate into %(language)s") % {"language": in_sentence(self.language)}

    def get_page_subtitle(self):
        return title_in(self.object, current_language())

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("translations:dashboard") + self.query_string, "label": _("Translations")},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_form(self, data=None):
        return WorkbenchForm(
            data,
            obj=self.object,
            language=self.language,
            records=selectors.object_records(self.saved_object),
        )

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        form = form or self.get_form()
        following = selectors.following(self.queue, self.current)
        context.update(
            form=form,
            rows=form.display_rows,
            language=self.language,
            language_name=language_name(self.language),
            language_in_sentence=in_sentence(self.language),
            source_language=form.source,
            source_language_name=language_name(form.source),
            source_in_sentence=in_sentence(form.source),
            remaining=selectors.remaining(self.queue),
            # Tried first by "Save and next", which then need not read the queue again.
            candidates=" ".join(f"{content_type_id}:{pk}" for content_type_id, pk in following),
            skip_url=self.item_url(*following[0]) if following else None,
            may_publish=self.may_publish,
            locked=locked_for(self.request.user, self.saved_object),
            edit_url=AdminURLFinder(self.request.user).get_edit_url(self.saved_object),
            dashboard_url=reverse("translations:dashboard") + self.query_string,
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
        title = title_in(self.object, current_language())
        if publish:
            if refused(request, self.object):
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
        candidate = selectors.first_still_missing(
            self.request.POST.get("candidates", "").split(), self.language, (self.model, self.saved_object.pk)
        )
        if candidate is not None:
            model, pk = candidate
            return redirect(self.item_url(ContentType.objects.get_for_model(model).pk, pk))
        # No listed candidate left: the queue, read after saving, has the last word.
        following = selectors.following(self.queue, self.current, limit=1)
        if not following:
            messages.success(
                self.request,
                _("Nothing left to translate into %(language)s here.")
                % {"language": language_name(self.language)},
            )
            return redirect(reverse("translations:dashboard") + self.query_string)
        return redirect(self.item_url(*following[0]))


def answer_incomplete_translation(view):
    """Answers IncompleteTranslation with an error message and the object's edit form.

    portfolio/urls.py applies it to the admin's views: the end of a review raises it (see
    publish_when_complete) after the approval's transaction has been rolled back.
    """

    @wraps(view)
    def answered(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except IncompleteTranslation as refusal:
            sentence = gettext(
                "Not approved, nothing published: fill in the %(language)s version of: %(fields)s."
            )
            refused(request, refusal.obj, sentence)
            edit_url = AdminURLFinder(request.user).get_edit_url(refusal.obj) or "/admin/"
            if request.headers.get("x-requested-with") == "XMLHttpRequest":
                # The review dialog follows the redirect it is given, where the messages show.
                return JsonResponse({"step": "success", "redirect": edit_url})
            return redirect(edit_url)

    return answered
