"""The admin's Content-Security-Policy, applied to the admin's views by portfolio/urls.py.

django-csp's CSPMiddleware sends settings.CONTENT_SECURITY_POLICY (the strict public policy);
an admin view's answer carries settings.ADMIN_CONTENT_SECURITY_POLICY instead.
"""

from functools import wraps

from csp.constants import HEADER
from django.conf import settings


def admin_content_security_policy(view):
    @wraps(view)
    def with_admin_policy(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if "/preview/" in request.path_info:
            # A preview is the public page rendered inside the editor's iframe: Wagtail runs the
            # page's own request through every middleware, so it arrives with the public policy,
            # unframeable. It keeps that policy, framed by the admin (same origin) only.
            if HEADER in response:
                del response[HEADER]
            response._csp_replace = {"frame-ancestors": ["'self'"]}
        else:
            response._csp_config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return response

    return with_admin_policy
