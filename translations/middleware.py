"""Turns a refused publication into the list of fields to fill in, instead of a server error."""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import AdminURLFinder

from .policy import IncompleteTranslation, describe_missing


class IncompleteTranslationMiddleware:
    """Answers IncompleteTranslation with an error message and the object's edit form.

    Raised by the end of a review (see policy.publish_when_complete) when the reviewed revision
    is incomplete; the approval's transaction has already been rolled back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, IncompleteTranslation):
            return None
        sentence = _("Not approved, nothing published: fill in the %(language)s version of: %(fields)s.")
        for description in describe_missing(exception.missing, sentence):
            messages.error(request, description)
        edit_url = AdminURLFinder(request.user).get_edit_url(exception.obj) or "/admin/"
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            # The review dialog follows the redirect it is given, where the messages show.
            return JsonResponse({"step": "success", "redirect": edit_url})
        return redirect(edit_url)
