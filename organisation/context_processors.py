"""The organisation's identity for every template; lazy, so a page that does not show it pays no query."""

from django.utils.functional import SimpleLazyObject

from . import selectors


def organisation(request):
    return {"organisation": SimpleLazyObject(lambda: selectors.identity(request))}
