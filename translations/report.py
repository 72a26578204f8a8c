"""The translation report: what is left to translate, object by object, language by language.

Covers every page (live or draft, aliases excepted) and every other registered model that has
an edit view of its own in the admin (snippets such as partners). Inline children without an
edit view of their own (a project's documents) are left out: a translator reaches them
through their page.

Which values are read: the saved fields, except for objects with unpublished changes (a
draft page, or a live page with a newer draft), which are read from their latest revision:
the report shows what translators are working on, as the edit form does.

Everything is answered by the database, so that a request reads only the rows it shows: each
page and snippet is a row of one UNION ALL (a SELECT per model) in which the database works
out, per language, which translatable fields have text (drafts' values joined from their
latest revision), then the missing fields and the completeness. Filters, orderings, counts,
pages of rows, totals (one grouped query) and the workbench's queue (one window query) are
queries on it. Only the totals and the programs are kept in the cache, until any page,
revision or snippet changes.
"""

import functools
import math
import operator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models, transaction
from django.db.backends.signals import connection_created
from django.db.models import Case, F, Value, When
from django.db.models.fields.json import HasKey, KeyTextTransform
from django.db.models.functions import Cast, Coalesce, Concat, Length, Substr, Trim
from django.db.models.lookups import GreaterThan, IsNull, Regex
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import timezone
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
    WHITESPACE,
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
        if isinstance(self.source, models.Model):
            return self.source
        if self.source.get("snippet"):
            # Read only when asked for (the dashboard needs none): the snippet and its latest draft.
            obj = self.model._default_manager.get(pk=self.pk)
            read_latest_drafts([obj], language_codes())
            return obj
        return _page_factory(self.source)()

    @cached_property
    def edit_url(self):
        if issubclass(self.model, Page):
            # What Wagtail's page URL finder answers, without building the page.
            return reverse("wagtailadmin_pages:edit", args=(self.pk,))
        if isinstance(self.source, models.Model):
            return AdminURLFinder().get_edit_url(self.source)
        # The URL finders read the primary key (and a site setting's site) only.
        stub = self.model(pk=self.pk)
        if self.source.get("site_id") is not None:
            stub.site_id = self.source["site_id"]
        return AdminURLFinder().get_edit_url(stub)

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


@functools.cache
def _reported_types():
    # Worked out on the first save (the admin's hooks must be loaded), then kept: every save
    # of any model passes through here.
    return (Page, Revision, *registered_snippet_models())


def connect_signals():
    """Any change the report may show works its stored rows out again."""
    post_save.connect(_store_on_save, dispatch_uid="translations-report-store-save")
    post_delete.connect(_store_on_delete, dispatch_uid="translations-report-store-delete")
    post_page_move.connect(_store_on_move, dispatch_uid="translations-report-store-move")
    connection_created.connect(register_sqlite_functions, dispatch_uid="translations-report-sqlite")


# The report in SQL. Every page and snippet is one row of a UNION ALL of one SELECT per model
# (`_branch`): the database works out, per language, which translatable fields have text (a
# bit mask), reading the latest revision of objects with unpublished changes, and the
# title shown. A second layer (`_computed_columns`) derives from the masks the missing fields
# and the completeness of each language, so that filters, orderings, counts, totals and pages
# are all answered by the database: a request reads only the rows it shows.

# Rich text holds text when something is left outside its tags (as has_text() decides): the
# whitespace listed, not \s, which PostgreSQL's regular expressions take in a narrower sense
# (no no-break space) than Python's.
RICH_TEXT_EMPTY = f"^([{WHITESPACE}]|<[^>]*>)*$"


class SortKey(models.Func):
    """A title's sort key: LOWER on PostgreSQL; on SQLite, whose LOWER changes ASCII letters
    only, Python's casefold (registered on each connection, see portfolio_casefold)."""

    output_field = models.TextField()

    def as_sql(self, compiler, connection, **extra_context):
        function = "portfolio_casefold" if connection.vendor == "sqlite" else "LOWER"
        return super().as_sql(compiler, connection, function=function, **extra_context)


