"""The translation report: what is left to translate, object by object, language by language.

Covers every page (live or draft, aliases excepted) and every other registered model that has
an edit view of its own in the admin (snippets such as partners). Inline children without an
edit view of their own (a project's documents) are left out: a translator reaches them
through their page.

Which values are read: the saved fields, except for objects with unpublished changes (a
draft page, or a live page with a newer draft), which are read from their latest revision:
the report shows what translators are working on, as the edit form does. Every figure comes
from a bounded number of queries: one per page type, one per other model and one for the
revisions of drafts, however many objects there are. Pages are read as rows: long texts and
stream bodies reduced by the database to their length, model instances built only for the
rows shown.
"""

import functools
import gc
import math
import operator
import time
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import models, transaction
from django.db.models import Case, Value, When
from django.db.models.functions import Length, Trim
from django.db.models.lookups import GreaterThan
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import get_language_info, gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.admin_url_finder import AdminURLFinder, finder_classes
from wagtail.fields import RichTextField, StreamField
from wagtail.models import DraftStateMixin, Page, Revision, RevisionMixin, get_page_models
from wagtail.signals import post_page_move

from .completeness import (
    current_language,
    has_text,
    language_codes,
    localized_value,
    shown_language,
    translatable_fields,
)

# A page's program is its ancestor at this depth: the child of the home page (root = 1, home = 2).
PROGRAM_DEPTH = 3

STATUS_LABELS = {
    "live": _("live"),
    "draft": _("draft"),
    "live+draft": _("live + draft"),
}
NO_STATUS = "\u2014"

ORDERINGS = ("title", "-title", "completeness", "-completeness", "last_edited", "-last_edited")


def language_name(code):
    """The language's name in the active language, for the middle of a sentence ("anglais")."""
    return get_language_info(code)["name_translated"]


@dataclass
class ReportEntry:
    """One page or snippet and what is left to translate in it.

    Pages are read as rows of a few columns (not as model instances): `object` is built
    only when asked for, e.g. for the rows of the table's current page.
    """

    # The page's row (a dict of columns) or the snippet itself: what `object` is built from.
    # Plain data, so that a built report can be kept in the cache.
    source: dict | models.Model = field(repr=False)
    model: type
    pk: object
    type_key: str
    type_name: str
    title: str
    status: str
    last_edited: datetime | None
    program_row: dict | None = field(repr=False)
    missing: dict[str, list[str]]
    completeness: dict[str, int]
    position: int
    # {language: [fields]} translated before their source last changed (TranslationRecord).
    source_changed: dict[str, list[str]] = field(default_factory=dict)

    @cached_property
    def object(self):
        if isinstance(self.source, dict):
            return _page_factory(self.source)()
        return self.source

    @cached_property
    def edit_url(self):
        if issubclass(self.model, Page):
            # What Wagtail's page URL finder answers, without building the page.
            return reverse("wagtailadmin_pages:edit", args=(self.pk,))
        return AdminURLFinder().get_edit_url(self.object)

    @cached_property
    def content_type_id(self):
        return ContentType.objects.get_for_model(self.model).pk

    def workbench_url(self, language):
        return reverse("translations:workbench", args=(self.content_type_id, self.pk, language))

    def source_changed_labels(self, language):
        """The names of the fields whose source changed since their translation into `language`."""
        model = self.model
        names = in_field_order(model, self.source_changed.get(language, []))
        return [capfirst(model._meta.get_field(name).verbose_name) for name in names]

    @cached_property
    def program(self):
        """The program (the page at PROGRAM_DEPTH) this page belongs to, if any."""
        return _page_factory(self.program_row)() if self.program_row else None

    @property
    def status_label(self):
        return STATUS_LABELS[self.status] if self.status else NO_STATUS

    @property
    def program_id(self):
        return self.program_row["pk"] if self.program_row else None

    @property
    def program_title(self):
        if not self.program_row:
            return ""
        # Worked out once per program, not once per page of the program.
        if "display_title" not in self.program_row:
            self.program_row["display_title"] = _page_title(self.program_row, _title_preference())
        return self.program_row["display_title"]

    def is_complete(self, language=None):
        """Nothing left to translate into `language` (into any language when None)."""
        languages = [language] if language else list(self.missing)
        return not any(self.missing[code] for code in languages)

    def missing_labels(self, language):
        """The missing fields' names as the edit form shows them ("Summary", "Body")."""
        model = self.model
        return [capfirst(model._meta.get_field(name).verbose_name) for name in self.missing[language]]


