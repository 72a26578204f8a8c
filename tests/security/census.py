"""The URL census's machinery: walk every URL pattern, fill its parameters with real objects,
request it as each role with each method, and class the answer.

The decisions themselves are in census_decisions.py; the tests in test_url_census.py.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages import constants as message_levels
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver

ROLES = ("anonymous", "translator", "editor", "administrator", "superuser")
METHODS = ("GET", "POST")

# Outcome classes, one letter each.
ALLOWED = "A"  # 2xx, or a redirect that is not a refusal (a form saved, a step done)
BAD_REQUEST = "B"  # 400: the view ran and refused the input
LOGIN = "L"  # sent to a sign-in form
FORBIDDEN = "F"  # 403, or the admin's "permission denied" redirect with an error message
NOT_FOUND = "N"  # 404
METHOD_NOT_ALLOWED = "M"  # 405
ERROR = "E"  # 5xx: a crash, allowed only where a decision names it (Wagtail's, on an empty form)
CLASSES = {ALLOWED, BAD_REQUEST, LOGIN, FORBIDDEN, NOT_FOUND, METHOD_NOT_ALLOWED, ERROR}

LOGIN_PATHS = ("/admin/login/", "/fr/_util/login/", "/en/_util/login/")


def walk(patterns=None, prefix=""):
    """(route, pattern) for every URL pattern the resolver knows, includes followed."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, route)
        else:
            yield route, pattern


def outcome(response):
    """The class of one answer (see the letters above)."""
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        location = response["Location"]
        path = re.sub(r"^https?://[^/]+", "", location)
        if path.startswith(LOGIN_PATHS):
            return LOGIN
        if path == f"/fr{response.wsgi_request.path}":
            # Not found outside the language prefix: LocaleMiddleware tries it under /fr/.
            return NOT_FOUND
        # Only the messages this request added (not ones left over from an earlier answer).
        storage = getattr(response.wsgi_request, "_messages", None)
        added = getattr(storage, "_queued_messages", [])
        errors = [message for message in added if message.level == message_levels.ERROR]
        return FORBIDDEN if errors else ALLOWED
    if status == 400:
        return BAD_REQUEST
    if status == 403:
        return FORBIDDEN
    if status == 404:
        return NOT_FOUND
    if status == 405:
        return METHOD_NOT_ALLOWED
    if status >= 500:
        return ERROR
    return ALLOWED


@dataclass
class Census:
    clients: dict
    users: dict

    def request(self, role, method, url):
        """One request, rolled back: nothing it changes (a deletion…) reaches the next one."""
        client = self.clients[role]
        session = client.cookies.get(settings.SESSION_COOKIE_NAME)
        with transaction.atomic():
            response = client.get(url) if method == "GET" else client.post(url, {})
            result = outcome(response)
            transaction.set_rollback(True)
        client.cookies.pop("messages", None)  # what this answer left for the next page
        user = self.users.get(role)
        if user is not None and client.cookies.get(settings.SESSION_COOKIE_NAME) != session:
            client.force_login(user)  # signed out, or a new session: the role's session again
        return result


def make_clients(users):
    clients = {"anonymous": Client(raise_request_exception=False)}
    for role, user in users.items():
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients[role] = client
    return clients


def parse_decision(text):
    """ "GET:LFFAA POST:LFFAA" → {("GET", role): letter}."""
    decision = {}
    for part in text.split():
        method, letters = part.split(":")
        assert len(letters) == len(ROLES), text
        for role, letter in zip(ROLES, letters, strict=True):
            assert letter in CLASSES, text
            decision[(method, role)] = letter
    return decision


def format_decision(observed):
    return " ".join(f"{method}:" + "".join(observed[(method, role)] for role in ROLES) for method in METHODS)
