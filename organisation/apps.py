from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    """Who the organisation is: its identity settings and its own pages (About, Legal notice…)."""

    name = "organisation"
    verbose_name = _("Organisation")
