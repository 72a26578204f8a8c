"""Reads of the translation tooling, from TranslationStatus with the ORM: the dashboard's rows
(one per object: its row in the reader's language; the other languages' figures are read from its
`percents`, and for the rows shown in one more query), totals and programs; the workbench's
object, records and queue."""

import functools
import operator
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, IntegerField, Q
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Least
from django.http import Http404
from django.utils.text import capfirst
from django.utils.translation import gettext
from wagtail.models import Page, RevisionMixin

from .completeness import current_language, language_codes, language_name, missing_fields
from .models import TranslationRecord, TranslationStatus
from .status import PROGRAM_DEPTH, latest_draft, reported_models

ORDERINGS = ("title", "-title", "completeness", "-completeness", "last_edited", "-last_edited")
SITE_ORDER = ("group", "position", "object_id")


def rows(language=None):
    """One row per page or snippet: its row in `language` (the reader's by default)."""
    return TranslationStatus.objects.filter(language=language or current_language())


def type_choices():
    """(type key, name) of every type editors create (not Wagtail's untyped page), in the site's order."""
    return [
        (model._meta.label_lower, capfirst(model._meta.verbose_name_plural))
        for model in reported_models()
        if model is not Page
    ]


def programs():
    """[(pk, title)] of the programs (the home page's children with pages below them), in site order."""
    program_pages = Page.objects.filter(depth=PROGRAM_DEPTH, numchild__gt=0, alias_of__isnull=True)
    return list(
        rows()
        .filter(group=0, object_id__in=program_pages.values("pk"))
        .order_by(*SITE_ORDER)
        .values_list("object_id", "title")
    )


def of_type(queryset, type_key):
    model = next((model for model in reported_models() if model._meta.label_lower == type_key), None)
    if model is None:
        return queryset
    return queryset.filter(content_type=ContentType.objects.get_for_model(model))


def percent_in(language):
    """The object's percentage in `language`, read from the row's `percents`."""
    return Cast(KT(f"percents__{language}"), IntegerField())


def missing_in(queryset, language=None):
    """The rows with something left to translate into `language` (into any language when None)."""
    codes = [language] if language in language_codes() else language_codes()
    condition = functools.reduce(operator.or_, (Q(**{f"percent_{code}__lt": 100}) for code in codes))
    return queryset.alias(**{f"percent_{code}": percent_in(code) for code in codes}).filter(condition)


def ordered(queryset, ordering=None, language=None):
    """The rows in the dashboard's order: site order, or by title, completeness (in `language`,
    or the lowest of all languages), last edit (never edited last in both directions)."""
    if ordering not in ORDERINGS:
        return queryset.order_by(*SITE_ORDER)
    descending = ordering.startswith("-")
    key = ordering.lstrip("-")
    by_title = ["sort_title", *SITE_ORDER]
    if key == "title":
        return queryset.order_by(*[F(name).desc() if descending else F(name).asc() for name in by_title])
    if key == "completeness":
        codes = [language] if language in language_codes() else language_codes()
        percents = [percent_in(code) for code in codes]
        lowest = Least(*percents) if len(percents) > 1 else percents[0]
        queryset = queryset.alias(lowest_percent=lowest)
        first = F("lowest_percent").desc() if descending else F("lowest_percent").asc()
        return queryset.order_by(first, *by_title)
    date = F("last_edited").desc(nulls_last=True) if descending else F("last_edited").asc(nulls_last=True)
    return queryset.order_by(date, *by_title)


def with_languages(page_rows):
    """Attach to each row (of a page of the table) its rows in every language, as `by_language`,
    and the fields whose source changed since their translation, as `source_changed`: two queries."""
    page_rows = list(page_rows)
    if not page_rows:
        return page_rows
    keys = {(row.content_type_id, row.object_id) for row in page_rows}
    siblings = {}
    found = TranslationStatus.objects.filter(
        content_type_id__in={key[0] for key in keys}, object_id__in={key[1] for key in keys}
    )
    for sibling in found:
        if (sibling.content_type_id, sibling.object_id) in keys:
            siblings.setdefault((sibling.content_type_id, sibling.object_id), {})[sibling.language] = sibling
    changed = changed_sources(keys)
    for row in page_rows:
        key = (row.content_type_id, row.object_id)
        row.by_language = siblings.get(key, {row.language: row})
        row.source_changed = changed.get((row.content_type_id, str(row.object_id)), {})
    return page_rows


@dataclass
class TypeTotal:
    """How many objects of one type are complete in each language."""

    model: type
    total: int = 0
    complete: dict[str, int] = field(default_factory=dict)

    @property
    def type_key(self):
        return self.model._meta.label_lower

    @property
    def noun(self):
        meta = self.model._meta
        return meta.verbose_name if self.total == 1 else meta.verbose_name_plural

    @property
    def name(self):
        return capfirst(self.noun)

    def sentence(self, language):
        """“English: 13 of 28 projects complete”."""
        sentence = gettext("%(language)s: %(complete)d of %(total)d %(type)s complete") % {
            "language": language_name(language),
            "complete": self.complete.get(language, 0),
            "total": self.total,
            "type": self.noun,
        }
        return capfirst(sentence)

    @property
    def languages(self):
        """Per language: code, number complete and the sentence, for templates."""
        return [
            {"code": code, "complete": count, "sentence": self.sentence(code)}
            for code, count in self.complete.items()
        ]