def register_sqlite_functions(sender, connection, **kwargs):
    """portfolio_casefold() on SQLite connections (SortKey)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "portfolio_casefold",
            1,
            lambda value: value.casefold() if isinstance(value, str) else value,
            deterministic=True,
        )


# Columns of every row of the union, in this order in every SELECT.
ROW_COLUMNS = (
    "r_ct",
    "r_pk",
    "r_group",
    "r_path",
    "r_depth",
    "r_program_path",
    "r_title",
    "r_sort_title",
    "r_draft_title",
    "r_status",
    "r_last_edited",
    "r_site",
)


def _null(output_field):
    """NULL of a type (a bare NULL in one SELECT of a UNION may be taken for text)."""
    return Cast(Value(None), output_field)


def _filled(expression, kind):
    """1 when the value has text (as has_text() would say), else 0."""
    if kind == "stream":
        condition = GreaterThan(JSONArrayLength(expression), 0)
    elif kind == "revision-stream":
        # A revision keeps a stream as the text of its JSON: "[]" when it has no block.
        condition = GreaterThan(Length(Trim(expression)), 2)
    else:
        # Text and rich text alike: has_text() leaves out tags from any text.
        return Case(
            When(IsNull(expression, True), then=Value(0)),
            When(Regex(expression, RICH_TEXT_EMPTY), then=Value(0)),
            default=Value(1),
        )
    return Case(When(condition, then=Value(1)), default=Value(0))


def _field_kind(model_field):
    if isinstance(model_field, StreamField):
        return "stream"
    if isinstance(model_field, RichTextField):
        return "rich"
    return "text"


def _reads_drafts(model):
    return issubclass(model, DraftStateMixin) and issubclass(model, RevisionMixin)


def _draft_content():
    """The content of the object's latest revision (read only for objects with a draft)."""
    # A join, not a subquery per value: PostgreSQL would cost each subquery as if run for every
    # row, and compile the query (JIT) for seconds.
    return F("latest_revision__content")


def _mask(model, fields, code):
    """Bit i set when the i-th translatable field has text in `code`, in the value translators
    work on: the latest draft's when there is one (the saved columns otherwise)."""
    saved_terms, draft_terms = [], []
    for index, name in enumerate(fields):
        localized = build_localized_fieldname(name, code)
        kind = _field_kind(model._meta.get_field(localized))
        saved = _filled(F(localized), kind)
        saved_terms.append(saved * Value(1 << index))
        if _reads_drafts(model):
            content = _draft_content()
            in_draft = _filled(
                KeyTextTransform(localized, content), "revision-stream" if kind == "stream" else kind
            )
            value = Case(When(HasKey(content, localized), then=in_draft), default=saved)
            draft_terms.append(value * Value(1 << index))
    if not saved_terms:
        return Value(0)
    saved = functools.reduce(operator.add, saved_terms)
    if not draft_terms:
        return saved
    # Tested once per row rather than once per field: most rows have no draft.
    return Case(
        When(has_unpublished_changes=True, then=functools.reduce(operator.add, draft_terms)),
        default=saved,
    )


def _text_now(model, localized):
    """A text column's value, from the latest draft when there is one."""
    if not _reads_drafts(model):
        return F(localized)
    content = _draft_content()
    in_draft = Case(
        When(HasKey(content, localized), then=KeyTextTransform(localized, content)),
        default=F(localized),
        output_field=models.TextField(),
    )
    return Case(
        When(has_unpublished_changes=True, then=in_draft),
        default=F(localized),
        output_field=models.TextField(),
    )


def _title_field(model):
    fields = _translatable_fields(model)
    for name in ("title", "name"):
        if name in fields:
            return name
    return None


def _title_expression(model, preference):
    """The title shown: the first language of `preference` that has one (as _page_title and
    display_title do); a snippet's short name (`acronym`), when it has one, in brackets."""
    name = _title_field(model)
    is_page = issubclass(model, Page)
    fallback = F("draft_title") if is_page else Value("")
    if name is None:
        return Cast(fallback, models.TextField())
    whens = []
    for code in preference:
        value = _text_now(model, build_localized_fieldname(name, code))
        whens.append(When(GreaterThan(_filled(value, "text"), 0), then=value))
    title = Case(*whens, default=fallback, output_field=models.TextField())
    if not is_page and _has_plain_field(model, "acronym"):
        title = Case(
            When(
                GreaterThan(_filled(F("acronym"), "text"), 0),
                then=Concat(title, Value(" ("), "acronym", Value(")")),
            ),
            default=title,
            output_field=models.TextField(),
        )
    return title


def _has_plain_field(model, name):
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return name not in _translatable_fields(model)


def _status_expression(model):
    if not issubclass(model, DraftStateMixin):
        return Value("", output_field=models.CharField())
    return Case(
        When(live=False, then=Value("draft")),
        When(has_unpublished_changes=True, then=Value("live+draft")),
        default=Value("live"),
        output_field=models.CharField(),
    )


def _last_edited_expression(model):
    if issubclass(model, Page):
        return Coalesce("latest_revision_created_at", "last_published_at")
    candidates = []
    if issubclass(model, RevisionMixin):
        candidates.append(F("latest_revision__created_at"))
    for model_field in model._meta.concrete_fields:
        if isinstance(model_field, models.DateTimeField) and model_field.auto_now:
            candidates.append(F(model_field.name))
            break
    if not candidates:
        return _null(models.DateTimeField())
    if len(candidates) == 1:
        return candidates[0]
    return Coalesce(*candidates, output_field=models.DateTimeField())


