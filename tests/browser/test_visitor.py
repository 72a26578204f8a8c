"""A visitor filters, searches, switches language and opens a project, in a real Chromium."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser


def test_visitor_filters_searches_switches_language_and_opens_a_project(page):
    page.goto("/")
    assert re.search(r"/fr/$", page.url)
    assert page.locator("html").get_attribute("lang") == "fr"

    # Browse to the projects and filter: Vietnam, then ongoing only.
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Tous les projets"
    ).click()
    page.get_by_role("link", name=re.compile(r"^Vi[eê]t ?[Nn]am")).click()
    assert "country=VN" in page.url
    page.get_by_role("navigation", name="Filtrer les projets").get_by_role(
        "link", name=re.compile(r"^En cours")
    ).click()
    assert re.search(r"country=VN&status=current", page.url)
    heading = page.locator("#results-heading").inner_text()
    assert heading.startswith("2 projets")

    # Remove one filter with its chip.
    page.locator(".active-filters__chip", has_text=re.compile(r"Vi[eê]t ?[Nn]am")).click()
    assert "country" not in page.url and "status=current" in page.url

    # Switch to English: the filter is kept, the page speaks English.
    page.get_by_role("link", name="Read this page in English").click()
    assert "/en/projects/?status=current" in page.url
    assert page.locator("html").get_attribute("lang") == "en"

    # Search from the header, with the keyboard.
    search = page.get_by_role("searchbox", name="Search the site")
    search.fill("Algérie")
    search.press("Enter")
    assert "/en/search/?q=Alg" in page.url
    page.get_by_role("link", name=re.compile(r"SAARA")).first.click()

    # The project page: English title, partners, and the French version one click away.
    assert page.locator("h1").inner_text() == "SAARA"
    page.get_by_role("link", name="Lire cette page en français").click()
    assert "/fr/renforcement-de-la-societe-civile/saara/" in page.url


FRENCH_ONLY_SUMMARY = """
from projects.models import ProjectPage
project = ProjectPage.objects.get(slug_en="educational-partnership-hai-ba-trung")
project.summary_fr = "Un partenariat éducatif à Hai Ba Trung."
project.save_revision().publish()
"""


def test_untranslated_page_shows_the_notice_and_marks_french_text(page, browser_site):
    # The demo's past projects have no text to translate: staff write a French summary only.
    browser_site.manage("shell", "-c", FRENCH_ONLY_SUMMARY)
    page.goto("/en/civil-society-strengthening/educational-partnership-hai-ba-trung/")
    assert page.get_by_role("note").inner_text().startswith("In the process of translation")
    assert page.locator(".lead").get_attribute("lang") == "fr"


def test_keyboard_user_reaches_content_with_the_skip_link(page):
    page.goto("/en/projects/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize(
    "path",
    [
        # Every page type in both languages (the home page has the map of where projects are).
        "/fr/",
        "/en/",
        "/fr/migrations-et-integration/",
        "/en/civil-society-strengthening/",
        "/fr/projets/",
        "/en/projects/",
        "/fr/projets/?country=DZ",
        "/en/projects/?country=VN&status=current",
        "/en/projects/?country=EG&program=migration-and-integration",
        "/en/migration-and-integration/migraction/",
        "/fr/egalite-femmes-hommes-et-violences-faites-aux-femmes/acif/",
        "/en/civil-society-strengthening/long-march/",
        "/fr/archives/",
        "/en/archive/",
        "/fr/partenaires/",
        "/en/partners/",
        "/en/search/?q=Vietnam",
        "/fr/search/?q=violences",
        "/fr/search/?q=zzzzqq",
        "/en/search/?q=zzzzqq",
        "/fr/page-inexistante/",
        "/en/no-such-page/",
        "/fr/a-propos/",
        "/en/about/",
        "/fr/contact/",
        "/en/contact/",
        "/fr/mentions-legales/",
        "/en/legal-notice/",
        "/fr/confidentialite/",
        "/en/privacy/",
    ],
)
def test_pages_have_no_accessibility_violations(page, path):
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(path)
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
        # Nothing wider than the screen, down to 320 px.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
