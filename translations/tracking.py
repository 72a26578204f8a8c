"""Keeps TranslationRecord up to date from every saved revision of a translatable object.

A revision is what every admin path saves (edit form, workbench, bulk publish, review, scheduled
publication), so the records hold whatever screen was used. A new or changed translation is
recorded as made from the current source; an unchanged one keeps its source while the current
source follows the revision: when they differ, the source changed since the translation was made.
"""

import hashlib
import html
import json
import re

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Revision

from .completeness import TAGS, has_text, language_codes, localized_value, translatable_fields

BLOCK_BREAKS = re.compile(r"(<br\s*/?>|</(p|li|h\d|blockquote)>)", re.IGNORECASE)


def source_language(target):
    """The language a translation into `target` is made from: the first other site language."""
    return next(code for code in language_codes() if code != target)


def _strip_ids(data):
    """A stream's raw data without its block ids, which change without the text changing."""
    if isinstance(data, list):
        return [_strip_ids(item) for item in data]
    if isinstance(data, dict):
        return {key: _strip_ids(value) for key, value in data.items() if key != "id"}
    return data


def canonical(value):
    """A field value as a string that changes only when what a reader sees changes."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    raw = getattr(value, "get_prep_value", None)
    if raw is not None:
        return json.dumps(_strip_ids(raw()), sort_keys=True, ensure_ascii=False)
    return str(value)


def value_hash(value):
    return hashlib.sha256(canonical(value).encode()).hexdigest()


def html_text(value):
    """The text of a rich text value, a line per paragraph."""
    text = html.unescape(TAGS.sub("", BLOCK_BREAKS.sub("\n", value)))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def plain_text(value):
    """What a reader sees of a field value, as lines of text (for showing a difference)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return html_text(value) if "<" in value else value.strip()
    lines = []
    for child in value:  # a StreamValue: a line per block, as its searchable text
        for text in child.block.get_searchable_content(child.value):
            text = html_text(str(text))
            if text:
                lines.append(text)
    return "\n".join(lines)


def record_revision(revision):
    """Bring the object's TranslationRecords in line with a newly saved revision."""
    from .models import TranslationRecord

    model = revision.content_type.model_class()
    content = revision.content
    records = {
        (record.field, record.language): record
        for record in TranslationRecord.objects.filter(
            content_type_id=revision.content_type_id, object_id=str(revision.object_id)
        )
    }
    create, update, delete = [], [], []
    for name in translatable_fields(model) if model is not None else []:
        for target in language_codes():
            source = source_language(target)
            keys = [build_localized_fieldname(name, code) for code in (target, source)]
            if any(key not in content for key in keys):
                continue
            target_value, source_value = (model._meta.get_field(key).to_python(content[key]) for key in keys)
            record = records.get((name, target))
            if not has_text(target_value) or not has_text(source_value):
                if record is not None:
                    delete.append(record.pk)  # nothing translated (any more): "missing" says it
                continue
            source_hash, target_hash = value_hash(source_value), value_hash(target_value)
            if record is None:
                record = TranslationRecord(
                    content_type_id=revision.content_type_id,
                    object_id=str(revision.object_id),
                    field=name,
                    language=target,
                    source_language=source,
                )
                create.append(record)
            elif record.target_hash == target_hash:
                if record.current_source_hash != source_hash:
                    record.current_source_hash = source_hash
                    update.append(record)
                continue
            else:
                update.append(record)
            # A new or changed translation: made from the current source.
            record.source_hash = record.current_source_hash = source_hash
            record.source_text = plain_text(source_value)
            record.target_hash = target_hash
            record.updated_by = revision.user
    if create:
        TranslationRecord.objects.bulk_create(create)
    for record in update:
        record.save()
    if delete:
        TranslationRecord.objects.filter(pk__in=delete).delete()


def confirm(obj, name, language, user):
    """A translator says the translation still matches the current source: clear the flag."""
    from .models import TranslationRecord

    source = localized_value(obj, name, source_language(language))
    TranslationRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=str(obj.pk),
        field=name,
        language=language,
    ).update(
        source_hash=value_hash(source),
        current_source_hash=value_hash(source),
        source_text=plain_text(source),
        updated_by=user,
    )


def _on_revision_saved(sender, instance, created, **kwargs):
    if created:
        record_revision(instance)


def connect():
    post_save.connect(_on_revision_saved, sender=Revision, dispatch_uid="translations.tracking.revision")