def reported_models():
    """Every page type with translatable fields, then every snippet model: the union's groups."""
    pages = [model for model in get_page_models() if not model._meta.abstract and _translatable_fields(model)]
    return pages + registered_snippet_models()


def all_columns(languages):
    """ROW_COLUMNS, one mask per language, then the title in each language."""
    return (
        *ROW_COLUMNS,
        *(f"r_mask_{code}" for code in languages),
        *(f"r_title_{code}" for code in languages),
    )


def _branch(model, group, languages, program_path=None, columns=None):
    """The SELECT of one model's rows (`columns`, all by default), as (sql, params)."""
    # Compiled once per process and variant: compiling the expressions takes longer than the query.
    content_type_id = ContentType.objects.get_for_model(model).pk
    key = (connection.vendor, content_type_id, tuple(languages), tuple(_title_preference()))
    return _compiled_branch(model, group, program_path, key, tuple(columns or all_columns(languages)))


@functools.lru_cache(maxsize=1024)
def _compiled_branch(model, group, program_path, key, wanted):
    _vendor, content_type_id, languages, preference = key
    is_page = issubclass(model, Page)
    fields = _translatable_fields(model)
    queryset = models.QuerySet(model)
    if is_page:
        queryset = queryset.filter(
            content_type=ContentType.objects.get_for_model(model), depth__gt=1, alias_of__isnull=True
        )
        if program_path is not None:
            queryset = queryset.filter(path__startswith=program_path, depth__gt=PROGRAM_DEPTH)
    program_length = PROGRAM_DEPTH * Page.steplen
    text = models.TextField()
    columns = {
        # Of one type in every SELECT, so that PostgreSQL takes a condition on them into each.
        "r_ct": Value(content_type_id, output_field=models.IntegerField()),
        "r_pk": F("pk") if _integer_key(model) else Cast("pk", models.IntegerField()),
        # Site order: every page by its place in the tree, then each snippet model in turn.
        "r_group": Value(0 if is_page else group),
        "r_path": Cast("path", text) if is_page else _snippet_order(model),
        "r_depth": F("depth") if is_page else _null(models.IntegerField()),
        "r_program_path": (
            Case(When(depth__gt=PROGRAM_DEPTH, then=Substr("path", 1, program_length)), output_field=text)
            if is_page
            else _null(text)
        ),
        "r_title": _title_expression(model, preference),
        "r_sort_title": SortKey(_title_expression(model, preference)),
        "r_draft_title": Cast("draft_title", text) if is_page else _null(text),
        "r_status": _status_expression(model),
        "r_last_edited": _last_edited_expression(model),
        "r_site": F("site_id") if _has_plain_field(model, "site") else _null(models.IntegerField()),
    }
    for code in languages:
        columns[f"r_mask_{code}"] = _mask(model, fields, code)
        # The title shown, and its sort key, when `code` is the active language (the stored rows').
        shown = _title_expression(model, [code] + [other for other in languages if other != code])
        columns[f"r_shown_{code}"] = shown
        columns[f"r_sort_{code}"] = SortKey(shown)
    # The titles in each language (the page's instance is built from them).
    name = _title_field(model)
    for code in languages:
        columns[f"r_title_{code}"] = (
            _text_now(model, build_localized_fieldname(name, code)) if name else _null(text)
        )
    columns = {name: columns[name] for name in wanted}
    queryset = queryset.order_by().annotate(**columns).values(*columns)
    return queryset.query.sql_with_params()


def _integer_key(model):
    """Whether the primary key is a plain integer column (pages'), which an index answers as it is."""
    return type(model._meta.pk).__name__ in ("AutoField", "IntegerField")


def _snippet_order(model):
    """What orders a snippet model's rows in site order: its Meta.ordering's first field, if plain."""
    ordering = model._meta.ordering
    if ordering and isinstance(ordering[0], str) and not ordering[0].startswith(("-", "?")):
        try:
            model._meta.get_field(ordering[0])
        except FieldDoesNotExist:
            pass
        else:
            return Cast(ordering[0], models.TextField())
    return _null(models.TextField())


def _popcount(column):
    """SQL of the number of bits set in an integer column (the fields filled)."""
    if connection.vendor == "postgresql":
        return f"BIT_COUNT(({column})::bit(32))"
    bits = max((len(_translatable_fields(model)) for model in reported_models()), default=1)
    return "(" + " + ".join(f"(({column} >> {bit}) & 1)" for bit in range(bits)) + ")"


def _fence():
    """What keeps the database from copying a subquery's expressions into each use of them."""
    return "LIMIT -1" if connection.vendor == "sqlite" else "OFFSET 0"


