from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    name = "translations"
    verbose_name = _("Translations")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import columns  # registers the translation columns' system check
        from .report import connect_signals
        from .tracking import connect as track_translations

        connect_signals()
        track_translations()
        post_migrate.connect(columns.after_migrate, dispatch_uid="translations.columns.after_migrate")