@dataclass
class TypeTotal:
    """How many objects of one type are complete in each language."""

    type_key: str
    model: type
    total: int = 0
    complete: dict[str, int] = field(default_factory=dict)

    @property
    def name(self):
        meta = self.model._meta
        return capfirst(meta.verbose_name if self.total == 1 else meta.verbose_name_plural)

    def sentence(self, language):
        """“English: 13 of 28 projects complete”."""
        meta = self.model._meta
        # The type's name carries the plural ("1 of 1 home page", "13 of 28 projects").
        sentence = gettext("%(language)s: %(complete)d of %(total)d %(type)s complete") % {
            "language": language_name(language),
            "complete": self.complete[language],
            "total": self.total,
            "type": meta.verbose_name if self.total == 1 else meta.verbose_name_plural,
        }
        return capfirst(sentence)

    @property
    def languages(self):
        """Per language: code, name, number complete and the sentence, for templates."""
        return [
            {
                "code": code,
                "name": language_name(code),
                "complete": count,
                "sentence": self.sentence(code),
            }
            for code, count in self.complete.items()
        ]


@dataclass
class TranslationReport:
    entries: list[ReportEntry]
    languages: list[str]

    @cached_property
    def totals(self):
        totals = {}
        for entry in self.entries:
            total = totals.setdefault(
                entry.type_key,
                TypeTotal(entry.type_key, entry.model, complete=dict.fromkeys(self.languages, 0)),
            )
            total.total += 1
            for code in self.languages:
                total.complete[code] += entry.is_complete(code)
        # The most numerous types first (projects before the one home page), then in site order.
        return sorted(totals.values(), key=lambda total: -total.total)

    def type_choices(self):
        return [(total.type_key, total.name) for total in self.totals]

    def program_choices(self):
        programs = {}
        for entry in self.entries:
            if entry.program_row is not None:
                programs.setdefault(entry.program_id, entry.program_title)
        return list(programs.items())

    def select(self, type_key=None, program_id=None, language=None, missing_only=False, ordering=None):
        """The entries matching the filters, in the requested order (site order by default)."""
        entries = [
            entry
            for entry in self.entries
            if (not type_key or entry.type_key == type_key)
            and (not program_id or entry.program_id == program_id)
            and (not missing_only or not entry.is_complete(language))
        ]
        return sort_entries(entries, ordering, language or None)


def sort_entries(entries, ordering, language=None):
    if ordering not in ORDERINGS:
        return sorted(entries, key=lambda entry: entry.position)
    descending = ordering.startswith("-")
    key = ordering.lstrip("-")
    by_title = sorted(entries, key=lambda entry: (entry.title.casefold(), entry.position))
    if key == "title":
        return list(reversed(by_title)) if descending else by_title
    if key == "completeness":
        # The selected language's percentage, or the lowest of all languages.
        def percent(entry):
            return entry.completeness[language] if language else min(entry.completeness.values())

        return sorted(by_title, key=percent, reverse=descending)
    # last_edited: objects never edited (no date) come last in both directions.
    dated = [entry for entry in by_title if entry.last_edited is not None]
    undated = [entry for entry in by_title if entry.last_edited is None]
    return sorted(dated, key=lambda entry: entry.last_edited, reverse=descending) + undated


def display_title(obj):
    """An object's title in the active language, falling back to another language."""
    if isinstance(obj, Page):
        return localized_value(obj, "title", shown_language(obj, "title")) or obj.draft_title
    return str(obj)


def completeness_by_language(obj, languages):
    """Per language: fields filled in it / fields filled in any language, in whole percent."""
    fields = translatable_fields(type(obj))
    filled = {
        code: {name for name in fields if has_text(localized_value(obj, name, code))} for code in languages
    }
    filled_anywhere = set().union(*filled.values())
    if not filled_anywhere:
        return dict.fromkeys(languages, 100)
    return {code: math.floor(100 * len(filled[code]) / len(filled_anywhere)) for code in languages}


def status(obj):
    if not isinstance(obj, DraftStateMixin):
        return ""
    if not obj.live:
        return "draft"
    return "live+draft" if obj.has_unpublished_changes else "live"


def last_edited(obj):
    if isinstance(obj, Page):
        return obj.latest_revision_created_at or obj.last_published_at
    if isinstance(obj, RevisionMixin) and obj.latest_revision_id:
        return obj.latest_revision.created_at
    for model_field in obj._meta.concrete_fields:
        if isinstance(model_field, models.DateTimeField) and model_field.auto_now:
            return getattr(obj, model_field.name)
    return None