def totals():
    """Per type, the most numerous first: how many objects, how many complete in each language
    (one grouped query)."""
    languages = language_codes()
    found = {}
    counts = (
        TranslationStatus.objects.filter(language__in=languages)
        .values("content_type_id", "language")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(complete=True)))
        .order_by()
    )
    for count in counts:
        model = ContentType.objects.get_for_id(count["content_type_id"]).model_class()
        total = found.setdefault(model, TypeTotal(model, complete=dict.fromkeys(languages, 0)))
        total.total = count["total"]
        total.complete[count["language"]] = count["done"]
    order = {model: index for index, model in enumerate(reported_models())}
    return sorted(found.values(), key=lambda total: (-total.total, order.get(total.model, len(order))))


def progress(type_totals):
    """Per language, over every type: code, name, complete, total, percent (the home panel's bars)."""
    everything = sum(total.total for total in type_totals)
    result = []
    for code in language_codes():
        complete = sum(total.complete.get(code, 0) for total in type_totals)
        result.append(
            {
                "code": code,
                "name": capfirst(language_name(code)),
                "complete": complete,
                "total": everything,
                "percent": round(100 * complete / everything) if everything else 100,
            }
        )
    return result


# The workbench ----------------------------------------------------------------------------


def translatable_model(content_type_id):
    """The page type or snippet model the workbench translates; 404 for anything else."""
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        raise Http404 from None
    if model not in reported_models():
        raise Http404  # inline children (a project's documents) are translated through their page
    return model


def workbench_object(model, object_id):
    """(saved object, latest draft of it): the draft is what translators work on, as in the edit form."""
    if not str(object_id).isdigit():
        raise Http404
    queryset = model._default_manager.all()
    if issubclass(model, Page):
        queryset = queryset.filter(alias_of__isnull=True)
    if issubclass(model, RevisionMixin):
        queryset = queryset.select_related("latest_revision")
    obj = queryset.filter(pk=object_id).first()
    if obj is None:
        raise Http404
    return obj, latest_draft(obj)


def object_records(obj):
    """{(field, language): TranslationRecord} of one object."""
    return {
        (record.field, record.language): record
        for record in TranslationRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
        )
    }


def changed_sources(keys):
    """{(content type id, object id): {language: [fields]}}: translations whose source changed since
    they were made, of the objects `keys` [(content type id, object id)]."""
    by_type = {}
    for content_type_id, object_id in keys:
        by_type.setdefault(content_type_id, []).append(str(object_id))
    records = TranslationRecord.objects.exclude(source_hash=F("current_source_hash")).filter(
        functools.reduce(
            operator.or_, (Q(content_type_id=key, object_id__in=ids) for key, ids in by_type.items())
        )
    )
    changed = {}
    records = records.order_by("pk").values_list("content_type_id", "object_id", "language", "field")
    for content_type_id, object_id, language, name in records:
        changed.setdefault((content_type_id, object_id), {}).setdefault(language, []).append(name)
    return changed


# How many of the following items the workbench page lists for "Save and next" to try first.
CANDIDATES = 10


def queue(filters, language):
    """The dashboard's rows for `filters` (type, program, ordering) in its order, as
    [(content type id, object id, complete in `language`)]: one query."""
    queryset = rows()
    if filters.get("type"):
        queryset = of_type(queryset, filters["type"])
    if filters.get("program"):
        queryset = queryset.filter(program_id=filters["program"])
    queryset = ordered(queryset, filters.get("ordering"), language).annotate(target=percent_in(language))
    return [
        (content_type_id, pk, percent == 100)
        for content_type_id, pk, percent in queryset.values_list("content_type_id", "object_id", "target")
    ]


def remaining(items):
    """How many items of the queue still miss something in its language."""
    return sum(1 for _type, _pk, complete in items if not complete)


def following(items, current, limit=CANDIDATES):
    """(content type id, pk) of the `limit` items after `current` still missing something,
    in the queue's order, wrapping round."""
    keys = [(content_type_id, pk) for content_type_id, pk, _complete in items]
    start = keys.index(current) + 1 if current in keys else 0
    rotated = items[start:] + items[:start]
    return [
        (content_type_id, pk)
        for content_type_id, pk, complete in rotated
        if not complete and (content_type_id, pk) != current
    ][:limit]


def first_still_missing(candidates, language, current):
    """The first candidate ("<content type id>:<id>") still missing something in `language`,
    as (model, pk), or None. Each is checked on its latest draft: someone may have translated
    it since the list was made. Anything malformed is skipped."""
    for token in candidates[:CANDIDATES]:
        content_type_id, _colon, object_id = token.partition(":")
        if not content_type_id.isdigit() or not object_id.isdigit():
            continue
        try:
            model = translatable_model(int(content_type_id))
            _saved, draft = workbench_object(model, object_id)
        except Http404:
            continue
        if (model, draft.pk) != current and missing_fields(draft, language):
            return model, draft.pk
    return None
