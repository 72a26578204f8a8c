"""The translation report: what is left to translate, object by object, language by language.

Covers every page (live or draft, aliases excepted) and every other registered model that has
an edit view of its own in the admin (snippets such as partners). Inline children without an
edit view of their own (a project's documents) are left out: a translator reaches them
through their page.

Which values are read: the saved fields, except for objects with unpublished changes (a
draft page, or a live page with a newer draft), which are read from their latest revision:
the report shows what translators are working on, as the edit form does. Every figure comes
from a bounded number of queries: one for the pages, one per page type, one per other model
and one for the revisions of drafts, however many objects there are.
"""

import math
from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import get_language_info, gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.admin_url_finder import AdminURLFinder, finder_classes
from wagtail.models import DraftStateMixin, Page, Revision, RevisionMixin

from .completeness import (
    has_text,
    language_codes,
    localized_value,
    missing_fields,
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
    """One page or snippet and what is left to translate in it."""

    object: models.Model
    type_key: str
    type_name: str
    title: str
    status: str
    last_edited: datetime | None
    edit_url: str | None
    program: Page | None
    missing: dict[str, list[str]]
    completeness: dict[str, int]
    position: int

    @property
    def status_label(self):
        return STATUS_LABELS[self.status] if self.status else NO_STATUS

    @property
    def program_id(self):
        return self.program.pk if self.program else None

    @cached_property
    def program_title(self):
        return display_title(self.program) if self.program else ""

    def is_complete(self, language=None):
        """Nothing left to translate into `language` (into any language when None)."""
        languages = [language] if language else list(self.missing)
        return not any(self.missing[code] for code in languages)

    def missing_labels(self, language):
        """The missing fields' names as the edit form shows them ("Summary", "Body")."""
        model = type(self.object)
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
                TypeTotal(entry.type_key, type(entry.object), complete=dict.fromkeys(self.languages, 0)),
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
            if entry.program is not None:
                programs.setdefault(entry.program.pk, entry.program_title)
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


def build_report():
    languages = language_codes()
    url_finder = AdminURLFinder()

    pages = list(Page.objects.filter(depth__gt=1, alias_of__isnull=True).order_by("path").specific())
    snippets = []
    for model in registered_snippet_models():
        queryset = model._default_manager.all()
        if issubclass(model, RevisionMixin):
            queryset = queryset.select_related("latest_revision")
        snippets.extend(queryset)
    read_latest_drafts(pages + snippets, languages)

    pages_by_path = {page.path: page for page in pages}
    program_path_length = PROGRAM_DEPTH * Page.steplen
    entries = []
    for obj in pages + snippets:
        model = type(obj)
        if not translatable_fields(model):
            continue
        program = None
        if isinstance(obj, Page) and obj.depth > PROGRAM_DEPTH:
            program = pages_by_path.get(obj.path[:program_path_length])
        entries.append(
            ReportEntry(
                object=obj,
                type_key=model._meta.label_lower,
                type_name=capfirst(model._meta.verbose_name),
                title=display_title(obj),
                status=status(obj),
                last_edited=last_edited(obj),
                edit_url=url_finder.get_edit_url(obj),
                program=program,
                missing={code: in_field_order(model, missing_fields(obj, code)) for code in languages},
                completeness=completeness_by_language(obj, languages),
                position=len(entries),
            )
        )
    return TranslationReport(entries=entries, languages=languages)


def in_field_order(model, names):
    order = {model_field.name: index for index, model_field in enumerate(model._meta.concrete_fields)}
    return sorted(names, key=lambda name: order.get(name, len(order)))
