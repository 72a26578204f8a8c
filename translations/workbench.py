"""The translator's workbench form: the source beside the target, field by field, block by block.

Built from modeltranslation's registry and the fields' own types, so it serves every page type
and snippet without naming any. A stream body takes its structure from the source: each source
block that holds text gets its counterpart in the target language (matched by block id, or by
position when the translation was made elsewhere), and only the text parts of a block
(CharBlock, TextBlock, RichTextBlock, alone or inside a StructBlock) are translated; images,
documents and choices are copied from the source.
"""

import copy
import difflib
from dataclasses import dataclass, field

from django import forms
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail import blocks
from wagtail.admin.rich_text import DraftailRichTextArea
from wagtail.fields import RichTextField, StreamField
from wagtail.rich_text import RichText

from .completeness import (
    field_label,
    has_text,
    in_sentence,
    language_name,
    localized_value,
    translatable_fields,
)
from .tracking import canonical, plain_text, source_language

TEXT_BLOCKS = (blocks.CharBlock, blocks.TextBlock, blocks.RichTextBlock)

DONE, MISSING, CHANGED = "done", "missing", "changed"

# What CheckedDraftail reads from a value it cannot convert: a form error, not a server error.
UNREADABLE = "\x00unreadable"


class CheckedDraftail(DraftailRichTextArea):
    """The rich text editor, answering a posted value that is not the editor's JSON with an error."""

    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except (ValueError, TypeError, KeyError, AttributeError):
            return UNREADABLE


def text_parts(block):
    """[(child name or None, text block)]: the parts of a block a translator writes."""
    if isinstance(block, TEXT_BLOCKS):
        return [(None, block)]
    if isinstance(block, blocks.StructBlock):
        return [(name, child) for name, child in block.child_blocks.items() if isinstance(child, TEXT_BLOCKS)]
    return []


def _part_value(child, name):
    return child.value if name is None else child.value.get(name)


def _display(block_or_field, value):
    """A source value as the reader sees it: rich text expanded, plain text as it is."""
    if value is None:
        return ""
    if isinstance(value, RichText):
        return value.__html__()
    if isinstance(block_or_field, blocks.RichTextBlock | RichTextField):
        return RichText(value).__html__() if value else ""
    return value


@dataclass
class Part:
    """One text to translate: the source beside the target's form field."""

    source_label: str
    source: str
    rich: bool
    field_name: str
    missing: bool
    bound_field: object = None


@dataclass
class Block:
    """One block of a stream body (or the whole value of a plain field)."""

    label: str
    parts: list[Part]

    @property
    def missing(self):
        return any(part.missing for part in self.parts)


@dataclass
class Row:
    """One translatable field of the object."""

    name: str
    label: str
    status: str
    is_stream: bool
    blocks: list[Block]
    diff: list[tuple[str, str]] = field(default_factory=list)
    confirm_field: object = None


def _counterparts(source_stream, target_stream):
    """For each source block, the target block translating it (or None)."""
    by_id = {child.id: child for child in target_stream if child.id}
    used = set()
    matches = []
    for index, child in enumerate(source_stream):
        match = by_id.get(child.id)
        if match is None and index < len(target_stream):
            candidate = target_stream[index]
            if candidate.block_type == child.block_type and candidate.id not in {c.id for c in source_stream}:
                match = candidate
        if match is not None and id(match) not in used:
            used.add(id(match))
            matches.append(match)
        else:
            matches.append(None)
    return matches


def difference(old_text, new_text):
    """[(kind, line)] from the old source text to the new: kind is "removed", "added" or "same"."""
    kinds = {"- ": "removed", "+ ": "added", "  ": "same"}
    return [
        (kinds[line[:2]], line[2:])
        for line in difflib.ndiff(old_text.splitlines(), new_text.splitlines())
        if line[:2] in kinds
    ]