def _computed_sql(union, languages, fence=True):
    """The rows of `union` with, per language, the missing fields and the completeness."""
    anywhere = _popcount("(" + " | ".join(f"u.r_mask_{code}" for code in languages) + ")")
    counts = ", ".join(
        [
            f"{anywhere} AS r_anywhere",
            *(f"{_popcount(f'u.r_mask_{code}')} AS r_filled_{code}" for code in languages),
        ]
    )
    columns = []
    for code in languages:
        columns.append(f"c.r_anywhere - c.r_filled_{code} AS r_missing_{code}")
        columns.append(
            f"CASE WHEN c.r_anywhere = 0 THEN 100 ELSE (100 * c.r_filled_{code}) / c.r_anywhere END "
            f"AS r_complete_{code}"
        )
    counted = f"SELECT u.*, {counts} FROM ({union}) u {_fence() if fence else ''}"
    return f"SELECT c.*, {', '.join(columns)} FROM ({counted}) c"


@dataclass(frozen=True)
class Selection:
    """What the dashboard (or the workbench's queue) shows: filters and order, checked beforehand."""

    type_key: str | None = None
    program_id: int | None = None
    language: str | None = None
    missing_only: bool = False
    ordering: str | None = None


def _rows_sql(languages, selection, programs, fence=True, columns=None, union_only=False):
    """(sql, params) of the selected rows, unordered: `columns` (all by default), then the
    missing fields and completeness of each language when the masks are among them.

    Read from the stored rows (ReportRow); with `union_only`, worked out from the objects
    themselves. With `fence`, each row's masks are worked out once, for every row (what
    filters, orderings and totals need); without, the database works them out only for the
    rows a condition on the keys leaves (what reading the rows of one page needs).
    """
    columns = tuple(columns or all_columns(languages))
    program_path = None
    if selection.program_id:
        program_path = next(
            (path for path, program in programs.items() if program[0] == selection.program_id), ""
        )
    if not union_only:
        union, params = _stored_rows_sql(columns, selection, program_path)
    else:
        union, params = _union_sql(columns, selection, program_path, languages, fence)
    if not all(f"r_mask_{code}" in columns for code in languages):
        return f"SELECT * FROM ({union}) r", params
    where = "1 = 1"
    if selection.missing_only:
        codes = [selection.language] if selection.language else languages
        where = " OR ".join(f"r_missing_{code} > 0" for code in codes)
    sql = f"SELECT * FROM ({_computed_sql(union, languages, fence)}) r WHERE {where}"
    return sql, params


def _union_sql(columns, selection, program_path, languages, fence, pks=None):
    """The rows worked out from the objects themselves: a SELECT per model (only the objects
    of `pks`, {model: [pk]}, when given)."""
    parts, params = [], []
    for group, model in enumerate(reported_models()):
        if pks is not None and model not in pks:
            continue
        if selection.type_key and model._meta.label_lower != selection.type_key:
            continue
        if program_path is not None and not issubclass(model, Page):
            continue
        if program_path == "":
            continue
        sql, branch_params = _branch(model, group, languages, program_path, columns)
        condition = ""
        if pks is not None:
            condition = f" WHERE r_pk IN ({', '.join(['%s'] * len(pks[model]))})"
            branch_params = [*branch_params, *pks[model]]
        parts.append(f"SELECT * FROM ({sql}) b{group}{condition}")
        params.extend(branch_params)
    if not parts:
        parts.append(_empty_branch(columns))
    union = " UNION ALL ".join(parts)
    if fence:
        union = f"SELECT * FROM ({union}) u0 {_fence()}"
    return union, params


def _stored_rows_sql(columns, selection, program_path):
    """The same rows as _union_sql's, read from the stored rows (ReportRow)."""
    ensure_stored_rows()
    current = _title_preference()[0]
    stored = {"r_title": f"r_shown_{current}", "r_sort_title": f"r_sort_{current}"}
    select = ", ".join(f"{stored[name]} AS {name}" if name in stored else name for name in columns)
    conditions, params = [], []
    if selection.type_key:
        model = next((m for m in reported_models() if m._meta.label_lower == selection.type_key), None)
        if model is None:
            return _empty_branch(columns), []
        conditions.append("r_ct = %s")
        params.append(ContentType.objects.get_for_model(model).pk)
    if program_path == "":
        return _empty_branch(columns), []
    if program_path is not None:
        conditions.append("r_group = 0 AND r_depth > %s AND r_path LIKE %s")
        params += [PROGRAM_DEPTH, f"{program_path}%"]
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    return f"SELECT {select} FROM {_stored_table()}{where}", params


