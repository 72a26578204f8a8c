"""The style guide answers in development only."""

import pytest

from tests.html import select

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/fr/styleguide/", "/en/styleguide/"])
def test_the_style_guide_answers_in_debug_with_every_component(client, settings, url):
    settings.DEBUG = True
    response = client.get(url)
    assert response.status_code == 200
    for selector in (
        ".card",
        ".card--compact",
        ".facts",
        ".badge",
        ".translation-notice",
        ".monogram",
        "form.search-form",
        "img.motif",
    ):
        assert select(response, selector), selector
    assert len(select(response, "img.motif")) == 4
    assert '<meta name="robots" content="noindex">' in response.text


@pytest.mark.parametrize("url", ["/fr/styleguide/", "/en/styleguide/"])
def test_the_style_guide_is_a_404_in_production(client, settings, url):
    settings.DEBUG = False
    assert client.get(url).status_code == 404
