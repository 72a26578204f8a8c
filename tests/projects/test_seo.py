"""Being found and shared: sitemap, robots.txt, alternates, canonical, social meta, JSON-LD, feeds."""

import json
import re
from xml.etree import ElementTree

import pytest
from django.utils import translation
from wagtail.models import Page, PageViewRestriction

from projects.models import ProjectPage
from tests.html import select

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap_locations(client):
    """The sitemaps listed by the sitemap index at /sitemap.xml."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    return [element.text for element in root.findall("s:sitemap/s:loc", SITEMAP_NS)]


def sitemap_entries(client):
    entries = {}
    for sitemap in sitemap_locations(client):
        response = client.get(sitemap.replace("http://testserver", ""))
        assert response.status_code == 200
        root = ElementTree.fromstring(response.content)
        for url in root.findall("s:url", SITEMAP_NS):
            location = url.find("s:loc", SITEMAP_NS).text
            alternates = {
                link.get("hreflang"): link.get("href") for link in url.findall("x:link", SITEMAP_NS)
            }
            entries[location] = alternates
    return entries


def test_sitemap_lists_every_live_page_in_both_languages_with_alternates(client):
    entries = sitemap_entries(client)
    live = Page.objects.live().filter(depth__gt=1).count()
    # Every live page in both languages, and the open data page (a view) in both.
    assert len(entries) == 2 * live + 2
    for location, alternates in entries.items():
        assert set(alternates) == {"fr", "en", "x-default"}
        assert location in (alternates["fr"], alternates["en"])
        assert alternates["x-default"] == alternates["fr"]


def test_every_sitemap_url_answers_and_points_back(client):
    for location, alternates in sitemap_entries(client).items():
        path = location.replace("http://testserver", "")
        response = client.get(path)
        assert response.status_code == 200, path
        for language in ("fr", "en"):
            assert (
                f'<link rel="alternate" hreflang="{language}" href="{alternates[language]}">' in response.text
            )


def test_drafts_and_private_pages_stay_out_of_the_sitemap(client):
    draft = ProjectPage.objects.get(acronym="SAARA")
    draft.unpublish()
    private = ProjectPage.objects.get(acronym="ACIF")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    text = "".join(client.get(url.replace("http://testserver", "")).text for url in sitemap_locations(client))
    assert "/saara/" not in text
    assert "/acif/" not in text
    assert "/migraction/" in text


def test_the_sitemap_is_split_into_pages_listed_by_the_index(client, monkeypatch):
    from projects.sitemaps import PageSitemap

    live = Page.objects.live().filter(depth__gt=1).count()
    monkeypatch.setattr(PageSitemap, "limit", 10)
    locations = sitemap_locations(client)
    assert locations == [
        "http://testserver/sitemap-pages.xml",
        *[f"http://testserver/sitemap-pages.xml?p={number}" for number in range(2, -(-live // 10) + 1)],
    ]
    # Ten pages per sitemap, each in both languages (the first also has the open data page in
    # both); every page appears once in all.
    first = client.get("/sitemap-pages.xml")
    assert first.text.count("<url>") == 20 + 2
    assert len(sitemap_entries(client)) == 2 * live + 2
    assert client.get(f"/sitemap-pages.xml?p={len(locations) + 1}").status_code == 404
    assert client.get("/sitemap-pages.xml?p=x").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_robots_txt_announces_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.text
    assert "Disallow: /admin/" in response.text


def head(response):
    return response.text.split("</head>")[0]


def test_project_head_has_canonical_social_and_structured_data(client):
    response = client.get("/en/migration-and-integration/migraction/")
    page_head = head(response)
    assert (
        '<link rel="canonical" href="http://testserver/en/migration-and-integration/migraction/">'
        in page_head
    )
    assert (
        '<link rel="alternate" hreflang="x-default" href="http://testserver/fr/migrations-et-integration/migraction/">'
        in page_head
    )
    assert '<meta property="og:type" content="article">' in page_head
    assert '<meta property="og:locale" content="en_GB">' in page_head
    assert re.search(
        r'<meta property="og:image" content="http://testserver/media/images/[^"]+fill-1200x630', page_head
    )
    assert '<meta name="twitter:card" content="summary_large_image">' in page_head
    assert '<meta name="description" content="Migr&#x27;Action enables refugees' in page_head
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page_head).group(1))
    types = [item["@type"] for item in data["@graph"]]
    assert types == ["Organization", "BreadcrumbList"]
    crumbs = data["@graph"][1]["itemListElement"]
    assert [crumb["position"] for crumb in crumbs] == [1, 2, 3]
    assert crumbs[-1]["item"] == "http://testserver/en/migration-and-integration/migraction/"


def test_seo_fields_edited_in_the_admin_win(client):
    project = ProjectPage.objects.get(acronym="SAARA")
    project.seo_title_en = "SAARA – civil society in Algeria"
    project.search_description_en = "An editor's description."
    project.save_revision().publish()
    page_head = head(client.get("/en/civil-society-strengthening/saara/"))
    # After the page's own title, the organisation's name (from its settings: see tests/organisation),
    # or the site's generic name while the name is empty.
    assert "<title>SAARA – civil society in Algeria · Project portfolio</title>" in page_head
    assert '<meta name="description" content="An editor&#x27;s description.">' in page_head
    assert '<meta property="og:title" content="SAARA – civil society in Algeria">' in page_head


def test_feeds_list_the_newest_projects_in_each_language(client):
    for language in ("fr", "en"):
        response = client.get(f"/{language}/feed/")
        assert response.status_code == 200
        channel = ElementTree.fromstring(response.content).find("channel")
        assert channel.find("language").text == language
        items = channel.findall("item")
        assert len(items) == 20
        links = [item.find("link").text for item in items]
        assert all(link.startswith(f"http://testserver/{language}/") for link in links)
    english = client.get("/en/feed/").text
    assert "Supporting young people towards associative sector jobs" in english or "Phu Nu" in english


def test_feed_is_announced_in_every_page_head(client):
    with translation.override("en"):
        url = ProjectPage.objects.get(acronym="ACIF").get_url()
    assert '<link rel="alternate" type="application/rss+xml"' in head(client.get(url))
    assert 'href="/en/feed/"' in head(client.get(url))


def head_links(text):
    """The canonical URL and the hreflang alternates ({language: URL}) of a page's head."""
    page_head = text.split("</head>")[0]
    canonical = re.findall(r'<link rel="canonical" href="([^"]*)">', page_head)
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]*)">', page_head))
    return canonical, alternates


