"""The public pages' layout in a real browser: a phone header of at most 120 px whose menu opens
without script, a project's first paragraph on a phone's first screen, the facts in a column
beside the text on a desktop, cards whose titles line up, and no bracketed placeholder.
Every public page type is kept as a full-page screenshot at 375 and 1280 px in $SCREENSHOTS_DIR
(a temporary folder by default) to be looked at."""

import os
import re
import tempfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(os.environ.get("SCREENSHOTS_DIR", Path(tempfile.gettempdir()) / "portfolio-screens"))
PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 800}
HOMES = ["/fr/", "/en/"]
# The longest title (five lines on a phone), and the project with the most partners.
PROJECTS = [
    "/fr/migrations-et-integration/migraction/",
    "/en/migration-and-integration/migraction/",
    "/fr/egalite-femmes-hommes-et-violences-faites-aux-femmes/acif/",
    "/en/gender-equality-and-violence-against-women/acif/",
    "/en/gender-equality-and-violence-against-women/gender-based-violence-in-vietnam/",
]
# As tests/organisation/test_go_live.py: text meant for staff, in brackets.
PLACEHOLDER = re.compile(r"\[\s*(?:à compléter|a completer|to complete|todo|tbd|nom|name|xxx)[^\]]*\]", re.I)


@pytest.fixture
def phone(browser, site_url):
    """A phone-sized tab with script off: the menu must open without it."""
    context = browser.new_context(
        base_url=site_url, locale="fr-FR", viewport=PHONE, java_script_enabled=False
    )
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def desktop(browser, site_url):
    context = browser.new_context(base_url=site_url, locale="fr-FR", viewport=DESKTOP)
    tab = context.new_page()
    yield tab
    context.close()


def no_sideways_scroll(tab):
    return tab.evaluate("document.documentElement.scrollWidth") == tab.viewport_size["width"]


@pytest.mark.parametrize("url", [*HOMES, PROJECTS[0], PROJECTS[1]])
def test_on_a_phone_the_header_is_at_most_120px_and_its_menu_opens_without_script(phone, url):
    phone.goto(url)
    header = phone.locator(".site-header").bounding_box()
    assert header["height"] <= 120, header
    toggle = phone.locator("summary.site-menu__toggle")
    assert toggle.is_visible()
    links = phone.locator(".site-nav__link")
    assert links.count() >= 3
    assert not links.first.is_visible()
    assert no_sideways_scroll(phone)

    toggle.click()
    assert phone.locator(".site-menu").get_attribute("open") is not None
    # Every link of the menu, the search field and the other language, whole on the screen.
    for item in [*links.all(), phone.locator("#search-header-q"), phone.locator(".language-switcher__link")]:
        assert item.is_visible()
        box = item.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
        assert box["y"] + box["height"] <= PHONE["height"], box
    assert no_sideways_scroll(phone)
    # Closed again by the same button.
    toggle.click()
    assert not links.first.is_visible()


def test_the_menu_button_is_a_keyboard_button(phone):
    phone.goto("/en/")
    toggle = phone.locator("summary.site-menu__toggle")
    assert toggle.inner_text().strip() == "Menu"
    phone.keyboard.press("Tab")  # the skip link
    phone.keyboard.press("Tab")  # the site's name
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.classList.contains('site-menu__toggle')")
    phone.keyboard.press("Enter")
    assert phone.locator(".site-nav__link").first.is_visible()
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.classList.contains('site-nav__link')")


@pytest.mark.parametrize("url", HOMES)
def test_on_a_desktop_the_menu_search_and_languages_are_shown_unfolded(desktop, url):
    desktop.goto(url)
    assert not desktop.locator("summary.site-menu__toggle").is_visible()
    for selector in (".site-nav__link", "#search-header-q", ".language-switcher__link"):
        assert desktop.locator(selector).first.is_visible(), selector
    assert desktop.locator(".site-header").bounding_box()["height"] <= 140


