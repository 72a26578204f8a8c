"""The site's URLs plus one page that sets a cookie, as a view might (language choice, consent)."""

from django.http import HttpResponse
from django.urls import path

from portfolio.urls import urlpatterns as site_urlpatterns


def sets_a_cookie(request):
    response = HttpResponse("<!DOCTYPE html><title>Cookie</title><p>" + "A page that sets a cookie. " * 20)
    response.set_cookie("choice", "en")
    return response


urlpatterns = [path("sets-a-cookie/", sets_a_cookie), *site_urlpatterns]
