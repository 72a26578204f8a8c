"""Writes TranslationStatus: one row per page or snippet and language, judged by completeness.py
on the object's latest draft (as the edit form shows it).

Rows are written in the transaction of the change that calls for them (a save, a deletion, a
move), so that they commit with it; `manage.py translation_report --rebuild` writes them all
again after changes that send no signal (QuerySet.update, raw SQL, a restored backup). Inline
children (a project's documents) have no rows: they are translated through their page.
"""

import functools

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from modeltranslation.translator import translator
from wagtail.admin.admin_url_finder import AdminURLFinder, finder_classes
from wagtail.models import DraftStateMixin, Page, Revision, RevisionMixin, get_page_models
from wagtail.signals import post_page_move

from portfolio.languages import reading_key

from .completeness import (
    completeness,
    has_text,
    language_codes,
    localized_value,
    missing_fields,
    preference,
    translatable_fields,
)
from .models import TranslationStatus

# A page's program is its ancestor at this depth: the child of the home page (root = 1, home = 2).
PROGRAM_DEPTH = 3
BATCH = 500


def registered_snippet_models():
    """Registered models other than pages that have an edit view in the admin."""
    AdminURLFinder()  # loads the wagtail_hooks modules, where snippets register their URL finders
    return [
        model
        for model in translator.get_registered_models()
        if not issubclass(model, Page) and translatable_fields(model) and finder_classes.get_by_type(model)
    ]


@functools.cache
def reported_models():
    """Every page type with translatable fields, then every snippet model (in the site's order)."""
    pages = [model for model in get_page_models() if not model._meta.abstract and translatable_fields(model)]
    return tuple(pages + registered_snippet_models())


def is_reported(model):
    return model in reported_models()


def latest_draft(obj):
    """The object as translators work on it: its latest revision when it has unpublished changes."""
    if isinstance(obj, DraftStateMixin) and obj.has_unpublished_changes and obj.latest_revision_id:
        return obj.with_content_json(obj.latest_revision.content)
    return obj


def title_in(obj, language):
    """The title shown when `language` is the reader's: its own, else another language's."""
    names = [name for name in ("title", "name") if name in translatable_fields(type(obj))]
    values = [localized_value(obj, names[0], code) for code in preference(language)] if names else []
    title = next((value.strip() for value in values if has_text(value)), "")
    if isinstance(obj, Page):
        return title or obj.draft_title or ""
    acronym = getattr(obj, "acronym", "")
    if isinstance(acronym, str) and acronym.strip() and "acronym" not in translatable_fields(type(obj)):
        title = f"{title} ({acronym.strip()})"
    return title


def status_of(obj):
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


def _position(obj):
    """A snippet's place among its model's: its Meta.ordering's first field, when plain (a
    translated one in the default language, whatever language is active)."""
    ordering = type(obj)._meta.ordering
    if not ordering or not isinstance(ordering[0], str) or ordering[0].startswith(("-", "?")):
        return ""
    name = ordering[0]
    if name in translatable_fields(type(obj)):
        value = localized_value(obj, name, language_codes()[0])
    else:
        value = getattr(obj, name, "")
    return reading_key(str(value or ""))[:255]


def _edit_url(obj):
    if isinstance(obj, Page):
        return reverse("wagtailadmin_pages:edit", args=(obj.pk,))
    return AdminURLFinder().get_edit_url(obj) or ""


def rows_for(obj, saved=None, program_id=None):
    """The unsaved rows of `obj` (its latest draft) in every language; `saved`: the object as stored."""
    saved = saved or obj
    model = type(saved)
    percents = completeness(obj)
    content_type = ContentType.objects.get_for_model(model)
    is_page = isinstance(saved, Page)
    rows = []
    for code in language_codes():
        missing = missing_fields(obj, code)
        title = title_in(obj, code)
        rows.append(
            TranslationStatus(
                content_type=content_type,
                object_id=saved.pk,
                language=code,
                missing=missing,
                complete=not missing,
                percent=percents[code],
                percents=percents,
                title=title[:255],
                sort_title=reading_key(title)[:255],
                program_id=program_id,
                status=status_of(saved),
                last_edited=last_edited(saved),
                group=0 if is_page else 1 + reported_models().index(model),
                position=saved.path if is_page else _position(saved),
                edit_url=_edit_url(saved),
            )
        )
    return rows


# Everything but the row's key.
UPDATED_FIELDS = [
    field.name
    for field in TranslationStatus._meta.concrete_fields
    if field.name not in ("id", "content_type", "object_id", "language")
]


def _write(rows):
    TranslationStatus.objects.bulk_create(
        rows,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["content_type", "object_id", "language"],
        update_fields=UPDATED_FIELDS,
    )


