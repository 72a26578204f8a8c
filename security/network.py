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


def _from_trusted_proxy(remote):
    trusted = getattr(settings, "TRUSTED_PROXY_ADDRESSES", ("127.0.0.1", "::1", ""))
    return remote in trusted


def client_ip(request):
    """The visitor's address: what our own proxy recorded, or REMOTE_ADDR."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 1)
    remote = request.META.get("REMOTE_ADDR", "")
    if proxies <= 0 or not _from_trusted_proxy(remote):
        return remote
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if len(forwarded) >= proxies:
        return forwarded[-proxies]
    return remote
