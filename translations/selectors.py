"""Reads of the translator's workbench: the object to translate, its records, the queue."""

import functools
import operator

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q
from django.http import Http404
from wagtail.models import Page, RevisionMixin

from .completeness import missing_fields, translatable_fields
from .models import TranslationRecord
from .report import Selection, registered_snippet_models


def translatable_model(content_type_id):
    """The page type or snippet model the workbench translates; 404 for anything else."""
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        raise Http404 from None
    if model is None or not translatable_fields(model):
        raise Http404
    if not issubclass(model, Page) and model not in registered_snippet_models():
        raise Http404  # inline children (a project's documents) are translated through their page
    return model


def workbench_object(model, object_id):
    """(saved object, latest draft of it): the draft is what translators work on, as in the edit form."""
    if not str(object_id).isdigit():
        raise Http404
    queryset = model._default_manager.all()
    if issubclass(model, Page):
        queryset = queryset.filter(alias_of__isnull=True)
    elif issubclass(model, RevisionMixin):
        queryset = queryset.select_related("latest_revision")
    obj = queryset.filter(pk=object_id).first()
    if obj is None:
        raise Http404
    if isinstance(obj, Page):
        draft = obj.get_latest_revision_as_object() if obj.has_unpublished_changes else obj
    elif isinstance(obj, RevisionMixin) and obj.latest_revision_id:
        draft = obj.latest_revision.as_object()
    else:
        draft = obj
    return obj, draft


def object_records(obj):
    """{(field, language): TranslationRecord} of one object."""
    return {
        (record.field, record.language): record
        for record in TranslationRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
        )
    }


def changed_sources(keys=None):
    """{(content type id, object id): {language: [fields]}}: translations whose source changed since.

    Of the objects `keys` [(content type id, object id)] only, when given (one query still).
    """
    changed = {}
    records = TranslationRecord.objects.exclude(source_hash=F("current_source_hash"))
    if keys is not None:
        by_type = {}
        for content_type_id, object_id in keys:
            by_type.setdefault(content_type_id, []).append(str(object_id))
        if not by_type:
            return changed
        records = records.filter(
            functools.reduce(
                operator.or_,
                (Q(content_type_id=key, object_id__in=ids) for key, ids in by_type.items()),
            )
        )
    records = records.order_by("pk").values_list("content_type_id", "object_id", "language", "field")
    for content_type_id, object_id, language, name in records:
        changed.setdefault((content_type_id, object_id), {}).setdefault(language, []).append(name)
    return changed


def queue_selection(filters, language):
    """The dashboard's filter and order (checked), for going from one item to the next in `language`."""
    return Selection(
        type_key=filters.get("type") or None,
        program_id=filters.get("program"),
        language=language,
        ordering=filters.get("ordering") or None,
    )


def remaining(report, selection):
    """How many items of the queue still miss something in its language (one query)."""
    return report.remaining(selection)


# How many of the following items the workbench page lists for "Save and next" to try first.
CANDIDATES = 10


def following_candidates(report, selection, current):
    """ "<content type id>:<id>" of the next items missing something in the queue's language,
    in its order after `current` (content type id, pk), wrapping round: one query."""
    return [
        f"{content_type_id}:{pk}"
        for content_type_id, pk in report.queue_after(selection, current, CANDIDATES)
    ]


def next_to_translate(report, selection, current):
    """(content type id, pk) of the first item after `current` still missing something,
    wrapping round, or None."""
    following = report.queue_after(selection, current, 1)
    return following[0] if following else None


def first_still_missing(candidates, language, current):
    """The first candidate (as listed by following_candidates) still missing something in
    `language`, as (model, pk), or None. Each is checked on its latest draft: someone may have
    translated it since the list was made. Anything malformed is skipped."""
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
