"""Which address a request comes from, the same way for every rate limit."""

from django.conf import settings


def client_ip(request):
    """The visitor's address: REMOTE_ADDR, or the one the trusted proxies in front recorded.

    X-Forwarded-For is written by the client as much as by proxies, so only the entries
    added by the TRUSTED_PROXY_COUNT proxies of our own (the rightmost ones) are believed;
    without proxies (the default) the header is ignored and cannot be used to dodge a lock-out.
    """
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    remote = request.META.get("REMOTE_ADDR", "")
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if len(forwarded) >= proxies:
        return forwarded[-proxies]
    return remote
