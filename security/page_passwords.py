"""Rate limit on the password form of password-protected pages, per visitor address.

Wagtail's form (`wagtailcore_authenticate_with_password`) accepts any number of guesses. The
view below takes its URL (portfolio/urls.py) and hands over to it: after
PAGE_PASSWORD_FAILURE_LIMIT wrong passwords from one address within PAGE_PASSWORD_COOLOFF,
every further attempt from that address is refused (429) until the cool-off has passed, the
right password included.

The count lives in the cache. When the cache cannot be read (Redis down: django-redis then
answers None instead of raising), the limit fails closed: every attempt is refused with the
same page until the cache is back, rather than allowing guesses without a limit.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from wagtail import views as wagtail_views

from .network import client_ip

logger = logging.getLogger("portfolio.cache")


def authenticate_with_password(request, page_view_restriction_id, page_id):
    """Wagtail's password form, mounted at its URL in portfolio/urls.py: refused past the limit."""
    form = wagtail_views.authenticate_with_password
    if request.method != "POST":
        return form(request, page_view_restriction_id, page_id)
    key = "page-password-failures:" + client_ip(request)
    cooloff = int(getattr(settings, "PAGE_PASSWORD_COOLOFF", timedelta(minutes=15)).total_seconds())
    # django-redis answers a failed read with the default and a failed add() with None, so the
    # count is first made to exist, then read back: None means the cache cannot say.
    try:
        count = None if cache.add(key, 0, cooloff) is None else cache.get(key)
    except Exception:  # noqa: BLE001 - any cache backend's error is an outage here
        count = None
    if count is None:
        logger.warning("Page passwords refused: the cache holding the failure counts is unavailable.")
    if count is None or count >= getattr(settings, "PAGE_PASSWORD_FAILURE_LIMIT", 5):
        return render(request, "security/page_password_locked.html", {"minutes": cooloff // 60}, status=429)
    response = form(request, page_view_restriction_id, page_id)
    # The view redirects when the password is right and shows the form again when it is not.
    if response.status_code == 200:
        try:
            cache.incr(key)
        except ValueError:  # expired since it was read
            cache.add(key, 1, cooloff)
        except Exception:  # noqa: BLE001 - the next read fails closed
            logger.warning("A wrong page password could not be counted: the cache is unavailable.")
    return response
