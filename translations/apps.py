from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    name = "translations"
    verbose_name = _("Translations")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import columns  # registers the translation columns' system check
        from .status import connect as keep_statuses
        from .tracking import connect as track_translations

        keep_statuses()
        track_translations()
        post_migrate.connect(columns.after_migrate, dispatch_uid="translations.columns.after_migrate")
        post_migrate.connect(fill_statuses, sender=self, dispatch_uid="translations.status.fill")


def fill_statuses(sender, using="default", **kwargs):
    """After the migration that creates the status table on a site with content: fill it once."""
    from wagtail.models import Page

    from . import columns
    from .models import TranslationStatus
    from .status import rebuild

    if TranslationStatus.objects.using(using).exists() or columns.missing_columns(
        using, only_with_content=False
    ):
        return  # kept up to date since, or a new database whose page columns come next
    if Page.objects.using(using).filter(depth__gt=2).exists():
        rebuild()
