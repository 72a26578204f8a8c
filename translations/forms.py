"""The dashboard's filters, read from the query string; a value that does not fit is ignored."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .report import ORDERINGS, language_name


class ReportFilterForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), required=False)
    program = forms.TypedChoiceField(label=_("Program"), required=False, coerce=int, empty_value=None)
    language = forms.ChoiceField(label=_("Language"), required=False)
    missing = forms.BooleanField(label=_("Only what is left to translate"), required=False)
    ordering = forms.ChoiceField(
        required=False, choices=[(value, value) for value in ORDERINGS], widget=forms.HiddenInput
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        everything = [("", _("All"))]
        self.fields["type"].choices = everything + report.type_choices()
        programs = [(str(pk), title) for pk, title in report.program_choices()]
        self.fields["program"].choices = everything + programs
        self.fields["language"].choices = [("", _("Every language"))] + [
            (code, capfirst(language_name(code))) for code in report.languages
        ]

    @property
    def values(self):
        """The valid values only: each field is checked on its own, a bad one counts as absent."""
        self.is_valid()
        return {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}

    def unbound(self):
        """A form showing the values in use (without error messages for the ignored ones)."""
        values = self.values
        initial = {name: value for name, value in values.items() if value not in (None, "", False)}
        return type(self)(initial=initial, report=self.report)