def read_latest_drafts(objects, languages):
    """Replace, in memory, the translated fields of objects with a newer draft by the draft's values."""
    drafts = {
        obj.latest_revision_id: obj
        for obj in objects
        if isinstance(obj, DraftStateMixin) and obj.has_unpublished_changes and obj.latest_revision_id
    }
    if not drafts:
        return
    for revision_id, content in Revision.objects.filter(pk__in=drafts).values_list("pk", "content"):
        obj = drafts[revision_id]
        for name in translatable_fields(type(obj)):
            for code in languages:
                localized = build_localized_fieldname(name, code)
                if localized in content:
                    model_field = obj._meta.get_field(localized)
                    setattr(obj, localized, model_field.to_python(content[localized]))


def registered_snippet_models():
    """Registered models other than pages that have an edit view in the admin."""
    AdminURLFinder()  # loads the wagtail_hooks modules, where snippets register their URL finders
    return [
        model
        for model in translator.get_registered_models()
        if not issubclass(model, Page) and translatable_fields(model) and finder_classes.get_by_type(model)
    ]


PAGE_COLUMNS = (
    "pk",
    "path",
    "depth",
    "draft_title",
    "live",
    "has_unpublished_changes",
    "latest_revision_id",
    "latest_revision_created_at",
    "last_published_at",
)


class JSONArrayLength(models.Func):
    """The number of elements of a JSON array (the blocks of a stream), on SQLite and PostgreSQL."""

    function = "JSON_ARRAY_LENGTH"
    output_field = models.IntegerField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_ARRAY_LENGTH", **extra_context)


def _has_text_in_sql(model_field):
    """The database's answer to has_text() for a text or stream column (not rich text)."""
    if isinstance(model_field, StreamField):
        return GreaterThan(JSONArrayLength(model_field.name), 0)
    return GreaterThan(Length(Trim(model_field.name)), 0)


def page_rows(model, languages):
    """Every page of exactly this type (aliases excepted) as a dict of the columns the report
    needs, with `masks`: per language, bit i set when the i-th translatable field has text.

    The database computes each mask, so neither long texts nor stream bodies are sent;
    rich text is read and judged here (only its text outside tags counts).
    """
    fields = _translatable_fields(model)
    values = [build_localized_fieldname("title", code) for code in languages]
    masks, in_python = {}, []
    for position, code in enumerate(languages):
        terms = []
        for index, name in enumerate(fields):
            localized = build_localized_fieldname(name, code)
            model_field = model._meta.get_field(localized)
            if isinstance(model_field, RichTextField):
                in_python.append((position, index, localized))
                values.append(localized)
            else:
                terms.append(
                    Case(When(_has_text_in_sql(model_field), then=Value(1 << index)), default=Value(0))
                )
        masks[f"mask__{code}"] = functools.reduce(operator.add, terms) if terms else Value(0)
    # A plain queryset: modeltranslation's would rewrite every row it returns, for nothing here.
    queryset = (
        models.QuerySet(model)
        .filter(content_type=ContentType.objects.get_for_model(model), depth__gt=1, alias_of__isnull=True)
        .annotate(**masks)
        .values(*PAGE_COLUMNS, *dict.fromkeys(values), *masks)
    )
    rows = []
    for row in queryset:
        row_masks = [row.pop(f"mask__{code}") or 0 for code in languages]
        for position, index, localized in in_python:
            if has_text(row[localized]):
                row_masks[position] |= 1 << index
        row["masks"] = row_masks
        row["model"] = model
        rows.append(row)
    return rows


def read_latest_page_drafts(rows, languages):
    """For pages with unpublished changes, what their latest revision has filled in."""
    drafts = {
        row["latest_revision_id"]: row
        for row in rows
        if row["has_unpublished_changes"] and row["latest_revision_id"]
    }
    if not drafts:
        return
    for revision_id, content in Revision.objects.filter(pk__in=drafts).values_list("pk", "content"):
        row = drafts[revision_id]
        model = row["model"]
        for index, name in enumerate(_translatable_fields(model)):
            for position, code in enumerate(languages):
                localized = build_localized_fieldname(name, code)
                if localized not in content:
                    continue
                value = model._meta.get_field(localized).to_python(content[localized])
                if localized in row:
                    row[localized] = value
                if has_text(value):
                    row["masks"][position] |= 1 << index
                else:
                    row["masks"][position] &= ~(1 << index)


def _object_masks(obj, languages):
    fields = _translatable_fields(type(obj))
    return [
        sum(1 << index for index, name in enumerate(fields) if has_text(localized_value(obj, name, code)))
        for code in languages
    ]


