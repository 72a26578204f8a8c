"""On a phone the listing's filters fold behind a native disclosure and the first card is on screen."""

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("url", ["/fr/projets/", "/en/projects/"])
def test_at_375px_the_first_card_is_whole_on_the_first_screen_and_filters_unfold_without_script(
    browser, site_url, url
):
    context = browser.new_context(
        base_url=site_url, locale="fr-FR", viewport={"width": 375, "height": 667}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(url)
    # The whole first card, its picture, name and facts, not only its top edge.
    card = page.locator(".results .card").first
    box = card.bounding_box()
    assert box["y"] > 0 and box["y"] + box["height"] <= 667, box
    for part in (".card__image", ".card__link", ".card__where-when"):
        part_box = card.locator(part).bounding_box()
        assert part_box["y"] + part_box["height"] <= 667, part
    # The header is not cut to make room: the site's name and the menu's button (search and
    # links behind it) are on that screen too.
    for part in (".site-header__name", ".site-menu__toggle"):
        assert page.locator(part).first.bounding_box()["y"] < box["y"], part
    # Nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") == 375
    option = page.locator(".filters__option").first
    assert not option.is_visible()
    page.locator(".filters__summary").click()
    assert option.is_visible()
    context.close()


def test_on_a_wide_screen_the_filters_are_unfolded(page):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/en/projects/?country=VN")
    assert page.locator(".filters__option").first.is_visible()
    assert "(1 active)" in page.locator(".filters__summary").inner_text()
