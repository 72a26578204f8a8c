"""On a phone the listing's filters fold behind a native disclosure and the first card is on screen."""

import pytest

pytestmark = pytest.mark.browser


def test_at_375px_the_first_card_is_on_the_first_screen_and_filters_unfold_without_script(browser, site_url):
    context = browser.new_context(
        base_url=site_url, locale="fr-FR", viewport={"width": 375, "height": 667}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/fr/projets/")
    first_card = page.locator(".card").first.bounding_box()
    assert first_card["y"] < 667
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
