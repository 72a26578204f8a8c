from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self):
        from .models import HomePage, ProgramPage, ProjectArchivePage, ProjectIndexPage, ProjectPage
        from .routing import use_indexed_slugs

        # After wagtail-modeltranslation's ready(), which replaced these page types' routing
        # and slug validation with versions that load every sibling.
        use_indexed_slugs(HomePage, ProgramPage, ProjectPage, ProjectIndexPage, ProjectArchivePage)