def _title_preference():
    """The active language first, then the others: the order in which a title is looked for."""
    current = current_language()
    return [current] + [code for code in language_codes() if code != current]


def _page_title(row, preference):
    for code in preference:
        title = row.get(build_localized_fieldname("title", code))
        if has_text(title):
            return title
    return row["draft_title"]


def _page_status(row):
    if not row["live"]:
        return "draft"
    return "live+draft" if row["has_unpublished_changes"] else "live"


def _page_factory(row):
    def make():
        model = row["model"]
        values = {name: row[name] for name in row if name in PAGE_COLUMNS or name.startswith("title_")}
        values["id"] = values["pk"]  # `pk` alone would set only a subclass's page_ptr_id
        return model(**values)

    return make


@functools.cache
def _missing_and_completeness(model, masks, languages):
    """What is missing per language, and the completeness percentages, from the filled masks.

    Cached: however many pages there are, they share a handful of combinations.
    """
    fields = _translatable_fields(model)
    filled = {
        code: {name for index, name in enumerate(fields) if mask & (1 << index)}
        for code, mask in zip(languages, masks, strict=True)
    }
    filled_anywhere = set().union(*filled.values())
    missing = {
        code: [name for name in fields if name not in filled[code] and name in filled_anywhere]
        for code in languages
    }
    if not filled_anywhere:
        completeness = dict.fromkeys(languages, 100)
    else:
        completeness = {
            code: math.floor(100 * len(filled[code] & filled_anywhere) / len(filled_anywhere))
            for code in languages
        }
    return {code: in_field_order(model, names) for code, names in missing.items()}, completeness


# What the report reads changes with every draft, not only with publications: it has a
# generation of its own, moved on by any save or delete of a page, a revision or a snippet.
READ_GENERATION_KEY = "translations:report:generation"


def _read_cache():
    return caches[settings.PAGECACHE_ALIAS]


def forget_reads(**kwargs):
    """Leave the remembered reads behind: now, and once the current transaction commits."""
    _read_cache().set(READ_GENERATION_KEY, time.time_ns(), timeout=None)
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # Another request may have read the old rows before the commit and remembered them
        # under the new generation.
        pending = [func for _sids, func, _robust in connection.run_on_commit]
        if _forget_after_commit not in pending:
            transaction.on_commit(_forget_after_commit, robust=True)


def _forget_after_commit():
    _read_cache().set(READ_GENERATION_KEY, time.time_ns(), timeout=None)


@functools.cache
def _reported_types():
    # Worked out on the first save (the admin's hooks must be loaded), then kept: every save
    # of any model passes through here.
    return (Page, Revision, *registered_snippet_models())


def _forget_on_change(sender, instance, **kwargs):
    if isinstance(instance, _reported_types()):
        forget_reads()


def connect_signals():
    """Any change the report may show leaves its remembered reads behind (see _read_everything)."""
    post_save.connect(_forget_on_change, dispatch_uid="translations-report-save")
    post_delete.connect(_forget_on_change, dispatch_uid="translations-report-delete")
    post_page_move.connect(forget_reads, dispatch_uid="translations-report-move")


