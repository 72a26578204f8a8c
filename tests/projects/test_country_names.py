"""One spelling per country and language on every page that names a country.

django-countries names Vietnam « Viêt Nam » in French; the organisation's texts (the seed, and
the demo's French) write « Vietnam ». settings.COUNTRIES_OVERRIDE makes django-countries say
so too, so the cards, filters, facts box, map, partners directory, search and open data agree.
"""

import csv
import io
import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation

from projects.models import ProjectPage

pytestmark = pytest.mark.django_db

# Every way of writing the country's name (accents, a space, a hyphen, a no-break space).
VIETNAM = re.compile(r"\bvi[eêệ]t[\s\u00a0\u202f-]*nam\b", re.IGNORECASE)
SPELLING = {"fr": "Vietnam", "en": "Vietnam"}
# One country per language spelt as django-countries has it (checked against the pages too).
OTHERS = {"fr": ["Algérie", "Égypte", "Maroc", "Tunisie"], "en": ["Algeria", "Egypt", "Morocco", "Tunisia"]}
LISTINGS = {"fr": "/fr/projets/", "en": "/en/projects/"}


def text_of(response):
    """What a reader sees: the page's text, or the CSV's cells without its page addresses."""
    assert response.status_code == 200, response.request["PATH_INFO"]
    if response["Content-Type"].startswith("text/html"):
        return BeautifulSoup(response.content, "html.parser").get_text(" ")
    rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    return "\n".join(" | ".join(row[:-1]) for row in rows)


def spellings(text):
    return {match.group(0) for match in VIETNAM.finditer(text)}


def vietnamese_project():
    return ProjectPage.objects.live().filter(countries__contains="VN").order_by("pk").first()


def pages(language):
    """Every page that names countries, in one language."""
    with translation.override(language):
        project = vietnamese_project().get_url()
        csv_url = reverse("opendata_projects_csv")
    listing = LISTINGS[language]
    return {
        "home (map)": f"/{language}/",
        "listing (filters, cards)": listing,
        "listing filtered by country": f"{listing}?country=VN",
        "project page (facts box)": project,
        "search": f"/{language}/search/?q=Vietnam",
        "open data (CSV)": csv_url,
    }


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_page_spells_vietnam_one_way(client, language):
    for name, url in pages(language).items():
        text = text_of(client.get(url))
        found = spellings(text)
        # The country's name (not only free text): each of these pages shows it.
        assert SPELLING[language] in found, f"{name} ({url}) does not name Vietnam"
        assert found == {SPELLING[language]}, f"{name} ({url}) writes {sorted(found)}"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_card_names_the_country_as_its_summary_does(client, language):
    """The card that said « Viêt Nam » beside a summary saying « Vietnam »."""
    page = BeautifulSoup(client.get(f"{LISTINGS[language]}?country=VN").content, "html.parser")
    cards = page.select(".results .card")
    assert cards
    for card in cards:
        assert spellings(card.get_text(" ")) == {SPELLING[language]}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_other_countries_keep_django_countries_names(client, language):
    text = text_of(client.get(LISTINGS[language]))
    for name in OTHERS[language]:
        assert name in text


def test_open_data_gives_one_spelling_per_language(client):
    with translation.override("fr"):
        body = client.get(reverse("opendata_api_projects"), {"country": "VN"}).json()
    names = {
        (language, name)
        for project in body["results"]
        for country in project["countries"]
        if country["code"] == "VN"
        for language, name in country["name"].items()
    }
    assert names == {("fr", "Vietnam"), ("en", "Vietnam")}
    for language in ("fr", "en"):
        with translation.override(language):
            rows = list(
                csv.DictReader(
                    io.StringIO(client.get(reverse("opendata_projects_csv")).content.decode("utf-8-sig"))
                )
            )
        column = "Pays" if language == "fr" else "Countries"
        assert spellings(" ".join(row[column] for row in rows)) == {SPELLING[language]}
