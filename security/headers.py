"""Content-Security-Policy chosen by path: a strict one for the public site, another for the admin."""

from csp.constants import HEADER
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, using settings.ADMIN_CONTENT_SECURITY_POLICY under /admin/.

    Previews are the public page rendered inside the editor's iframe: they keep the public
    policy, only allowing the admin (same origin) to frame them.
    """

    def process_response(self, request, response):
        if _is_preview(request) and HEADER in response:
            # Wagtail renders a preview by running the page's own request through the whole
            # middleware stack: the response already carries the public policy, unframeable.
            del response[HEADER]
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        if request.path_info.startswith(ADMIN_PREFIX):
            if _is_preview(request):
                directives = dict(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])
                directives["frame-ancestors"] = ["'self'"]
            else:
                directives = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
            return PolicyParts(
                config=directives, update=parts.update, replace=parts.replace, nonce=parts.nonce
            )
        return parts


ADMIN_PREFIX = "/admin/"


def _is_preview(request):
    return request.path_info.startswith(ADMIN_PREFIX) and "/preview/" in request.path_info