def _empty_branch(columns):
    values = ", ".join(f"{'0' if name.startswith('r_mask_') else 'NULL'} AS {name}" for name in columns)
    return f"SELECT {values} WHERE 1 = 0"


def _key_columns(selection, languages):
    """The columns the selection's filters and order need (each costs the database some work)."""
    ordering = (selection.ordering or "").lstrip("-")
    columns = ["r_ct", "r_pk", "r_group", "r_path"]
    if ordering in ("title", "completeness", "last_edited"):
        columns.append("r_sort_title")
    if ordering == "last_edited":
        columns.append("r_last_edited")
    if ordering == "completeness" or selection.missing_only:
        columns += [f"r_mask_{code}" for code in languages]
    return columns


def _order_sql(selection, languages):
    ordering = selection.ordering if selection.ordering in ORDERINGS else None
    position = ["r_group", "r_path", "r_pk"]
    if ordering is None:
        return ", ".join(position)
    descending = ordering.startswith("-")
    key = ordering.lstrip("-")
    by_title = ["r_sort_title", *position]
    if key == "title":
        return ", ".join(f"{column} DESC" if descending else column for column in by_title)
    if key == "completeness":
        if selection.language:
            percent = f"r_complete_{selection.language}"
        elif len(languages) > 1:
            # The lowest of all languages: LEAST on PostgreSQL, MIN with several arguments on SQLite.
            least = "MIN" if connection.vendor == "sqlite" else "LEAST"
            percent = f"{least}({', '.join(f'r_complete_{code}' for code in languages)})"
        else:
            percent = f"r_complete_{languages[0]}"
        return ", ".join([f"{percent} DESC" if descending else percent, *by_title])
    direction = "DESC" if descending else "ASC"
    # Objects never edited come last in both directions.
    return ", ".join(
        ["CASE WHEN r_last_edited IS NULL THEN 1 ELSE 0 END", f"r_last_edited {direction}", *by_title]
    )


def _fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


class ReportRows:
    """The selected rows, read like a queryset: len() counts them in the database, a slice reads
    only its rows; iterating reads them all (the management command does, offline)."""

    def __init__(self, report, selection):
        self.report = report
        self.selection = selection
        self._count = None
        self._all = None
        self._pages = {}

    def _sql(self, columns=None):
        return _rows_sql(self.report.languages, self.selection, self.report.programs, columns=columns)

    def count(self):
        if self._all is not None:
            return len(self._all)
        if self._count is None:
            sql, params = self._sql(_key_columns(self.selection, self.report.languages))
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COUNT(*) FROM ({sql}) c", params)
                self._count = cursor.fetchone()[0]
        return self._count

    def __len__(self):
        return self.count()

    def __bool__(self):
        return self.count() > 0

    def _order(self):
        return _order_sql(self.selection, self.report.languages)

    def _read_all(self):
        sql, params = self._sql()
        return self.report.entries_from(_fetch(f"{sql} ORDER BY {self._order()}", params), 0)

    def read(self, offset, limit, last_page=False):
        """The rows from `offset` (at most `limit`), counting the selection in the same query;
        with `last_page`, past the last row, those of the last page of `limit` rows (as the
        paginator answers a page number out of range).

        Two queries: the keys of the rows, in order, with the count (the database works out
        only the columns the filters and the order need); then the rows of these keys.
        """
        for (read_offset, read_limit), entries in self._pages.items():
            # Read already, or (the paginator's last page) a part of what was read.
            if read_offset == offset and (limit <= read_limit or len(entries) < read_limit):
                return entries[:limit]
        sql, params = self._sql(_key_columns(self.selection, self.report.languages))
        # Past the last row, the last page's rows: what the paginator answers then, without
        # asking for the count and the page again.
        keys = _fetch(
            "SELECT r_ct, r_pk, r_total, r_number FROM ("
            f"SELECT r_ct, r_pk, COUNT(*) OVER () AS r_total, ROW_NUMBER() OVER (ORDER BY {self._order()}) "
            f"AS r_number FROM ({sql}) k) n WHERE (r_number > %s AND r_number <= %s) "
            f"{'OR (%s >= r_total AND r_number > ((r_total - 1) / %s) * %s)' if last_page else ''} "
            "ORDER BY r_number",
            [*params, int(offset), int(offset) + int(limit)]
            + ([int(offset), int(limit), int(limit)] if last_page else []),
        )
        if not keys:
            if last_page or offset == 0:
                self._count = 0
            self._pages[(offset, limit)] = []
            return []
        self._count = keys[0]["r_total"]
        offset = keys[0]["r_number"] - 1
        key = (offset, limit)
        by_type = {}
        for row in keys:
            by_type.setdefault(row["r_ct"], []).append(row["r_pk"])
        conditions, condition_params = [], []
        for content_type_id, pks in by_type.items():
            conditions.append(f"(r_ct = %s AND r_pk IN ({', '.join(['%s'] * len(pks))}))")
            condition_params += [content_type_id, *pks]
        everything = Selection(type_key=self.selection.type_key)
        sql, params = _rows_sql(self.report.languages, everything, self.report.programs, fence=False)
        found = _fetch(f"SELECT * FROM ({sql}) p WHERE {' OR '.join(conditions)}", params + condition_params)
        position = {(row["r_ct"], row["r_pk"]): index for index, row in enumerate(keys)}
        found.sort(key=lambda row: position[(row["r_ct"], row["r_pk"])])
        self._pages[key] = self.report.entries_from(found, offset)
        return self._pages[key]

    def __getitem__(self, key):
        if self._all is not None:
            return self._all[key]
        if isinstance(key, slice):
            if key.step not in (None, 1) or (key.start or 0) < 0 or key.stop is None or key.stop < 0:
                return list(self)[key]
            start = key.start or 0
            if key.stop <= start:
                return []
            return self.read(start, key.stop - start)
        if key < 0:
            return list(self)[key]
        found = self.read(key, 1)
        if not found:
            raise IndexError(key)
        return found[0]

    def __iter__(self):
        if self._all is None:
            self._all = self._read_all()
        return iter(self._all)

    def __eq__(self, other):
        if isinstance(other, ReportRows | list | tuple):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None


