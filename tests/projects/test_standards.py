"""The last standards gaps: phone-sized card pictures, feed titles, the home description's cut,
og:image:alt on every page with an og:image, and the listing's page numbers and alternates."""

import re
from xml.etree import ElementTree

import pytest

from projects.models import HomePage
from projects.templatetags.seo_tags import shorten
from tests.html import select

pytestmark = pytest.mark.django_db


def meta(response, attribute, name):
    found = select(response, f'meta[{attribute}="{name}"]')
    return found[0].get("content") if found else None


@pytest.mark.parametrize("path", ["/fr/projets/", "/en/projects/", "/en/"])
def test_cards_on_phones_ask_for_a_picture_their_size(client, path):
    images = select(client.get(path), "img.card__image")
    assert images
    for image in images:
        # Shown 5rem (80 px) wide below 30em: the browser picks the 320 px candidate even at 3x.
        assert image.get("sizes").startswith("(max-width: 29.99em) 5rem,")
        widths = [int(candidate.split()[-1].rstrip("w")) for candidate in image.get("srcset").split(",")]
        assert min(widths) <= 320


@pytest.mark.parametrize("language", ["fr", "en"])
def test_feed_titles_name_a_project_once_with_typographic_apostrophes(client, language):
    root = ElementTree.fromstring(client.get(f"/{language}/feed/").content)
    titles = [item.findtext("title") for item in root.iter("item")] + [root.findtext("channel/title")]
    assert titles
    for title in titles:
        assert "'" not in title, title
        parts = title.split(" \u2013 ")
        assert len(parts) < 2 or parts[0] != parts[1], title
    names = {title.split(" \u2013 ")[0] for title in titles}
    assert "MOBIL\u2019Hanoï" in names or any("\u2019" in title for title in titles)


def test_shorten_cuts_between_words_with_an_ellipsis():
    assert shorten("short text") == "short text"
    text = "word " * 100
    cut = shorten(text, 50)
    assert len(cut) <= 50 and cut.endswith("…")
    assert cut[:-1] == "word " * 9 + "word"
    assert shorten("a" * 400, 300) == "a" * 299 + "…"
    assert shorten("Les projets, les partenaires; et la suite", 25) == "Les projets, les…"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_home_description_is_cut_at_a_word_with_an_ellipsis(client, language):
    response = client.get(f"/{language}/")
    description = meta(response, "name", "description")
    assert description == meta(response, "property", "og:description")
    assert len(description) <= 300
    home = HomePage.objects.get()
    from django.utils import translation

    with translation.override(language):
        full = " ".join(home.meta_description().split())
    if len(full) > 300:
        assert description.endswith("…")
        kept = description[:-1]
        assert full.startswith(kept)
        assert not full[len(kept)].isalnum(), "cut inside a word"
    else:
        assert description == full


@pytest.mark.parametrize(
    "path",
    [
        "/fr/",
        "/en/projects/",
        "/fr/archives/",
        "/en/partners/",
        "/en/open-data/",
        "/fr/donnees-ouvertes/",
    ],
)
def test_every_og_image_has_its_alt(client, path):
    response = client.get(path, follow=True)
    assert response.status_code == 200
    if meta(response, "property", "og:image"):
        assert meta(response, "property", "og:image:alt")


def test_every_project_page_with_an_og_image_has_its_alt(client):
    from projects.models import ProjectPage

    for project in ProjectPage.objects.live().public()[:10]:
        response = client.get(project.url)
        if meta(response, "property", "og:image"):
            assert meta(response, "property", "og:image:alt"), project.title


@pytest.mark.parametrize("page", ["0", "99", "-1", "4"])
def test_a_page_number_out_of_range_is_a_404(client, page):
    assert client.get("/en/projects/", {"page": page}).status_code == 404


def hreflangs(response):
    return [link.get("hreflang") for link in select(response, 'link[rel="alternate"][hreflang]')]


def test_the_canonical_pages_of_the_listing_have_alternates(client):
    assert hreflangs(client.get("/en/projects/")) == ["en", "x-default", "fr"] or set(
        hreflangs(client.get("/en/projects/"))
    ) == {"fr", "en", "x-default"}
    second = client.get("/en/projects/", {"page": "2"})
    assert second.status_code == 200
    assert set(hreflangs(second)) == {"fr", "en", "x-default"}
    assert select(second, 'link[rel="canonical"]')[0].get("href").endswith("/en/projects/?page=2")


@pytest.mark.parametrize("query", [{"page": "1"}, {"country": "XX"}, {"page": "abc"}, {"country": "DZ"}])
def test_a_variant_canonical_elsewhere_has_no_alternates(client, query):
    response = client.get("/en/projects/", query)
    assert response.status_code == 200
    canonical = select(response, 'link[rel="canonical"]')[0].get("href")
    assert not re.search(r"[?&](page=1|country=XX|page=abc)\b", canonical)
    assert hreflangs(response) == []