LISTING_VARIANTS = [
    "",
    "?page=1",
    "?page=2",
    "?page=abc",
    "?program=migrations-et-integration",
    "?program=migration-and-integration&page=1",
    "?country=FR",
    "?status=archived&page=2",
    "?program=nothing",
    "?utm_source=newsletter",
]


@pytest.mark.parametrize("language, path", [("fr", "/fr/projets/"), ("en", "/en/projects/")])
def test_canonical_and_hreflang_agree_on_every_listing_variant(client, language, path):
    for variant in LISTING_VARIANTS:
        response = client.get(path + variant)
        assert response.status_code == 200, variant
        canonical, alternates = head_links(response.text)
        assert len(canonical) == 1, variant
        if alternates:
            # The alternates are the canonical URL's own versions.
            assert alternates[language] == canonical[0], variant
            assert set(alternates) == {"fr", "en", "x-default"}
    filtered = client.get(path + "?country=FR")
    canonical, alternates = head_links(filtered.text)
    assert canonical == [f"http://testserver{path}"]
    assert alternates == {}


def test_later_pages_of_the_listing_are_canonical_to_themselves(client):
    canonical, alternates = head_links(client.get("/en/projects/?page=2").text)
    assert canonical == ["http://testserver/en/projects/?page=2"]
    assert alternates["fr"] == "http://testserver/fr/projets/?page=2"
    canonical, _alternates = head_links(client.get("/en/projects/?page=1").text)
    assert canonical == ["http://testserver/en/projects/"]


def test_pages_with_a_stray_query_string_have_alternates_without_it(client):
    canonical, alternates = head_links(client.get("/en/migration-and-integration/migraction/?ref=x").text)
    assert canonical == ["http://testserver/en/migration-and-integration/migraction/"]
    assert alternates["en"] == canonical[0]