class TranslationReport:
    """The report: totals and the rows of any selection, each read from the database when asked."""

    def __init__(self, languages=None):
        self.languages = list(languages or language_codes())

    @cached_property
    def totals(self):
        return build_totals(self.languages)

    @cached_property
    def programs(self):
        """{path: (pk, title, content type id)} of the programs with pages below them, in site order."""
        return read_programs(self.languages)

    @cached_property
    def entries(self):
        return self.select()

    def type_choices(self):
        return [(total.type_key, total.name) for total in self.totals]

    def program_choices(self):
        return [(pk, title) for pk, title, _content_type_id in self.programs.values()]

    def select(self, type_key=None, program_id=None, language=None, missing_only=False, ordering=None):
        """The rows matching the filters, in the requested order (site order by default)."""
        selection = Selection(
            type_key=type_key or None,
            program_id=program_id or None,
            language=language if language in self.languages else None,
            missing_only=bool(missing_only),
            ordering=ordering if ordering in ORDERINGS else None,
        )
        return ReportRows(self, selection)

    def queue_after(self, selection, current, limit):
        """(content type id, pk) of the `limit` rows after `current` (the same) in the selection's
        order that still miss something in its language, wrapping round: one query."""
        queue = Selection(**{**selection.__dict__, "missing_only": False})
        columns = _key_columns(Selection(**{**selection.__dict__, "missing_only": True}), self.languages)
        sql, params = _rows_sql(self.languages, queue, self.programs, columns=columns)
        order = _order_sql(selection, self.languages)
        content_type_id, pk = current
        missing = f"r_missing_{selection.language}"
        query = (
            f"WITH ranked AS (SELECT r.*, ROW_NUMBER() OVER (ORDER BY {order}) AS r_number FROM ({sql}) r), "
            "here AS (SELECT r_number FROM ranked WHERE r_ct = %s AND r_pk = %s) "
            f"SELECT r_ct, r_pk FROM ranked WHERE {missing} > 0 AND NOT (r_ct = %s AND r_pk = %s) "
            "ORDER BY CASE WHEN r_number > COALESCE((SELECT r_number FROM here), 0) THEN 0 ELSE 1 END, "
            f"r_number LIMIT {int(limit)}"
        )
        rows = _fetch(query, [*params, content_type_id, pk, content_type_id, pk])
        return [(row["r_ct"], row["r_pk"]) for row in rows]

    def remaining(self, selection):
        """How many rows of the selection still miss something in its language."""
        return len(ReportRows(self, Selection(**{**selection.__dict__, "missing_only": True})))

    def entries_from(self, rows, offset, changed_sources=True):
        """ReportEntry objects of rows read from the union, with their changed sources (one query)."""
        languages = tuple(self.languages)
        models_ = {ContentType.objects.get_for_model(model).pk: model for model in reported_models()}
        names = {}
        entries = []
        for row in rows:
            model = models_[row["r_ct"]]
            masks = tuple(row[f"r_mask_{code}"] or 0 for code in languages)
            missing, completeness = _missing_and_completeness(model, masks, languages)
            if model not in names:
                names[model] = str(capfirst(model._meta.verbose_name))
            program = None
            if row["r_program_path"] and row["r_program_path"] in self.programs:
                program_pk, program_title, program_type = self.programs[row["r_program_path"]]
                program = {
                    "pk": program_pk,
                    "display_title": program_title,
                    "model": ContentType.objects.get_for_id(program_type).model_class(),
                    "path": row["r_program_path"],
                    "depth": PROGRAM_DEPTH,
                }
            entries.append(
                ReportEntry(
                    source=_source(model, row, languages),
                    model=model,
                    pk=row["r_pk"],
                    type_key=model._meta.label_lower,
                    type_name=names[model],
                    title=row["r_title"] or "",
                    status=row["r_status"] or "",
                    last_edited=_as_datetime(row["r_last_edited"]),
                    program_row=program,
                    missing=missing,
                    completeness=completeness,
                    position=offset + len(entries),
                )
            )
        if changed_sources:
            _attach_changed_sources(entries)
        return entries


