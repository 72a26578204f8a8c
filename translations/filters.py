"""The translation dashboard's filters (django-filter, shown by Wagtail's listing in its filter
menu). A value that does not fit is ignored, the other filters still apply."""

import django_filters
from django import forms
from django.forms.utils import ErrorDict
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from . import selectors
from .completeness import language_codes, language_name
from .models import STATUS_LABELS, TranslationStatus


class LenientForm(forms.Form):
    def full_clean(self):
        super().full_clean()
        # Each field is checked on its own: one that does not fit counts as absent.
        self._errors = ErrorDict()


def _unchanged(queryset, name, value):
    return queryset  # read by TranslationFilterSet.filter_queryset with the other filters


class TranslationFilterSet(WagtailFilterSet):
    type = django_filters.ChoiceFilter(
        label=_("Type"), choices=selectors.type_choices, method="filter_type", empty_label=_("All")
    )
    program = django_filters.ChoiceFilter(label=_("Program"), field_name="program_id", empty_label=_("All"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=list(STATUS_LABELS.items()), empty_label=_("All")
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"),
        choices=lambda: [(code, capfirst(language_name(code))) for code in language_codes()],
        method=_unchanged,
        empty_label=_("Every language"),
    )
    missing = django_filters.BooleanFilter(
        label=_("Only what is left to translate"),
        widget=forms.CheckboxInput,
        method=_unchanged,
        initial=False,
    )

    class Meta:
        model = TranslationStatus
        fields = []
        form = LenientForm

    def __init__(self, *args, programs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["program"].extra["choices"] = [(str(pk), title) for pk, title in programs]

    def filter_type(self, queryset, name, value):
        return selectors.of_type(queryset, value)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("missing"):
            queryset = selectors.missing_in(queryset, self.form.cleaned_data.get("language") or None)
        return queryset
