"""The translation tooling in the Wagtail admin: dashboard URL, menu item, home panel, publish policy.

The publish policy (policy.py) is applied here to the publish buttons of pages and partners
and to bulk publish; the end of a review and scheduled publication apply it themselves.
"""

from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from wagtail import hooks
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.menu import MenuItem
from wagtail.models import DraftStateMixin, Page

from .policy import SCHEDULED_PUBLISH_REFUSED, refused
from .views import TranslationDashboardView, TranslationSummaryPanel, TranslationWorkbenchView

# wagtail-modeltranslation's own admin strings: it ships no French, so the site's catalogue
# (LOCALE_PATHS, read first) translates them.
MODELTRANSLATION_STRINGS = (
    gettext_noop("View / edit fields for"),
    gettext_noop("This slug is already in use"),
    gettext_noop("Page '{0}' copied."),
    gettext_noop("Page '{0}' and {1} subpages copied."),
)


@hooks.register("register_admin_urls")
def register_dashboard_url():
    urls = [
        path("", TranslationDashboardView.as_view(), name="dashboard"),
        path("results/", TranslationDashboardView.as_view(results_only=True), name="dashboard_results"),
        path(
            "translate/<int:content_type_id>/<str:object_id>/<str:language>/",
            TranslationWorkbenchView.as_view(),
            name="workbench",
        ),
    ]
    return [path("translations/", include((urls, "translations"), namespace="translations"))]


@hooks.register("insert_global_admin_css")
def translation_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("translations/admin.css"))


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    # Shown to everyone who can reach the admin: the admin's URLs already require that access.
    return MenuItem(
        gettext_lazy("Translations"), reverse("translations:dashboard"), icon_name="globe", order=350
    )


@hooks.register("before_publish_page")
def require_languages_to_publish(request, page):
    """Refuse to publish a page incomplete in a required language; the draft is already saved."""
    if refused(request, page):
        return redirect(AdminURLFinder(request.user).get_edit_url(page))
    return None


@hooks.register("before_publish")
def require_languages_to_publish_snippet(request, obj):
    """The same rule for snippets with drafts (partners)."""
    if isinstance(obj, DraftStateMixin):
        return require_languages_to_publish(request, obj.get_latest_revision_as_object())
    return None


@hooks.register("before_bulk_action")
def require_languages_to_bulk_publish(request, action_type, objects, action_class_instance):
    """Bulk publish publishes every selected page only when each one is complete."""
    if action_type != "publish" or not issubclass(action_class_instance.model, Page):
        return None
    pages = list(objects)
    form = action_class_instance.cleaned_form
    if form is not None and form.cleaned_data.get("include_descendants"):
        for page in objects:
            pages.extend(page.get_descendants().not_live())
    sentence = _("Nothing was published: “%(title)s” lacks the %(language)s version of: %(fields)s.")
    refusals = [
        refused(request, latest, sentence, title=latest.get_admin_display_title())
        for latest in (page.get_latest_revision_as_object() for page in pages)
    ]
    return redirect(action_class_instance.next_url) if any(refusals) else None


@hooks.register("register_log_actions")
def register_refusal_log_action(actions):
    actions.register_action(
        SCHEDULED_PUBLISH_REFUSED,
        gettext_lazy("Scheduled publication refused"),
        gettext_lazy("Scheduled publication refused: incomplete in a required language"),
    )


@hooks.register("construct_homepage_panels")
def add_translation_summary(request, panels):
    panels.append(TranslationSummaryPanel())