def _programs(pages):
    """{page pk: pk of its program} of the pages below a program (their ancestor at PROGRAM_DEPTH)."""
    length = PROGRAM_DEPTH * Page.steplen
    paths = {page.pk: page.path[:length] for page in pages if len(page.path) > length}
    if not paths:
        return {}
    programs = dict(Page.objects.filter(path__in=set(paths.values())).values_list("path", "pk"))
    return {pk: programs.get(path) for pk, path in paths.items()}


def refresh(obj, is_draft=False):
    """Write the rows of one saved page or snippet again (its row goes when it is no longer reported).

    `is_draft`: the object in memory is its latest draft (it has just saved a revision of itself).
    """
    if isinstance(obj, Page):
        page = obj if type(obj) is not Page else obj.specific
        if page.alias_of_id is not None or page.depth <= 1 or not is_reported(type(page)):
            forget(Page, [obj.pk])
            return
        draft = page if is_draft and page is obj else latest_draft(page)
        _write(rows_for(draft, page, _programs([page]).get(page.pk)))
    elif is_reported(type(obj)):
        _write(rows_for(obj if is_draft else latest_draft(obj), obj))


def forget(model, pks):
    """Delete the rows of these objects (of any page type when `model` is Page)."""
    rows = TranslationStatus.objects.filter(object_id__in=pks)
    if issubclass(model, Page):
        rows = rows.filter(group=0)
    else:
        rows = rows.filter(content_type=ContentType.objects.get_for_model(model))
    rows.delete()


def rebuild_pages(pages):
    """Write the rows of these pages again, a batch at a time (pages: a queryset of Page)."""
    pks = list(pages.filter(depth__gt=1, alias_of__isnull=True).order_by("path").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        batch = list(Page.objects.filter(pk__in=pks[start : start + BATCH]).specific())
        drafts = {
            revision.pk: revision
            for revision in Revision.objects.filter(
                pk__in=[page.latest_revision_id for page in batch if page.has_unpublished_changes]
            )
        }
        programs = _programs(batch)
        rows = []
        for page in batch:
            if not is_reported(type(page)):
                continue
            draft = page
            if page.has_unpublished_changes and page.latest_revision_id in drafts:
                draft = page.with_content_json(drafts[page.latest_revision_id].content)
            rows += rows_for(draft, page, programs.get(page.pk))
        _write(rows)


def rebuild():
    """Every row written again from the objects themselves; rows of what no longer exists go."""
    with transaction.atomic():
        TranslationStatus.objects.all().delete()
        rebuild_pages(Page.objects.all())
        for model in registered_snippet_models():
            queryset = model._default_manager.all()
            if issubclass(model, RevisionMixin):
                queryset = queryset.select_related("latest_revision")
            rows = []
            for obj in queryset.iterator(chunk_size=BATCH):
                rows += rows_for(latest_draft(obj), obj)
            _write(rows)
    return TranslationStatus.objects.count()


# Signals ------------------------------------------------------------------------------------


def _on_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:  # fixtures being loaded: the command rebuilds
        return
    if isinstance(instance, Page) or is_reported(sender):
        # save_revision() saves the object with its new latest_revision: what is in memory is
        # what the revision holds, its latest draft.
        refresh(instance, is_draft=bool(update_fields) and "latest_revision" in update_fields)


def _on_delete(sender, instance, **kwargs):
    if isinstance(instance, Page) or is_reported(sender):
        forget(sender, [instance.pk])


def _on_move(sender, instance, **kwargs):
    """A move changes the program and the order of the page and everything below it."""
    page = Page.objects.get(pk=instance.pk)
    rebuild_pages(Page.objects.filter(path__startswith=page.path))
    # Placed left or right of a sibling (the admin's sort), the page shifts the tree paths of
    # the siblings after it and of the pages below them: their rows take their new place.
    shifted = Page.objects.filter(path__startswith=page.path[: -Page.steplen], path__gt=page.path)
    TranslationStatus.objects.filter(group=0, object_id__in=shifted.values("pk")).update(
        position=models.Subquery(Page.objects.filter(pk=models.OuterRef("object_id")).values("path")[:1])
    )


def connect():
    # Wagtail saves the object itself on every revision, publication and unpublication, after
    # setting latest_revision and has_unpublished_changes: its post_save is enough.
    post_save.connect(_on_save, dispatch_uid="translations.status.save")
    post_delete.connect(_on_delete, sender=Page, dispatch_uid="translations.status.page-delete")
    post_page_move.connect(_on_move, dispatch_uid="translations.status.move")
    # Per model, not for every model: a post_delete receiver for all would stop Django's fast
    # deletes everywhere. The registered models are known by now (modeltranslation is ready).
    for model in translator.get_registered_models():
        if not issubclass(model, Page):
            post_delete.connect(
                _on_delete,
                sender=model,
                dispatch_uid=f"translations.status.delete.{model._meta.label}",
            )
