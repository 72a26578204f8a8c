"""Fields of the organisation app that exist in French and English."""

from modeltranslation.translator import TranslationOptions, register

from .models import ContentPage, OrganisationSettings


@register(OrganisationSettings)
class OrganisationSettingsTranslationOptions(TranslationOptions):
    # E-mail, phone and links are the same in both languages.
    fields = ("name", "short_name", "tagline", "address", "publisher", "publication_director", "host")


@register(ContentPage)
class ContentPageTranslationOptions(TranslationOptions):
    fields = ("introduction", "body")