def switcher_links(text):
    return [link.get("href") for link in select(text, "a.language-switcher__link[href]")]


def test_the_language_switcher_translates_the_program_slug(client):
    english = client.get("/en/projects/?program=migrations-et-integration&country=FR")
    assert switcher_links(english.text) == ["/fr/projets/?program=migrations-et-integration&country=FR"]
    french = client.get("/fr/projets/?program=migrations-et-integration&page=1")
    assert switcher_links(french.text) == ["/en/projects/?program=migration-and-integration"]
    french = client.get("/fr/projets/?program=migration-and-integration&status=current")
    expected = "/en/projects/?program=migration-and-integration&status=current"
    assert switcher_links(french.text) == [expected]
    # A search's terms still carry over.
    assert switcher_links(client.get("/en/search/?q=women").text) == ["/fr/search/?q=women"]


def test_the_404_page_has_no_alternates(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert 'rel="alternate" hreflang' not in response.text
    assert '<link rel="canonical"' not in response.text


def test_search_results_list_has_its_native_role(client):
    response = client.get("/en/search/?q=women")
    assert '<ol class="search-results">' in response.text
    assert 'role="list"' not in response.text


def untranslated_project():
    """A live project whose English summary is empty: its English fields fall back to French."""
    project = ProjectPage.objects.live().filter(summary_en="").exclude(summary_fr="").first()
    assert project is not None
    return project


def test_english_head_of_an_untranslated_project_is_english(client):
    project = untranslated_project()
    with translation.override("en"):
        url = project.get_url()
        program = project.get_parent().title
    page_head = head(client.get(url))
    french = project.summary_fr[:40]
    assert french not in page_head
    description = re.search(r'<meta name="description" content="([^"]*)">', page_head).group(1)
    assert description.startswith("Project: ")
    assert f"Program: {program}." in description.replace("&#x27;", "'")
    assert re.search(r"Dates: [^.]*\d{4}", description)
    assert f'<meta property="og:description" content="{description}">' in page_head
    # The French page keeps its French summary.
    with translation.override("fr"):
        french_url = project.get_url()
    assert french in head(client.get(french_url)).replace("&#x27;", "'")


def test_english_feed_marks_untranslated_items(client):
    project = untranslated_project()
    ProjectPage.objects.live().exclude(pk=project.pk).update(first_published_at="2000-01-01T00:00Z")
    channel = ElementTree.fromstring(client.get("/en/feed/").content).find("channel")
    item = channel.find("item")
    # Feed titles have typographic apostrophes.
    assert item.find("title").text.replace("\u2019", "'").endswith(project.title_en or project.title_fr)
    description = item.find("description").text
    assert project.summary_fr[:40] not in description
    assert description.startswith("Project: ")
    assert description.endswith("Not yet translated: the full description is in French.")
    assert "Not yet translated" in [category.text for category in item.findall("category")]
    french = ElementTree.fromstring(client.get("/fr/feed/").content).find("channel").find("item")
    assert french.find("description").text == project.summary_fr
    assert "Pas encore traduit" not in [category.text for category in french.findall("category")]


@pytest.mark.parametrize(("url", "language"), [("/fr/a-propos/", "fr"), ("/en/about/", "en")])
def test_a_content_page_without_introduction_is_described_by_its_first_paragraph(client, url, language):
    from organisation.models import ContentPage

    page = ContentPage.objects.get(slug_en="about")
    assert not page.introduction_fr and not page.search_description_fr
    first = next(block for block in getattr(page, f"body_{language}") if block.block_type == "paragraph")
    text = re.sub(r"<[^>]+>", "", first.value.source)
    description = re.search(r'<meta name="description" content="([^"]*)">', head(client.get(url)))
    assert description, url
    words = text.split()[:6]
    assert " ".join(words).replace("'", "&#x27;") in description.group(1)


def test_a_content_page_with_french_text_only_has_no_description_in_english(client):
    from organisation.models import ContentPage

    page = ContentPage.objects.get(slug_en="about")
    page.body_en = []
    page.save_revision().publish()
    english = head(client.get("/en/about/"))
    assert '<meta name="description"' not in english
    assert '<meta name="description"' in head(client.get("/fr/a-propos/"))
