"""Content-Security-Policy chosen by path: a strict one for the public site, another for the admin."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, using settings.ADMIN_CONTENT_SECURITY_POLICY under /admin/.

    Previews are the public page rendered inside the editor's iframe: they keep the public
    policy, only allowing the admin (same origin) to frame them.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        if request.path_info.startswith(ADMIN_PREFIX):
            if "/preview/" in request.path_info:
                directives = dict(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])
                directives["frame-ancestors"] = ["'self'"]
            else:
                directives = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
            return PolicyParts(
                config=directives, update=parts.update, replace=parts.replace, nonce=parts.nonce
            )
        return parts


ADMIN_PREFIX = "/admin/"
