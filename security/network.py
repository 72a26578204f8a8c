"""Which address a request comes from, the same way for every rate limit (sign-in, page passwords).

The one supported deployment (docs/security.md): nginx in front, from deploy/nginx.conf, which
*overwrites* X-Forwarded-For with the address it was connected from; gunicorn bound to
loopback or to a Unix socket, so that nginx is its only client.

The header is believed only when the request comes from one of TRUSTED_PROXY_ADDRESSES (nginx
on this machine: loopback, or the empty address of a Unix socket), and then only its rightmost
TRUSTED_PROXY_COUNT-th entry, the one our own proxy wrote. Anything else (a visitor reaching
the app server directly, or a development server) is keyed on REMOTE_ADDR, whatever the
headers say: a rotating X-Forwarded-For cannot dodge a lock-out.
"""

from django.conf import settings


def client_ip(request):
    """The visitor's address: what our own proxy recorded, or REMOTE_ADDR."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 1)
    remote = request.META.get("REMOTE_ADDR", "")
    if proxies <= 0 or remote not in getattr(settings, "TRUSTED_PROXY_ADDRESSES", ("127.0.0.1", "::1", "")):
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    return forwarded[-proxies] if len(forwarded) >= proxies else remote