def _as_datetime(value):
    if isinstance(value, str):  # SQLite answers a string for a value taken from a subquery
        value = models.DateTimeField().to_python(value)
    if value is not None and settings.USE_TZ and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


def _source(model, row, languages):
    """What ReportEntry.object is built from: a page's columns, or (model, pk, site) of a snippet."""
    if not issubclass(model, Page):
        return {"model": model, "pk": row["r_pk"], "site_id": row["r_site"], "snippet": True}
    source = {
        "model": model,
        "pk": row["r_pk"],
        "path": row["r_path"],
        "depth": row["r_depth"],
        "draft_title": row["r_draft_title"],
        "live": row["r_status"] != "draft",
        "has_unpublished_changes": row["r_status"] != "live",
    }
    for code in languages:
        source[build_localized_fieldname("title", code)] = row[f"r_title_{code}"]
    return source


def read_programs(languages=None):
    """{path: (pk, title, content type id)} of the pages at PROGRAM_DEPTH with pages below them."""
    title = _title_expression(Page, _title_preference())
    rows = (
        models.QuerySet(Page)
        .filter(depth=PROGRAM_DEPTH, numchild__gt=0, alias_of__isnull=True)
        .annotate(shown_title=title)
        .order_by("path")
        .values_list("path", "pk", "shown_title", "content_type_id")
    )
    return {path: (pk, shown, content_type_id) for path, pk, shown, content_type_id in rows}


def build_totals(languages=None):
    """Per type: how many objects, how many complete in each language. One grouped query over
    the report's rows."""
    languages = list(languages or language_codes())
    columns = ("r_ct", *(f"r_mask_{code}" for code in languages))
    sql, params = _rows_sql(languages, Selection(), {}, columns=columns)
    complete = ", ".join(f"SUM(CASE WHEN r_missing_{code} = 0 THEN 1 ELSE 0 END)" for code in languages)
    models_ = {ContentType.objects.get_for_model(model).pk: model for model in reported_models()}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT r_ct, COUNT(*), {complete} FROM ({sql}) t GROUP BY r_ct", params)
        found = cursor.fetchall()
    totals = []
    for content_type_id, count, *complete_counts in found:
        model = models_[content_type_id]
        totals.append(
            TypeTotal(
                model._meta.label_lower,
                model,
                total=count,
                complete=dict(zip(languages, (int(value) for value in complete_counts), strict=True)),
            )
        )
    # The most numerous types first (projects before the one home page), then in site order.
    order = {model: index for index, model in enumerate(reported_models())}
    return sorted(totals, key=lambda total: (-total.total, order[total.model]))


def build_report():
    """The report over every page and snippet; nothing is read until its totals or rows are."""
    return TranslationReport(language_codes())


def _attach_changed_sources(entries):
    """Flag, in one query, the translations whose source changed since they were made."""
    from .selectors import changed_sources

    if not entries:
        return
    # Those of the rows read (a page of the table), or all of them when reading everything.
    keys = [(entry.content_type_id, str(entry.pk)) for entry in entries] if len(entries) <= 500 else None
    changed = changed_sources(keys)
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


# The stored rows (ReportRow): the union's rows, worked out by the database when an object or
# its latest revision is saved, deleted or moved, so that the dashboard, its totals and the
# workbench's queue read one small table rather than every page's texts (which the database
# would have to read in full, rich text and all, on the first request after any change).
# Rows depend on nothing but their object and its latest revision, so working out again the
# rows of what changed keeps the table equal to the union; `rebuild_stored_rows` works out
# every row (after bulk changes that send no signals: QuerySet.update, bulk_create).


def _stored_table():
    from .models import ReportRow

    return connection.ops.quote_name(ReportRow._meta.db_table)


def stored_columns(languages=None):
    """The stored rows' columns: the union's, with the shown title and its sort key per language."""
    languages = list(languages or language_codes())
    return (
        *(name for name in all_columns(languages) if name not in ("r_title", "r_sort_title")),
        *(f"r_shown_{code}" for code in languages),
        *(f"r_sort_{code}" for code in languages),
    )


