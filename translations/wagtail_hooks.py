"""The translation tooling in the Wagtail admin: dashboard URL, menu item, home panel, publish policy."""

from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem

from .policy import missing_required
from .views import TranslationDashboardView, TranslationSummaryPanel


@hooks.register("register_admin_urls")
def register_dashboard_url():
    urls = [path("", TranslationDashboardView.as_view(), name="dashboard")]
    return [path("translations/", include((urls, "translations"), namespace="translations"))]


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    # Shown to everyone who can reach the admin: the admin's URLs already require that access.
    return MenuItem(_("Translations"), reverse("translations:dashboard"), icon_name="globe", order=350)


@hooks.register("before_publish_page")
def require_languages_to_publish(request, page):
    """Refuse to publish a page incomplete in a required language; the draft is already saved."""
    missing = missing_required(page)
    if not missing:
        return None
    for language, fields in missing.items():
        messages.error(
            request,
            _("Saved as a draft, not published: fill in the %(language)s version of: %(fields)s.")
            % {
                "language": get_language_info(language)["name_translated"].lower(),
                "fields": ", ".join(fields),
            },
        )
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("construct_homepage_panels")
def add_translation_summary(request, panels):
    panels.append(TranslationSummaryPanel())
