"""Admin rules the group permissions alone cannot express, enforced on every admin path.

- Deleting a page takes the right to publish it (single delete view and bulk delete).
- Only a superuser may grant superuser status or act on a superuser's account (create, edit,
  delete, and the user bulk actions).
- The admin API reads pages only: its write actions (publish, delete, move, copy…) would bypass
  the rules above and the publish policy; the admin's own screens do not use them.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.models import Page

from .visibility import document_visible_to, has_unpublished_ancestor


def may_delete(user, page):
    """Whether `user` may delete `page`: Wagtail's own test, plus the right to publish it."""
    # Wagtail lets anyone who may change a never-published page delete it; translators may
    # change pages but must never remove one.
    permissions = page.permissions_for_user(user)
    return permissions.can_delete() and permissions.can_publish()


@hooks.register("before_delete_page")
def only_publishers_delete_pages(request, page):
    if not may_delete(request.user, page):
        raise PermissionDenied


@hooks.register("before_bulk_action")
def only_publishers_bulk_delete_pages(request, action_type, objects, action_class_instance):
    # Bulk actions never call before_delete_page: the same rule is applied here.
    if action_type != "delete" or not issubclass(action_class_instance.model, Page):
        return None
    refused = [page for page in objects if not may_delete(request.user, page)]
    if not refused:
        return None
    messages.error(
        request,
        _("Nothing was deleted: you may not delete %(pages)s.")
        % {"pages": ", ".join(page.get_admin_display_title() for page in refused)},
    )
    return redirect(action_class_instance.next_url)


# Superuser status ------------------------------------------------------------------------


def _refuse_superuser_change(request):
    messages.error(request, _("Only a superuser may grant superuser status or change a superuser's account."))
    return redirect("wagtailusers_users:index")


@hooks.register("before_create_user")
@hooks.register("before_edit_user")
@hooks.register("before_delete_user")
def only_superusers_change_superusers(request, user=None):
    # Reading a superuser's edit form is refused as well: its only use would be to change it.
    if request.user.is_superuser:
        return None
    asks = request.method == "POST" and forms.BooleanField().to_python(request.POST.get("is_superuser"))
    if asks or (user is not None and user.is_superuser):
        return _refuse_superuser_change(request)
    return None


@hooks.register("before_bulk_action")
def only_superusers_act_on_superusers(request, action_type, objects, action_class_instance):
    # Bulk delete, (de)activate and assign role: none may reach a superuser's account.
    if request.user.is_superuser or not issubclass(action_class_instance.model, get_user_model()):
        return None
    if any(user.is_superuser for user in objects):
        return _refuse_superuser_change(request)
    return None


# The admin API -------------------------------------------------------------------------


class ReadOnlyPagesAdminAPIViewSet(PagesAdminAPIViewSet):
    """The admin's pages API without its write actions: each one is refused (403)."""

    actions = {}

    def action_view(self, request, pk, action_name):
        raise PermissionDenied(
            _("This action is done in the admin's page screens, where every editorial rule applies.")
        )


@hooks.register("construct_admin_api")
def close_admin_api_actions(router):
    router.register_endpoint("pages", ReadOnlyPagesAdminAPIViewSet)


# Serving obeys the visibility rule (editorial/visibility.py) ---------------------------------


@hooks.register("before_serve_page")
def no_page_under_an_unpublished_one(page, request, serve_args, serve_kwargs):
    """A live page under an unpublished page is not served: no list shows it either.

    A page under a private (password, login, group) page already answers with that page's
    form or login: Wagtail checks the restrictions of every page above.
    """
    if has_unpublished_ancestor(page):
        raise Http404


@hooks.register("before_serve_document")
def documents_follow_their_pages(document, request):
    """A document is served to whoever may see a page that uses it (or edit it in the admin)."""
    if not document_visible_to(request, document):
        raise Http404


# A new page is never live before it is published ---------------------------------------------


@hooks.register("before_publish_page", order=-100)
def new_pages_wait_for_publication(request, page):
    """Wagtail's create view adds a page it is asked to publish as a live row, then asks the
    before_publish_page hooks; when one refuses (an incomplete translation), the page stayed
    live without being published. Such a page is made a draft here, before any hook decides;
    publishing it, if allowed, makes it live again.
    """
    if page.live and page.live_revision_id is None and page.first_published_at is None:
        Page.objects.filter(pk=page.pk).update(live=False)
        page.live = False
    return None