@pytest.mark.parametrize("url", PROJECTS)
def test_on_a_phone_a_projects_first_paragraph_is_on_the_first_screen(phone, url):
    phone.goto(url)
    first = phone.locator(".project__layout :is(.lead, .prose p, .coming-soon)").first
    assert first.bounding_box()["y"] < PHONE["height"]
    assert phone.locator("dl.facts").bounding_box()["y"] < first.bounding_box()["y"]
    assert no_sideways_scroll(phone)


@pytest.mark.parametrize("url", PROJECTS[1:4])
def test_on_a_desktop_the_facts_are_a_column_beside_the_text(desktop, url):
    desktop.goto(url)
    lead = desktop.locator(".project__layout > .lead").bounding_box()
    body = desktop.locator(".project__layout > .prose").bounding_box()
    text = {
        "x": lead["x"],
        "y": lead["y"],
        "width": max(lead["x"] + lead["width"], body["x"] + body["width"]) - lead["x"],
        "height": body["y"] + body["height"] - lead["y"],
    }
    facts = desktop.locator("dl.facts").bounding_box()
    title = desktop.locator(".project h1").bounding_box()
    # To the right of the text, within its height, and not a row across the page.
    assert facts["x"] >= text["x"] + text["width"], (facts, text)
    assert text["y"] <= facts["y"] < text["y"] + text["height"]
    assert facts["width"] < 400
    # The text starts right under the title: no empty band above it.
    assert text["y"] - (title["y"] + title["height"]) < 80
    # Every fact's term starts at the same left edge (one column).
    terms = desktop.locator("dl.facts dt").all()
    lefts = {round(term.bounding_box()["x"]) for term in terms}
    assert len(lefts) == 1, lefts


@pytest.mark.parametrize("url", ["/en/projects/", "/fr/projets/", "/fr/", "/en/migration-and-integration/"])
def test_cards_in_one_row_have_their_titles_at_the_same_height(desktop, url):
    desktop.goto(url)
    cards = desktop.locator(".card-grid .card").all()
    rows = {}
    for card in cards:
        box = card.bounding_box()
        rows.setdefault(round(box["y"]), []).append(card)
    full_rows = [row for row in rows.values() if len(row) > 1]
    assert full_rows, rows.keys()
    for row in full_rows:
        for part in (".card__link", ".card__where-when"):
            tops = {round(card.locator(part).bounding_box()["y"]) for card in row}
            assert len(tops) == 1, (part, tops)


PAGE_TYPES = [
    "/fr/",
    "/en/",
    "/fr/migrations-et-integration/",
    "/en/migration-and-integration/",
    "/fr/projets/",
    "/en/projects/",
    "/fr/migrations-et-integration/migraction/",
    "/en/migration-and-integration/migraction/",
    "/fr/archives/",
    "/en/archive/",
    "/fr/partenaires/",
    "/en/partners/",
    "/fr/search/?q=Vietnam",
    "/en/search/?q=Vietnam",
    "/fr/a-propos/",
    "/en/about/",
    "/fr/pas-de-page/",
    "/en/no-such-page/",
]


def test_no_public_page_type_shows_a_bracketed_placeholder_to_a_reader(desktop):
    for url in PAGE_TYPES:
        response = desktop.goto(url)
        assert response.status == (404 if "page" in url else 200), url
        shown = desktop.evaluate("document.body.innerText") + " " + desktop.title()
        assert not PLACEHOLDER.search(shown), url


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375px", "1280px"])
def test_every_public_page_type_fits_the_screen_and_is_kept_as_a_screenshot(browser, site_url, viewport):
    context = browser.new_context(base_url=site_url, viewport=viewport)
    tab = context.new_page()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for url in PAGE_TYPES:
        tab.goto(url)
        assert no_sideways_scroll(tab), url
        name = re.sub(r"[^a-z0-9-]+", "_", url.strip("/").lower())
        tab.screenshot(path=SCREENSHOTS / f"public-{name}-{viewport['width']}.png", full_page=True)
    context.close()
