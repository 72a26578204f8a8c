"""Fields of the portfolio that exist in French and English (title and slug come with every page)."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    HomePage,
    ProgramPage,
    ProjectArchivePage,
    ProjectDocument,
    ProjectIndexPage,
    ProjectPage,
)


@register([HomePage, ProjectIndexPage, ProjectArchivePage])
class IntroductionTranslationOptions(TranslationOptions):
    fields = ("introduction",)


@register(ProgramPage)
class ProgramPageTranslationOptions(TranslationOptions):
    fields = ("introduction", "body")


@register(ProjectPage)
class ProjectPageTranslationOptions(TranslationOptions):
    fields = ("subtitle", "summary", "body", "places")


@register(ProjectDocument)
class ProjectDocumentTranslationOptions(TranslationOptions):
    fields = ("title",)
