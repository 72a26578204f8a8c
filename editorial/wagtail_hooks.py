"""Admin rules the group permissions alone cannot express."""

from django.core.exceptions import PermissionDenied
from wagtail import hooks


@hooks.register("before_delete_page")
def only_publishers_delete_pages(request, page):
    # Wagtail lets anyone who may change a never-published page delete it; translators may
    # change pages but must never remove one, so deleting takes the right to publish.
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
