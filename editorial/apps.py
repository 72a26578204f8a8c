from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = _("Editorial roles and review")

    def ready(self):
        from . import notifications  # noqa: F401 - connects the new-account signal
        from .copying import make_copies_new_objects

        make_copies_new_objects()
