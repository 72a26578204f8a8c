"""The go-live checklist on the admin's home page, for staff who may edit the organisation's settings."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Site

from .checklist import go_live_items


class GoLiveChecklistPanel(Component):
    """What is still missing before the site is public, each item linking to where it is fixed."""

    name = "go_live_checklist"
    template_name = "organisation/admin/go_live_checklist.html"
    order = 50

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        site = Site.find_for_request(self.request) or Site.objects.get(is_default_site=True)
        items = go_live_items(self.request.user, site)
        context["items"] = items
        context["done"] = sum(item.done for item in items)
        context["total"] = len(items)
        return context


@hooks.register("construct_homepage_panels")
def add_go_live_checklist(request, panels):
    if request.user.has_perm("organisation.change_organisationsettings"):
        panels.append(GoLiveChecklistPanel(request))


@hooks.register("insert_global_admin_css")
def checklist_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))
