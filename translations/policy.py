"""The required-languages policy: a page is published only when complete in every required language.

Other languages are optional but tracked: an empty English field shows the French text with
the "translation in progress" notice, and the dashboard counts it as left to translate.
"""

from django.conf import settings
from django.utils.text import capfirst

from .completeness import missing_fields


def required_languages():
    return list(getattr(settings, "TRANSLATIONS_REQUIRED_LANGUAGES", [settings.LANGUAGE_CODE]))


def missing_required(obj):
    """{language: [field labels]} of required languages in which `obj` is incomplete."""
    missing = {}
    for language in required_languages():
        fields = missing_fields(obj, language)
        if fields:
            model_fields = type(obj)._meta
            missing[language] = [str(capfirst(model_fields.get_field(name).verbose_name)) for name in fields]
    return missing
