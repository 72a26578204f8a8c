"""Fields of the partners app that exist in French and English."""

from modeltranslation.translator import TranslationOptions, register

from .models import Partner, PartnerIndexPage


@register(Partner)
class PartnerTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(PartnerIndexPage)
class PartnerIndexPageTranslationOptions(TranslationOptions):
    fields = ("introduction",)
