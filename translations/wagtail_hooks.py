"""The translation dashboard in the Wagtail admin: its URL, menu item and home page panel."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import TranslationDashboardView, TranslationSummaryPanel


@hooks.register("register_admin_urls")
def register_dashboard_url():
    urls = [path("", TranslationDashboardView.as_view(), name="dashboard")]
    return [path("translations/", include((urls, "translations"), namespace="translations"))]


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    # Shown to everyone who can reach the admin: the admin's URLs already require that access.
    return MenuItem(_("Translations"), reverse("translations:dashboard"), icon_name="globe", order=350)


@hooks.register("construct_homepage_panels")
def add_translation_summary(request, panels):
    panels.append(TranslationSummaryPanel())