class WorkbenchForm(forms.Form):
    """The target language's text fields of one object, built from its source."""

    def __init__(self, *args, obj, language, records, **kwargs):
        super().__init__(*args, **kwargs)
        self.obj = obj
        self.model = type(obj)
        self.language = language
        self.source = source_language(language)
        self.records = records
        self.rows = [row for row in (self._row(name) for name in translatable_fields(self.model)) if row]

    # Building ---------------------------------------------------------------------------

    def _part(self, form_name, label, model_field, source, initial, missing, block=None):
        """One text to translate: its form field (never required: an empty field is "not yet")."""
        self.fields[form_name] = self._text_field(form_name, model_field, block)
        self.fields[form_name].label = self._labelled(label, self.language)
        self.initial[form_name] = initial
        kind = block or model_field
        return Part(
            source_label=self._labelled(label, self.source),
            source=_display(kind, source),
            rich=isinstance(kind, blocks.RichTextBlock | RichTextField),
            field_name=form_name,
            missing=missing,
        )

    def _text_field(self, form_name, model_field, block=None):
        if block is not None:
            form_field = copy.deepcopy(block.field)
        elif isinstance(model_field, RichTextField):
            form_field = model_field.formfield()
        elif isinstance(model_field, models.TextField):
            form_field = forms.CharField(
                max_length=model_field.max_length, widget=forms.Textarea(attrs={"rows": 4})
            )
        else:
            form_field = forms.CharField(max_length=model_field.max_length)
        form_field.required = False
        form_field.widget.attrs["lang"] = self.language
        if isinstance(form_field.widget, DraftailRichTextArea):
            # The rich text editor's field is a hidden input, which may carry no aria-* attribute
            # (the admin's field template would point one at the help text).
            form_field.help_text = ""
            form_field.widget.__class__ = CheckedDraftail
        else:
            form_field.widget.attrs["aria-describedby"] = f"source-{form_name}"
        return form_field

    @staticmethod
    def _labelled(label, language):
        """“Summary (English)”: which language a text is in, beside its field's name."""
        return _("%(field)s (%(language)s)") % {"field": label, "language": language_name(language)}

    def _row(self, name):
        model_field = self.model._meta.get_field(build_localized_fieldname(name, self.language))
        source_value = localized_value(self.obj, name, self.source)
        target_value = localized_value(self.obj, name, self.language)
        if not has_text(source_value):
            return None  # nothing to translate from
        label = field_label(self.model, name)
        record = self.records.get((name, self.language))
        if not has_text(target_value):
            status = MISSING
        elif record is not None and record.source_changed:
            status = CHANGED
        else:
            status = DONE
        if isinstance(model_field, StreamField):
            row_blocks = self._stream_blocks(name, model_field, source_value, target_value)
        else:
            form_name = build_localized_fieldname(name, self.language)
            missing = not has_text(target_value)
            part = self._part(form_name, label, model_field, source_value, target_value or "", missing)
            row_blocks = [Block(label="", parts=[part])]
        row = Row(
            name=name,
            label=label,
            status=status,
            is_stream=isinstance(model_field, StreamField),
            blocks=row_blocks,
        )
        if status == CHANGED:
            row.diff = difference(record.source_text, plain_text(source_value))
            confirm_name = f"confirm-{name}"
            self.fields[confirm_name] = forms.BooleanField(
                required=False,
                label=_("The %(language)s text still matches the new %(source)s text")
                % {"language": in_sentence(self.language), "source": in_sentence(self.source)},
            )
            row.confirm_field = confirm_name
        return row

    def _stream_blocks(self, name, model_field, source_stream, target_stream):
        row_blocks = []
        counterparts = _counterparts(source_stream, target_stream or [])
        for index, (child, match) in enumerate(zip(source_stream, counterparts, strict=True)):
            parts = []
            for part_name, part_block in text_parts(child.block):
                source_value = _part_value(child, part_name)
                if not has_text(source_value):
                    continue
                form_name = f"{name}-{index}" + (f"-{part_name}" if part_name else "")
                target = _part_value(match, part_name) if match is not None else None
                label = capfirst(part_block.label or part_name or child.block.label)
                initial = part_block.value_for_form(target) if target is not None else ""
                parts.append(
                    self._part(
                        form_name, label, model_field, source_value, initial, not has_text(target), part_block
                    )
                )
            row_blocks.append(Block(label=capfirst(child.block.label), parts=parts))
        return row_blocks

    @property
    def display_rows(self):
        """The rows with their bound fields, for the template; the first empty target has the focus."""
        focused = False
        for row in self.rows:
            for block in row.blocks:
                for part in block.parts:
                    if part.missing and not focused:
                        self.fields[part.field_name].widget.attrs["autofocus"] = True
                        focused = True
                    part.bound_field = self[part.field_name]
            if row.confirm_field:
                row.bound_confirm = self[row.confirm_field]
        return self.rows

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if value == UNREADABLE:
                self.add_error(name, _("This text could not be read: please type it again."))
        return cleaned

    # Saving ------------------------------------------------------------------------------

    def apply(self):
        """Put the translated values on the object; return the names of the fields that changed."""
        changed = []
        for row in self.rows:
            localized = build_localized_fieldname(row.name, self.language)
            before = canonical(getattr(self.obj, localized))
            if row.is_stream:
                setattr(self.obj, localized, self._stream_data(row.name))
            else:
                setattr(self.obj, localized, self.cleaned_data[localized] or "")
            if canonical(getattr(self.obj, localized)) != before:
                changed.append(row.name)
        return changed

    def _stream_data(self, name):
        """The target stream's raw data: the source's blocks, their text parts translated."""
        source_stream = localized_value(self.obj, name, self.source)
        data, filled_any = [], False
        for index, child in enumerate(source_stream):
            value = copy.deepcopy(child.block.get_prep_value(child.value))
            parts = text_parts(child.block)
            filled, has_source_text = False, False
            for part_name, _part_block in parts:
                form_name = f"{name}-{index}" + (f"-{part_name}" if part_name else "")
                if form_name not in self.fields:
                    continue
                has_source_text = True
                text = self.cleaned_data.get(form_name) or ""
                if isinstance(text, RichText):
                    text = text.source
                filled = filled or has_text(text)
                if part_name is None:
                    value = text
                else:
                    value[part_name] = text
            filled_any = filled_any or filled
            # A block left empty is not translated yet; a block without text (an image) follows the source.
            if filled or not has_source_text:
                data.append({"type": child.block_type, "value": value, "id": child.id})
        return data if filled_any else []

    def confirmed(self):
        """The fields whose translation the translator says still matches the changed source."""
        return [
            row.name for row in self.rows if row.confirm_field and self.cleaned_data.get(row.confirm_field)
        ]
