"""Values every template needs; each is lazy so a page that does not show it pays no query."""

from django.utils.functional import SimpleLazyObject

from . import selectors


def navigation(request):
    return {"navigation": SimpleLazyObject(lambda: selectors.navigation(request))}