def _remember(name, compute):
    """compute(), remembered (ROWCACHE_SECONDS) until a page, a revision or a snippet changes."""
    if settings.ROWCACHE_SECONDS <= 0:
        return compute()
    cache = _read_cache()
    generation = cache.get(READ_GENERATION_KEY)
    if generation is None:
        cache.add(READ_GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(READ_GENERATION_KEY)
    if generation is None:  # the cache cannot be reached: read the database
        return compute()
    # One entry per name, overwritten by the next change rather than added to (a report of
    # ten thousand pages is megabytes); its generation is also kept apart, in a small entry, so
    # that a stale report is not loaded only to be thrown away.
    key = f"translations:report:{name}"
    if cache.get(f"{key}:generation") == generation:
        # Unpickling a report of ten thousand entries builds only objects without cycles; the
        # garbage collector, which would walk them again and again as they are built, takes two
        # thirds of the time when left on.
        collecting = gc.isenabled()
        gc.disable()
        try:
            value = cache.get(key)
        finally:
            if collecting:
                gc.enable()
        if value is not None and value[0] == generation:
            return value[1]
    value = compute()
    cache.set_many(
        {key: (generation, value), f"{key}:generation": generation}, timeout=settings.ROWCACHE_SECONDS
    )
    return value


def _read_everything(languages):
    """Every page as a row (in site order) and every snippet as an object, drafts applied.

    Not remembered itself: what is built from it (the report, the totals) is, which spares
    pickling the rows a second time after each change.
    """
    return _read_from_database(languages)


def _read_from_database(languages):
    rows = []
    for model in get_page_models():
        if not model._meta.abstract and translatable_fields(model):
            rows.extend(page_rows(model, languages))
    rows.sort(key=lambda row: row["path"])
    read_latest_page_drafts(rows, languages)

    snippets = []
    for model in registered_snippet_models():
        queryset = model._default_manager.all()
        if issubclass(model, RevisionMixin):
            queryset = queryset.select_related("latest_revision")
        snippets.extend(queryset)
    read_latest_drafts(snippets, languages)
    return rows, snippets


def build_totals():
    """Only the report's totals (for the admin home's panel), without an entry per object.

    Kept until a page, a revision or a snippet changes (their names are translated when shown).
    """
    languages = language_codes()
    return _remember(f"totals:{','.join(languages)}", lambda: _build_totals(languages))


def _build_totals(languages):
    rows, snippets = _read_everything(languages)
    masks = [(row["model"], tuple(row["masks"])) for row in rows]
    masks += [(type(obj), tuple(_object_masks(obj, languages))) for obj in snippets]
    totals = {}
    for model, object_masks in masks:
        missing, _completeness = _missing_and_completeness(model, object_masks, tuple(languages))
        type_key = model._meta.label_lower
        if type_key not in totals:
            totals[type_key] = TypeTotal(type_key, model, complete=dict.fromkeys(languages, 0))
        totals[type_key].total += 1
        for code in languages:
            totals[type_key].complete[code] += not missing[code]
    # In the same order as TranslationReport.totals.
    return sorted(totals.values(), key=lambda total: -total.total)


def build_report():
    """The report over every page and snippet: pages read as rows, snippets as objects.

    Built once per change (and language of the admin: titles and type names are in it), then
    kept until a page, a revision or a snippet changes, like the reads it is built from.
    """
    languages = language_codes()
    name = f"report:{current_language()}:{','.join(languages)}"
    return _remember(name, lambda: _build_report(languages))


def _build_report(languages):
    rows, snippets = _read_everything(languages)

    preference = _title_preference()
    names = {}
    program_path_length = PROGRAM_DEPTH * Page.steplen
    programs = {row["path"]: row for row in rows if row["depth"] == PROGRAM_DEPTH}
    entries = []
    for row in rows:
        model = row["model"]
        program = None
        if row["depth"] > PROGRAM_DEPTH:
            program = programs.get(row["path"][:program_path_length])
        missing, completeness = _missing_and_completeness(model, tuple(row["masks"]), tuple(languages))
        if model not in names:
            names[model] = str(capfirst(model._meta.verbose_name))
        entries.append(
            ReportEntry(
                source=row,
                model=model,
                pk=row["pk"],
                type_key=model._meta.label_lower,
                type_name=names[model],
                title=_page_title(row, preference),
                status=_page_status(row),
                last_edited=row["latest_revision_created_at"] or row["last_published_at"],
                program_row=program,
                missing=missing,
                completeness=completeness,
                position=len(entries),
            )
        )
    for obj in snippets:
        model = type(obj)
        masks = tuple(_object_masks(obj, languages))
        missing, completeness = _missing_and_completeness(model, masks, tuple(languages))
        entries.append(
            ReportEntry(
                source=obj,
                model=model,
                pk=obj.pk,
                type_key=model._meta.label_lower,
                type_name=str(capfirst(model._meta.verbose_name)),
                title=display_title(obj),
                status=status(obj),
                last_edited=last_edited(obj),
                program_row=None,
                missing=missing,
                completeness=completeness,
                position=len(entries),
            )
        )
    _attach_changed_sources(entries)
    report = TranslationReport(entries=entries, languages=languages)
    report.totals  # worked out now, so that a remembered report keeps them  # noqa: B018
    return report


def _attach_changed_sources(entries):
    """Flag, in one query, the translations whose source changed since they were made."""
    from .selectors import changed_sources

    changed = changed_sources()
    if not changed:
        return
    for entry in entries:
        flagged = changed.get((entry.content_type_id, str(entry.pk)))
        if flagged:
            entry.source_changed = flagged


def in_field_order(model, names):
    if len(names) < 2:
        return list(names)
    order = _field_order(model)
    return sorted(names, key=lambda name: order.get(name, len(order)))


@functools.cache
def _translatable_fields(model):
    return translatable_fields(model)


@functools.cache
def _field_order(model):
    return {model_field.name: index for index, model_field in enumerate(model._meta.concrete_fields)}
