"""The site's URLs plus one view that fails, to check what happens on a server error."""

from django.urls import path

from portfolio.urls import urlpatterns as site_urlpatterns


def broken_view(request):
    raise RuntimeError("boom: a bug in a view")


urlpatterns = [path("broken/", broken_view), *site_urlpatterns]