def _signature():
    """What the stored rows depend on besides the objects: models, fields, languages."""
    import hashlib

    parts = [STORED_ROWS_VERSION, connection.vendor, ",".join(language_codes())]
    for model in reported_models():
        fields = ",".join(
            f"{name}:{_field_kind(model._meta.get_field(build_localized_fieldname(name, code)))}"
            for name in _translatable_fields(model)
            for code in language_codes()[:1]
        )
        parts.append(f"{model._meta.label_lower}({fields})")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


# Moved on whenever what a stored row holds changes (its columns, how a value is judged).
STORED_ROWS_VERSION = "2"
_checked = set()


def ensure_stored_rows():
    """Work out every stored row again if they were worked out for other models, fields or
    languages (a new release), once per process and database."""
    alias = connection.alias
    if alias in _checked:
        return
    from .models import ReportState

    signature = _signature()
    state = ReportState.objects.first()
    if state is None or state.signature != signature:
        rebuild_stored_rows()
        with transaction.atomic():
            ReportState.objects.all().delete()
            ReportState.objects.create(signature=signature)
    _checked.add(alias)


def _upsert(union, params, columns):
    names = ", ".join(columns)
    updates = ", ".join(f"{name} = excluded.{name}" for name in columns if name not in ("r_ct", "r_pk"))
    # WHERE 1 = 1: SQLite reads ON CONFLICT after a bare SELECT as part of a join otherwise.
    sql = (
        f"INSERT INTO {_stored_table()} ({names}) SELECT {names} FROM ({union}) s WHERE 1 = 1 "
        f"ON CONFLICT (r_ct, r_pk) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def rebuild_stored_rows():
    """Every stored row worked out again from the objects (two queries)."""
    languages = language_codes()
    columns = stored_columns(languages)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {_stored_table()}")
        union, params = _union_sql(columns, Selection(), None, languages, fence=False)
        _upsert(union, params, columns)


def refresh_stored_rows(model, pks):
    """The stored rows of these objects of `model` worked out again (gone if they are gone)."""
    pks = [int(pk) for pk in pks if str(pk).isdigit()]
    if not pks or model not in reported_models():
        return
    languages = language_codes()
    columns = stored_columns(languages)
    union, params = _union_sql(columns, Selection(), None, languages, fence=False, pks={model: pks})
    if _upsert(union, params, columns) != len(pks):
        # Some are no longer reported (deleted, made an alias): their rows go.
        _delete_stored_rows(model, pks)
        _upsert(union, params, columns)


def _delete_stored_rows(model, pks):
    placeholders = ", ".join(["%s"] * len(pks))
    if issubclass(model, Page):
        # A page's row, whatever its type: the union's pages are all of group 0.
        sql = f"DELETE FROM {_stored_table()} WHERE r_group = 0 AND r_pk IN ({placeholders})"
        params = list(pks)
    else:
        sql = f"DELETE FROM {_stored_table()} WHERE r_ct = %s AND r_pk IN ({placeholders})"
        params = [ContentType.objects.get_for_model(model).pk, *pks]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def refresh_subtree(path):
    """The stored rows of the pages at and below `path` worked out again (after a move)."""
    languages = language_codes()
    columns = stored_columns(languages)
    parts, params = [], []
    for model in reported_models():
        if not issubclass(model, Page):
            continue
        sql, branch_params = _branch(model, 0, languages, None, columns)
        parts.append(f"SELECT * FROM ({sql}) b WHERE r_path LIKE %s")
        params += [*branch_params, f"{path}%"]
    if parts:
        _upsert(" UNION ALL ".join(parts), params, columns)


def _page_model(page):
    model = ContentType.objects.get_for_id(page.content_type_id).model_class()
    return model or Page


def _store_on_save(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    if isinstance(instance, Page):
        refresh_stored_rows(_page_model(instance), [instance.pk])
    elif isinstance(instance, Revision):
        model = ContentType.objects.get_for_id(instance.content_type_id).model_class()
        if model is not None:
            refresh_stored_rows(model, [instance.object_id])
    elif isinstance(instance, _reported_types()):
        refresh_stored_rows(type(instance), [instance.pk])


def _store_on_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        _delete_stored_rows(Page, [instance.pk])
    elif isinstance(instance, Revision):
        # The object's latest revision may be gone: its draft with it.
        _store_on_save(sender, instance)
    elif isinstance(instance, _reported_types()) and str(instance.pk).isdigit():
        _delete_stored_rows(type(instance), [instance.pk])


def _store_on_move(sender, instance, **kwargs):
    path = Page.objects.filter(pk=instance.pk).values_list("path", flat=True).first()
    if path:
        refresh_subtree(path)
