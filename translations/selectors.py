"""Reads of the translator's workbench: the object to translate, its records, the queue."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.http import Http404
from wagtail.models import Page, RevisionMixin

from .completeness import missing_fields, translatable_fields
from .models import TranslationRecord
from .report import registered_snippet_models


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


def changed_sources():
    """{(content type id, object id): {language: [fields]}}: translations whose source changed since."""
    changed = {}
    records = (
        TranslationRecord.objects.exclude(source_hash=F("current_source_hash"))
        .order_by("pk")
        .values_list("content_type_id", "object_id", "language", "field")
    )
    for content_type_id, object_id, language, name in records:
        changed.setdefault((content_type_id, object_id), {}).setdefault(language, []).append(name)
    return changed


def queue(report, filters, language):
    """The dashboard's entries in its filter and order, for going from one item to the next."""
    return report.select(
        type_key=filters.get("type") or None,
        program_id=filters.get("program"),
        language=language,
        ordering=filters.get("ordering") or None,
    )


def next_to_translate(entries, language, current):
    """The first entry after `current` (model, pk) still missing something in `language`, wrapping round."""
    keys = [(entry.model, entry.pk) for entry in entries]
    position = keys.index(current) if current in keys else -1
    for entry in entries[position + 1 :] + entries[: max(position, 0)]:
        if (entry.model, entry.pk) != current and not entry.is_complete(language):
            return entry
    return None


def remaining(entries, language):
    return sum(1 for entry in entries if not entry.is_complete(language))


# How many of the following items the workbench page lists for "Save and next" to try first.
CANDIDATES = 10


def following_candidates(entries, language, current):
    """ "<content type id>:<id>" of the next items missing something in `language`, in order."""
    keys = [(entry.model, entry.pk) for entry in entries]
    position = keys.index(current) if current in keys else -1
    found = []
    for entry in entries[position + 1 :] + entries[: max(position, 0)]:
        if (entry.model, entry.pk) != current and not entry.is_complete(language):
            found.append(f"{entry.content_type_id}:{entry.pk}")
            if len(found) == CANDIDATES:
                break
    return found


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
